"""The one-pass fold table gives exactly what the full fold gives, contextual texts included."""

from __future__ import annotations

import pickle

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.code_points import every_character
from truemark.detect.fold_kernel import _lower_case_only, fold_utf8
from truemark.detect.fold_table import FoldTable, _ascii_folds, fold_table
from truemark.detect.normalize import fold_column
from truemark.index.scanner import prepare
from truemark.io.text import large_string_buffers, string_series

# neighbours that stress every step: case, accents, compatibility forms, homoglyphs, invisible
# and dot characters, sigma, kana voicing, Hangul syllables and jamo, combining marks
NEIGHBOURS = [
    "", "a", "Z", "1", " ", ".", "é", "É", "Ｇ", "ǅ", "İ", "ß", "σ", "Σ", "ς", "α", "д", "і",
    "中", "ド", "ト", "가", "ㄳ", "ᄀ", "ᅡ", "ᆨ", "\u0301", "\u0308", "\u3099", "\u200b",
    "\u034f", "\ufe0f", "·", "ﷺ", "𝐑", "❤",
]  # fmt: skip


@pytest.fixture(scope="module")
def table() -> FoldTable:
    return fold_table()


def _same_as_fold(table: FoldTable, texts: list[str]) -> None:
    series = pl.Series(texts, dtype=pl.String)
    expected = fold_column(series)
    got = table.fold(series)
    mismatched = [
        (text, want, have)
        for text, want, have in zip(texts, expected, got, strict=True)
        if want != have
    ]
    assert mismatched == []


def test_each_table_character_folds_the_same_between_any_neighbours(table: FoldTable) -> None:
    texts = [
        before + character + after
        for character in table.characters
        for before, after in zip(NEIGHBOURS, reversed(NEIGHBOURS), strict=True)
    ]
    _same_as_fold(table, texts)


def test_every_pair_of_neighbours(table: FoldTable) -> None:
    texts = [a + b + c for a in NEIGHBOURS for b in NEIGHBOURS for c in NEIGHBOURS]
    _same_as_fold(table, texts)


def test_contextual_characters_take_the_long_way(table: FoldTable) -> None:
    contextual = pl.Series(["Σ", "e\u0301", "ㄳ", "\u0378"]).str.contains(table.contextual)
    assert contextual.all()
    plain = pl.Series(["é", "ド", "가", "Ｇｕｃｃｉ", "高仿", "❤\ufe0f"]).str.contains(
        table.contextual
    )
    assert not plain.any()  # a VS16 is read by the table: see the test below


def test_a_vs16_after_any_character_folds_as_the_long_way_folds_it(table: FoldTable) -> None:
    """Emoji presentation (U+FE0F) is a mark: after a letter of an alphabet the fold drops it
    ("e\ufe0f" -> "e"), after most else keeps it ("❤\ufe0f"). The table says which for every
    character; after a mark, another VS16 or at the start the text goes the long way."""
    every = every_character().to_list()
    texts = [
        f"{before}{character}\ufe0f{after}"
        for character in every
        for before, after in (("", "b"), ("a", ""))
    ]
    texts += ["\ufe0f", "\ufe0fa", "a\ufe0f\ufe0f", "❤\ufe0f\ufe0f", "e\u0301\ufe0f", "Σ\ufe0f"]
    _same_as_fold(table, texts)
    _, changed = table.fold_changed(pl.Series(["❤\ufe0f x", "Gucci\ufe0f", "x\ufe0f"]))
    assert changed.tolist() == [False, True, True]


def test_nulls_stay_null(table: FoldTable) -> None:
    assert table.fold(pl.Series(["É", None], dtype=pl.String)).to_list() == ["e", None]


def test_contextual_bits_are_the_contextual_class(table: FoldTable) -> None:
    every = every_character()
    bits = np.unpackbits(np.frombuffer(table.contextual_points, dtype=np.uint8))
    points = np.frombuffer("".join(every.to_list()).encode("utf-32-le"), dtype="<u4")
    assert (bits[points] == every.str.contains(table.contextual).to_numpy()).all()
    assert not bits[0xD800:0xE000].any()  # surrogates are no characters


