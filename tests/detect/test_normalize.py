"""Normalization: folding of look-alikes, leetspeak and spacing variants, and their properties."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.detect.test_cut_kernel import _by_regex as cuts_joined_by_regex

from truemark.detect.fold_table import fold_table
from truemark.detect.normalize import (
    LEET_TABLES,
    LEET_TO_L,
    OBFUSCATION_HINT,
    SPACED_HINT,
    collapse_spacing,
    confusables,
    deobfuscate,
    deobfuscate_column,
    deobfuscated_rows,
    fold_column,
    fold_str,
    leet,
    leet_bytes,
    leet_term_hint,
)
from truemark.index.scanner import prepare
from truemark.io.text import string_series


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Gucсі", "gucci"),  # Cyrillic с and і
        ("ΡRΑDΑ", "prada"),  # Greek capitals
        ("ＧＵＣＣＩ", "gucci"),  # fullwidth
        ("Guc\u200bci\u200d", "gucci"),  # zero-width space and joiner
        ("Gu\u00adcci", "gucci"),  # soft hyphen
        ("Hermès", "hermes"),
        ("𝐑𝐨𝐥𝐞𝐱", "rolex"),  # mathematical bold
        ("高仿 Gucci", "高仿 gucci"),
        ("コピー品", "コピー品"),  # kana voicing marks are kept
        ("짝퉁", "짝퉁"),
        ("Model 1955", "model 1955"),  # digits are not leet-folded in the fold
        ("G·U·C·C·I", "g.u.c.c.i"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold_str(text) == folded


def test_confusables_map_to_ascii_lowercase() -> None:
    table = confusables()
    assert table["а"] == "a"  # Cyrillic
    assert table["ο"] == "o"  # Greek
    assert all(target.isascii() and target == target.lower() for target in table.values())


def test_leet_is_a_separate_variant() -> None:
    frame = pl.DataFrame({"t": ["r0l3x", "gucc1", "ro1ex", "$upreme @didas"]})
    as_i = frame.select(leet(pl.col("t"))).to_series().to_list()
    as_l = frame.select(leet(pl.col("t"), LEET_TO_L)).to_series().to_list()
    assert as_i == ["rolex", "gucci", "roiex", "supreme adidas"]
    assert as_l[2] == "rolex"
    assert frame["t"].to_list()[0] == "r0l3x"


@pytest.mark.parametrize(
    ("text", "collapsed"),
    [
        ("G U C C I bag", "GUCCI bag"),
        ("G-u-c-c-i", "Gucci"),
        ("G.U.C.C.I.", "GUCCI."),
        ("a big bag", "a big bag"),
        ("L V bag", "L V bag"),  # two letters are not a run
        ("G U CCI", "G U CCI"),
        ("G|U|C|C|I", "GUCCI"),  # any separator a seller can type between the letters
        ("G | U | C | C | I", "GUCCI"),
        ("G+U+C+C+I", "GUCCI"),
        ("G:U:C:C:I", "GUCCI"),
        ("G, U, C, C, I", "GUCCI"),
        ("G=U=C=C=I", "GUCCI"),
        ("G#U#C#C#I", "GUCCI"),
        ("G\\U\\C\\C\\I", "GUCCI"),
        ("G'U'C'C'I", "GUCCI"),
        ("sizes S, M, L in stock", "sizes SML in stock"),  # harmless: a reading, not the text
        ("G|U-C|C-I", "G|U-C|C-I"),  # one separator style per run
    ],
)
def test_collapse_spacing(text: str, collapsed: str) -> None:
    assert collapse_spacing(text) == collapsed


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Guc-ci bag", "Gucci bag"),
        ("L.o.u.i.s V.u.i.t.t.o.n", "Louis Vuitton"),
        ("G U C C 1", "GUCC1"),  # leet digits may be spaced out too
        ("G . U . C . C . I", "GUCCI"),
        ("a big bag, new", "a big bag, new"),
        ("CH . ANEL", "CHANEL"),
        ("Guc|ci", "Gucci"),
        ("Guc+ci Pra=da Ro#lex", "Gucci Prada Rolex"),
        ("G, U, C, C, I", "GUCCI"),
        ("10:30, red,blue", "10:30, red,blue"),  # a colon or comma is no cut
    ],
)
def test_deobfuscate(text: str, joined: str) -> None:
    assert deobfuscate(text) == joined


def test_deobfuscate_column_keeps_order_and_nulls() -> None:
    column = pl.Series(["P R A D A", None, "P R A D A", "plain"])
    assert deobfuscate_column(column).to_list() == ["PRADA", None, "PRADA", "plain"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Gu\u200b\u0301cci", "gucci"),  # an invisible character between a letter and its accent
        ("Pra\u00ad\u0301da", "prada"),  # a soft hyphen there
        ("\u00d7\u0301", "x"),  # a look-alike ("×" for "x") with an accent on it
    ],
)
def test_accents_go_behind_invisible_characters_and_on_look_alikes(text: str, folded: str) -> None:
    assert fold_column(pl.Series([text])).to_list() == [folded]
    assert fold_table().fold(pl.Series([text])).to_list() == [folded]


@pytest.mark.parametrize("texts", [["G U C C I", "Guc-ci"], ["Guc-ci", "plain"]])
def test_deobfuscate_column_leaves_its_input_as_it_was(texts: list[str]) -> None:
    """Rows are rewritten in a copy: the caller's Series still holds the texts it gave."""
    column = pl.Series(texts)
    deobfuscate_column(column)
    assert column.to_list() == texts


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=20))
@example(["×\u0816", "a\u200b\ufe0f", "a\u200b\u0301"])  # each once folded in two steps
def test_fold_is_idempotent_and_bounded(texts: list[str]) -> None:
    once = fold_column(pl.Series(texts, dtype=pl.String))
    twice = fold_column(once)
    assert once.to_list() == twice.to_list()
    for text, folded in zip(texts, once.to_list(), strict=True):
        assert len(folded) <= 18 * len(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_leet_keeps_length_and_collapse_never_grows(text: str) -> None:
    series = pl.Series([text], dtype=pl.String)
    assert pl.select(leet(pl.lit(series))).item().__len__() == len(text)
    collapsed = collapse_spacing(text)
    assert len(collapsed) <= len(text)
    assert collapse_spacing(collapsed) == collapsed


@pytest.mark.parametrize(
    ("text", "hinted"),
    [
        ("Guc-ci bag", True),
        ("L.V wallet", True),
        ("CH . ANEL", True),
        ("r0lex watch", True),
        ("G U C C I", True),
        ("古-驰 包", True),  # a cut between letters of any script
        ("Ships within 24 hours. Free returns", False),  # a sentence's end is no cut
        ("size 44 - black", True),  # " - " between two words is a cut too ("CH . ANEL")
        ("size 44, black", False),
        ("G:U:C:C:I", True),
        ("G, U, C, C, I", True),
        ("G'U'C'C'I", True),
        ("Guc=ci", True),
        ("Guc#ci", True),
    ],
)
def test_the_obfuscation_hint_names_what_a_variant_can_change(text: str, hinted: bool) -> None:
    assert pl.Series([text]).str.contains(OBFUSCATION_HINT).item() is hinted


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="aBcZé古驰дR0145@$|+.-_*·•/~ ,:=#\\'’", max_size=24), max_size=8))
def test_a_text_the_hint_passes_over_deobfuscates_to_itself(texts: list[str]) -> None:
    column = pl.Series(texts, dtype=pl.String)
    quiet = ~column.str.contains(OBFUSCATION_HINT)
    assert deobfuscate_column(column).filter(quiet).to_list() == column.filter(quiet).to_list()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=12))
