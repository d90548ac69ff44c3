"""The Hyperscan column scanner: sent to another process with its compiled database."""

from __future__ import annotations

import pickle
import random
import re
from dataclasses import replace

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.index.mark_patterns import literal_expression, word_bounded
from truemark.index.scanner import Column, Hits, Scanner, prepare
from truemark.io.text import arrow_string_buffers

TEXTS = pl.Series(["xgucci louis  vuitton", "GUCCI", None, "no mark here"], dtype=pl.String)


def scanner() -> Scanner:
    return Scanner([r"\bgucci\b", r"\blouis\s+vuitton\b"], [(True, True), (True, True)])


def as_rows(hits: Hits) -> list[tuple[int, int, int, int]]:
    return sorted(as_found(hits))


def test_a_pickled_scanner_loads_its_database_and_finds_the_same() -> None:
    original = scanner()
    copy = pickle.loads(pickle.dumps(original))
    assert (
        as_rows(copy.scan(TEXTS)) == as_rows(original.scan(TEXTS)) == [(0, 1, 7, 21), (1, 0, 0, 5)]
    )


def test_a_database_this_platform_cannot_load_is_compiled_again() -> None:
    original = scanner()
    expressions, bounded, _compiled = original.__reduce__()[1]
    assert original.engine is not None
    broken = (original.engine, b"not a hyperscan database")
    rebuilt = Scanner(expressions, bounded, compiled=(broken, broken))
    assert rebuilt.engine == original.engine
    assert as_rows(rebuilt.scan(TEXTS)) == as_rows(original.scan(TEXTS))


def test_an_empty_scanner_pickles_and_finds_nothing() -> None:
    empty = pickle.loads(pickle.dumps(Scanner([], [])))
    assert len(empty.scan(TEXTS).row) == 0


def _bounded_expression(term: str, any_spacing: bool) -> str:
    """A term with Hyperscan's own ``\\b`` at its word-character edges, as expressions were."""
    left, right = word_bounded(term)
    body = (r"\s+" if any_spacing else " ").join(re.escape(word) for word in term.split())
    return (r"\b" if left else "") + body + (r"\b" if right else "")


@pytest.mark.parametrize("any_spacing", [False, True])
def test_boundaries_checked_on_the_hits_are_hyperscans_own(any_spacing: bool) -> None:
    """Patterns without ``\\b`` find what the same patterns with it find, in the same order,
    on texts built to test the edges: underscores (a word character), the Kelvin sign and the
    long s (caseless look-alikes of "k" and "s" that are no word characters), digits, accents,
    runs of blanks between words, words that overlap themselves ("kk" in "kkk")."""
    rng = random.Random(5)
    letters = ["k", "s", "a", "1", "_", " ", " ", "\t", "-", "\u212a", "\u017f", "é", "K", "\n"]
    words = ["k", "s", "a", "1", "ks", "kk", "sa", "a1", "_k", "k_", "é", "sé", "éa", "kak"]
    terms = sorted({" ".join(rng.choices(words, k=rng.randint(1, 3))) for _ in range(80)})
    texts = pl.Series(["".join(rng.choices(letters, k=rng.randint(0, 30))) for _ in range(4000)])
    bounded = [word_bounded(term) for term in terms]
    with_b = Scanner([_bounded_expression(term, any_spacing) for term in terms], bounded)
    plain = [literal_expression(term, any_spacing) for term in terms]
    assert not any(r"\b" in expression for expression in plain)
    found = as_found(Scanner(plain, bounded).scan(texts))
    assert found == as_found(with_b.scan(texts))
    assert len(found) > 1000


def test_a_look_alike_at_a_term_edge_never_begins_or_ends_a_word() -> None:
    """A caseless "k" matches the Kelvin sign, which is no word character: after an underscore
    Hyperscan's ``\\b`` holds there, but the scanner counts no such hit (the folded text has
    the mark, as obfuscated)."""
    texts = pl.Series(["_\u212a_", "_\u212aa", "a\u212a_", "\u212a", "_k_", "ka"])
    found = as_found(Scanner(["k", "ka", "ak"], [(True, True)] * 3).scan(texts))
    assert found == [(5, 1, 0, 2)]  # "ka" alone: the Kelvin sign never counts, not even alone