def test_slices_empty_and_null_columns(table: FoldTable) -> None:
    texts = pl.Series(["ＡＢ", None, "Çà", "", "Σx", "ok"], dtype=pl.String)
    assert table.fold(texts.slice(1, 4)).to_list() == fold_column(texts.slice(1, 4)).to_list()
    assert table.fold(pl.Series([None, None], dtype=pl.String)).to_list() == [None, None]
    assert table.fold(pl.Series([], dtype=pl.String)).to_list() == []
    assert table.fold(pl.Series(["", ""], dtype=pl.String)).to_list() == ["", ""]


def test_folds_longer_than_their_text(table: FoldTable) -> None:
    # "ﷺ" (3 bytes) folds to 33: the output outgrows any buffer sized from the input
    _same_as_fold(table, ["ﷺ" * 2000, "a", "ﷺ" * 5 + "Ｇ" * 3000, "", "㎏" * 100])


def test_the_table_pickles(table: FoldTable) -> None:
    table.fold(pl.Series(["É"]))  # builds the per-process kernel tables
    assert len(pickle.dumps(table)) < 1_000_000  # ... which do not travel with it
    copy = pickle.loads(pickle.dumps(table))
    texts = pl.Series(["ΣΑΣ Hermès", "ＧＵＣＣＩ"])
    assert copy.fold(texts).to_list() == fold_column(texts).to_list() == ["oac hermes", "gucci"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from([*NEIGHBOURS[1:], "b", "ç", "Ω"])), max_size=30))
def test_random_texts_of_awkward_characters(texts: list[str]) -> None:
    _same_as_fold(fold_table(), texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=30))
def test_random_texts(texts: list[str]) -> None:
    _same_as_fold(fold_table(), texts)


def test_changed_means_more_than_ascii_case(table: FoldTable) -> None:
    texts = pl.Series(["Gucci ❤", "GUCCI 高仿", "Réplica", "Гуччи", "ΣΑΣ", "e\u0301", "Ｇ", None])
    folded, changed = table.fold_changed(texts)
    assert folded.to_list() == fold_column(texts).to_list()
    assert changed.tolist() == [False, False, True, True, True, True, True, False]


def test_ascii_fast_path_is_read_from_the_tables(table: FoldTable) -> None:
    """The kernel writes an ASCII character from a 128-entry table; that table holds only what
    the code-point tables say: today each capital's lower case, every other character itself."""
    ascii_folds = table._kernel_tables[0][-1]
    expected = [ord(chr(b).lower()) for b in range(128)]
    assert ascii_folds.tolist() == expected


def test_ascii_folds_that_change_a_row_take_the_long_path() -> None:
    start = np.full(128, -1, dtype=np.int32)
    width = np.zeros(128, dtype=np.int16)
    folds = np.frombuffer(b"ab:xy", dtype=np.uint8)
    contextual = np.zeros(128, dtype=bool)
    start[ord("A")], width[ord("A")] = 0, 1  # "A" -> "a": a capital's lower case, fast
    start[ord("B")], width[ord("B")] = 3, 2  # "B" -> "xy": two bytes, long path
    start[ord(";")], width[ord(";")] = 2, 1  # ";" -> ":": changes the row, long path
    contextual[ord("~")] = True
    got = _ascii_folds(start, width, folds, contextual)
    assert got[ord("A")] == ord("a")
    assert got[ord("c")] == ord("c")
    assert got[ord("B")] == got[ord(";")] == got[ord("~")] == -1


def test_the_fast_path_and_the_lookups_give_the_same_bytes(table: FoldTable) -> None:
    texts = pl.Series(["Gucci BAG ❤\ufe0f", "ＧＵＣＣＩ é", "plain ascii 1:1", "Σx", "", "e\ufe0f"])
    _, offsets, data = large_string_buffers(texts)
    tables, expansion = table._kernel_tables
    fast = fold_utf8(offsets, data, tables, expansion)
    lookups = (*tables[:-1], np.full(128, -1, dtype=np.int16))
    slow = fold_utf8(offsets, data, lookups, expansion)
    for a, b in zip(fast, slow, strict=True):
        assert a.tolist() == b.tolist()