def test_the_byte_table_reads_leet_as_the_string_table_does(texts: list[str]) -> None:
    """A leet table over UTF-8 bytes changes only ASCII bytes, so multi-byte characters stay."""
    series = pl.Series(texts, dtype=pl.String)
    for table in LEET_TABLES:
        by_strings = pl.select(leet(pl.lit(series), table)).to_series().to_list()
        by_bytes = [leet_bytes(table)[list(text.encode())].tobytes().decode() for text in texts]
        assert by_bytes == by_strings


def test_a_byte_table_takes_only_ascii() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        leet_bytes({"é": "e"})


def test_the_leet_term_hint_names_catalog_marks_with_a_word_written_wholly_in_leet() -> None:
    hint = leet_term_hint(["boss", "bottega veneta", "la perla", "gg", "gucci", "g", "501"])
    texts = {
        "8055 suit": True,
        "a 8077364 veneta": True,
        "80$$ belt": True,
        "14 Perla lace": True,  # one word in leet, the other as written
        "66 belt": True,  # two characters make a term of one word
        "LA perla": True,  # as written too (harmless: such a text has its mark already)
        "b055": False,  # a leet character beside a letter: the base hint reads it
        "18055": False,  # not a word of its own
        "size 6 belt": False,  # one character is no term
        "model 501": False,  # digits only: no leet reading changes them
        "1@8 coat": False,
    }
    hinted = pl.Series(list(texts)).str.contains(hint).to_list()
    assert dict(zip(texts, hinted, strict=True)) == texts
    assert leet_term_hint(["gucci", "g", "prada"]) == ""  # no word that can be written in leet


def _deobfuscated_by_regex(texts: list[str]) -> list[str | None]:
    """The reference: spaced letters collapsed by Python's ``re`` where the spacing hint
    matches, then cut words joined by polars' ``replace_all``, pass after pass."""
    hinted = pl.Series(texts, dtype=pl.String).str.contains(SPACED_HINT).to_list()
    collapsed = [collapse_spacing(t) if h else t for t, h in zip(texts, hinted, strict=True)]
    return cuts_joined_by_regex(pl.Series(collapsed, dtype=pl.String))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="aBcZé古驰дR0145@$|+.-_*·•/~ ,:=#\\'’GU", max_size=24), max_size=8)
)
def test_deobfuscated_rows_are_the_rows_deobfuscation_changes(texts: list[str]) -> None:
    """Exactly the rows whose text deobfuscation changes, in order, with their new text; from
    a slice of a larger column too (offsets not from zero)."""
    column = pl.Series(["x", *texts], dtype=pl.String).slice(1)
    rows, forms = deobfuscated_rows(prepare(column, separated=False))
    got = string_series("forms", forms.offsets, forms.values).to_list()
    reference = _deobfuscated_by_regex(texts)
    expected = [(i, new) for i, new in enumerate(reference) if new != texts[i]]
    assert list(zip(rows.tolist(), got, strict=True)) == expected