def as_found(hits: Hits) -> list[tuple[int, int, int, int]]:
    """Hits in the order the scanner gives them."""
    columns = (hits.row, hits.pattern, hits.start, hits.end)
    return list(zip(*(column.tolist() for column in columns), strict=True))


@pytest.mark.parametrize("separated", [True, False])
def test_columns_join_rows_as_their_texts_would(separated: bool) -> None:
    texts = pl.Series(["Gucci bag", "", "古驰 包", "r0lex", None, "LV"])
    parts = [texts.slice(1, 3), texts.head(1), texts.slice(0, 0)]  # a slice starts past byte 0
    joined = Column.concat([prepare(part, separated) for part in parts])
    rows = ["", "古驰 包", "r0lex", "Gucci bag"]
    end = "\n" if separated else ""
    assert joined.separated == separated
    assert _rows_of(joined) == [row + end for row in rows]
    assert joined.offsets.tolist() == [0, *np.cumsum([len((row + end).encode()) for row in rows])]
    scanner = Scanner([literal_expression("gucci")], [(True, True)])
    assert scanner.literal
    assert scanner.scan(joined).row.tolist() == [3]  # a joined column scans like any other


def test_a_set_with_assertions_scans_separated_rows_only() -> None:
    """A literal set scans rows with or without newlines between them; a set with Hyperscan's
    own ``\\b`` (or any class) needs them, and is refused rows without."""
    texts = pl.Series(["xgucci", "gucci", "louis  vuitton"])
    assert not scanner().literal
    assert as_rows(scanner().scan(texts)) == [(1, 0, 0, 5), (2, 1, 0, 14)]
    with pytest.raises(ValueError, match="separated rows only"):
        scanner().scan(prepare(texts, separated=False))


def _rows_of(column: Column) -> list[str]:
    return [
        column.values[column.offsets[i] : column.offsets[i + 1]].tobytes().decode()
        for i in range(len(column.offsets) - 1)
    ]


@pytest.mark.parametrize("seed", range(20))
def test_taken_and_spliced_rows_are_those_of_the_texts(seed: int) -> None:
    """A column's rows taken, or replaced by another column's, are what preparing the texts
    taken or replaced gives; a sliced column (offsets past its buffer's start) too."""
    rng = random.Random(seed)
    words = ["Gucci", "古驰", "", "r0lex bag", "é", "x" * 40]
    texts = pl.Series([rng.choice(words) for _ in range(rng.randint(1, 30))], dtype=pl.String)
    start = rng.randint(0, len(texts) - 1)
    base = texts.slice(start)
    rows = np.array(sorted(rng.sample(range(len(base)), rng.randint(0, len(base)))), dtype=int)
    new = pl.Series([rng.choice(words) + "!" for _ in rows], dtype=pl.String)
    spliced = prepare(base).splice(rows, prepare(new))
    expected = base.clone().scatter(rows, new) if len(rows) else base
    assert _rows_of(spliced) == _rows_of(prepare(expected))
    order = np.array([rng.randrange(len(base)) for _ in range(rng.randint(0, 10))], dtype=int)
    taken = prepare(base).take(order)
    assert _rows_of(taken) == _rows_of(prepare(base.gather(order)))
    # the rows known ASCII follow their rows; a row from a column that knows none is not
    known = replace(prepare(base), ascii=_ascii(base))
    assert known.take(order).ascii.tolist() == _ascii(base.gather(order)).tolist()
    told = known.splice(rows, replace(prepare(new), ascii=_ascii(new)))
    assert told.ascii.tolist() == _ascii(expected).tolist()
    untold = known.splice(rows, prepare(new)).ascii
    assert untold.tolist() == [a and i not in rows for i, a in enumerate(_ascii(base))]
    assert prepare(base).splice(rows, prepare(new)).ascii is None
    both = Column.concat([known, replace(prepare(new), ascii=_ascii(new))]).ascii
    assert both.tolist() == _ascii(pl.concat([base, new])).tolist()
    assert Column.concat([known, prepare(new)]).ascii is None