_ASCII_RUNS = st.lists(
    st.text(
        alphabet=st.sampled_from([*map(chr, range(128)), "é", "Ｇ", "中", "\ufe0f"]), max_size=40
    ),
    max_size=20,
)
"""Runs of ASCII (every character: the capitals and their neighbours "@", "[", "`", "{"
among them) cut by other characters at any offset."""


@settings(max_examples=300, deadline=None)
@given(_ASCII_RUNS)
def test_eight_ascii_bytes_at_once_as_one_at_a_time(texts: list[str]) -> None:
    """The kernels fold eight ASCII bytes as one word where the tables fold ASCII as lower
    case only: the same bytes and flags as the code-point lookups, the same text as the
    long way, and the same view."""
    table = fold_table()
    series = pl.Series(texts, dtype=pl.String)
    _, offsets, data = large_string_buffers(series)
    tables, expansion = table._kernel_tables
    assert _lower_case_only(tables[-1])  # else both would go byte by byte
    lookups = (*tables[:-1], np.full(128, -1, dtype=np.int16))
    by_words, by_lookups = (fold_utf8(offsets, data, t, expansion) for t in (tables, lookups))
    for a, b in zip(by_words, by_lookups, strict=True):
        assert a.tolist() == b.tolist()
    _same_as_fold(table, texts)
    assert _view(table, series) == _view_the_long_way(table, series)


def _view_the_long_way(table: FoldTable, texts: pl.Series) -> tuple[list[str], list[bool]]:
    """Each text folded where that changes it beyond the case of ASCII letters (a contextual
    text always counts as changed), as written elsewhere; ASCII texts never fold."""
    folded, changed = table.fold_changed(texts)
    changed &= (texts.str.len_bytes() != texts.str.len_chars()).to_numpy()
    view = [f if c else t for t, f, c in zip(texts, folded, changed, strict=True)]
    return view, changed.tolist()


def _view(table: FoldTable, texts: pl.Series) -> tuple[list[str], list[bool]]:
    column = prepare(texts, separated=False)
    view, changed = table.view(texts, column)
    got = string_series("view", view.offsets, view.values).to_list()
    return got, changed.tolist()


def test_the_view_folds_only_rows_the_fold_changes(table: FoldTable) -> None:
    texts = pl.Series(
        ["Gucci ❤", "GUCCI", "Réplica", "", "Гуччи", "e\u0301 ok", "plain", "Ｇ" * 50, "ΣΑΣ"]
    )
    assert _view(table, texts) == _view_the_long_way(table, texts)
    assert _view(table, texts) == (
        ["Gucci ❤", "GUCCI", "replica", "", "ryччи", "e ok", "plain", "g" * 50, "oac"],
        [False, False, True, False, True, True, False, True, True],
    )


def test_the_view_of_a_slice_and_of_long_folds(table: FoldTable) -> None:
    texts = pl.Series(["ＡＢ", "x", "Çà", "", "Σx", "ok", "ﷺ" * 300, "y" * 40])
    for part in (texts, texts.slice(1, 5), texts.slice(5, 3), texts.slice(0, 0)):
        assert _view(table, part) == _view_the_long_way(table, part)
    with pytest.raises(ValueError, match="not separated"):
        table.view(texts, prepare(texts, separated=True))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from([*NEIGHBOURS[1:], "b", "ç", "Ω"])),
            st.text(alphabet=st.characters(max_codepoint=127)),
            st.text(),
        ),
        max_size=30,
    )
)
def test_random_views(texts: list[str]) -> None:
    series = pl.Series(texts, dtype=pl.String)
    assert _view(fold_table(), series) == _view_the_long_way(fold_table(), series)