def _ascii(texts: pl.Series) -> np.ndarray:
    return np.array([text.isascii() for text in texts.to_list()], dtype=bool)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.none() | st.text(alphabet=st.sampled_from(["a", "Z", "~", "\x7f", "é", "中", "😀"])),
        max_size=30,
    ),
    st.integers(0, 3),
)
def test_ascii_found_is_rows_of_ascii_bytes(texts: list[str | None], skip: int) -> None:
    """Rows of every length (words of eight bytes, the last overlapping, and shorter rows),
    a non-ASCII character anywhere, nulls as empty rows (prepared) or as the bytes Arrow
    keeps for them (none here), a column whose offsets start inside its buffer, rows separated
    or not."""
    series = pl.Series(texts, dtype=pl.String)
    expected = [text is None or text.isascii() for text in series.to_list()][skip:]
    inside = pa.array(texts, type=pa.large_string()).slice(skip)  # offsets from past 0
    offsets, values = arrow_string_buffers(inside)
    assert Column(values, offsets).with_ascii().ascii_rows().tolist() == expected
    for separated in (False, True):
        column = prepare(series.slice(skip), separated=separated)
        found = column.with_ascii()
        assert found.ascii_rows().tolist() == expected
        assert found.with_ascii() is found  # a known mask is kept, not found again


SPACED = ["louis vuitton", "saint laurent paris", "tiffany & co.", "gucci", "k a"]


def _as_written(terms: list[str]) -> Scanner:
    """The terms' any-spacing expressions scanned as written: a group hides them from the
    one-space rewriting (:func:`~truemark.index.mark_patterns.spaced_words` is None)."""
    return Scanner(
        [f"(?:{literal_expression(term)})" for term in terms], list(map(word_bounded, terms))
    )


def _spaced(terms: list[str]) -> Scanner:
    return Scanner([literal_expression(term) for term in terms], list(map(word_bounded, terms)))


def test_terms_split_by_any_whitespace_are_found_as_written() -> None:
    """Words of a term split by one space are found by the one-space literal; by a tab, a
    newline or several blanks, by scanning that row again with the term as written."""
    texts = pl.Series(
        [
            "Louis Vuitton bag", "louis\tvuitton", "LOUIS  VUITTON", "louis \n vuitton",
            "xlouis  vuitton", "saint laurent\t paris", "saint\tlaurent", "tiffany  &\tco. ring",
            "louis", "vuitton", "gucci louis  vuitton louis vuitton", "k\u212a a",
        ],
    )  # fmt: skip
    found = as_found(_spaced(SPACED).scan(texts))
    assert found == as_found(_as_written(SPACED).scan(texts))
    assert [(row, pattern) for row, pattern, _, _ in found] == [
        (0, 0), (1, 0), (2, 0), (3, 0), (5, 1), (7, 2), (10, 3), (10, 0), (10, 0),
    ]  # fmt: skip
    assert [(start, end) for row, _, start, end in found if row == 10] == [
        (0, 5),
        (6, 20),
        (21, 34),
    ]


def test_a_row_ended_by_a_trigger_finds_no_term_in_the_next() -> None:
    """ "louis" ending one row (with or without blanks after it) and "vuitton" starting the
    next is no match, with rows separated by newlines (a set as written) or not (literals)."""
    texts = pl.Series(["louis", "vuitton", "louis ", " vuitton", "louis\t", "\tvuitton"])
    assert len(_spaced(SPACED).scan(texts).row) == 0
    assert len(_as_written(SPACED).scan(texts).row) == 0


def test_a_pickled_scanner_with_spaced_terms_finds_the_same() -> None:
    original = _spaced(SPACED)
    copy = pickle.loads(pickle.dumps(original))
    texts = pl.Series(["louis\tvuitton", "louis vuitton", "saint  laurent  paris"])
    assert as_found(copy.scan(texts)) == as_found(original.scan(texts))
    assert len(copy.scan(texts).row) == 3


_BLANKS = st.sampled_from([" ", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\u00a0", "\u2003"])
_WORDS = ["ab", "b", "a_", "é", "k", "&", "ba"]


@st.composite
def _spaced_cases(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Terms of one to three short words, and texts that write some of them with any blanks
    between the words (or a look-alike "k", or no blank), between other words and blanks."""
    word = st.sampled_from(_WORDS)
    terms = draw(st.lists(st.lists(word, min_size=1, max_size=3), min_size=1, max_size=5))
    piece = st.one_of(word, st.sampled_from(["a", "\u212a", "_", "x"]), _BLANKS)
    texts = []
    for _ in range(draw(st.integers(1, 20))):
        parts = draw(st.lists(piece, max_size=4))
        for words in draw(st.lists(st.sampled_from(terms), max_size=2)):
            for number, part in enumerate(words):
                blanks = draw(st.lists(_BLANKS, min_size=0 if number else 1, max_size=3))
                parts += [*blanks, "\u212a" if part == "k" and draw(st.booleans()) else part]
            parts += draw(st.lists(piece, max_size=2))
        texts.append("".join(parts))
    return list(dict.fromkeys(" ".join(words) for words in terms)), texts


@settings(max_examples=200, deadline=None)
@given(case=_spaced_cases())
def test_spaced_terms_scan_as_written(case: tuple[list[str], list[str]]) -> None:
    """The one-space literal, its triggers and the rows scanned again find what the terms as
    written find, in the same order, on texts of the terms' words and every kind of blank."""
    terms, texts = case
    column = pl.Series(texts, dtype=pl.String)
    assert as_found(_spaced(terms).scan(column)) == as_found(_as_written(terms).scan(column))


def test_a_match_across_two_rows_is_none_and_hides_none() -> None:
    """Rows lie one after another with nothing between: a term that only the join of two rows
    spells is no match, and a match inside a row is found next to one (of any term kind)."""
    terms = ["gucci", "louis vuitton", "kk"]
    texts = pl.Series(["bag gu", "cci", "louis", "vuitton", "louis\t", "vuitton x", "k", "kk"])
    found = as_found(_spaced(terms).scan(texts))
    assert found == [(7, 2, 0, 2)]
    assert found == as_found(_as_written(terms).scan(texts))
    alone = [
        (row, *hit[1:])
        for row in range(len(texts))
        for hit in as_found(_spaced(terms).scan(texts.slice(row, 1)))
    ]
    assert alone == found  # each row scanned alone finds what the column finds


@pytest.mark.parametrize("seed", range(10))
def test_a_literal_set_finds_starts_by_width_in_any_row(seed: int) -> None:
    """A literal set is scanned without start of match: its hits (word edges checked at the
    start it works out) are those of the same terms scanned with start of match, whether the
    column knows its ASCII rows or not, in rows with wider characters ("ſ" and the Kelvin sign
    match "s" and "k" caselessly), and each is where Python finds its term."""
    rng = random.Random(seed)
    terms = ["gucci", "高仿", "kors", "louis vuitton", "sac", "è", "ss"]
    pieces = [
        "gucci", "GUCCI", "ſac", "ſAC", "\u212aors", "kors", "高仿", "è", "É", "x", " ", "é",
        "louis  vuitton", "louis vuitton", "ſs", "_", "ss",
    ]  # fmt: skip
    texts = pl.Series(["".join(rng.choices(pieces, k=rng.randint(0, 6))) for _ in range(60)])
    bounded = [word_bounded(term) for term in terms]
    literal = Scanner([literal_expression(t) for t in terms], bounded)
    assert literal.literal
    column = prepare(texts, separated=False)
    found = as_rows(literal.scan(column))
    assert as_rows(literal.scan(replace(column, ascii=_ascii(texts)))) == found
    assert found == as_rows(_as_written(terms).scan(texts))  # start of match, separated rows
    assert len(found) > 10
    for row, pattern, start, end in found:
        text = texts[row].encode()[start:end].decode()
        folded = text.casefold().replace("ſ", "s").replace("\u212a", "k")
        assert folded.split() == terms[pattern].split()


def test_a_null_scans_as_an_empty_row_whatever_bytes_it_hides() -> None:
    """polars' ``scatter`` of a null leaves the old bytes under it: they are not scanned."""
    hidden = pl.Series(["gucci bag", "gucci", "ok"]).scatter([1], None)
    for separated in (False, True):
        column = prepare(hidden, separated=separated)
        assert np.diff(column.offsets).tolist()[1] == int(separated)
    hits = Scanner(["gucci"], [(True, True)]).scan(hidden)
    assert hits.row.tolist() == [0]
