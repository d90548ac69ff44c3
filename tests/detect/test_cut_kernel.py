"""The cut-join kernel does what polars' ``replace_all`` of the cut pattern does, pass after
pass, on any text."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.code_points import in_python_class, scalar_values
from truemark.detect.cut_kernel import collapse_spaced, join_cuts, spaced_hint_rows
from truemark.detect.normalize import (
    _CUT_PAIR,
    _CUT_PASSES,
    SPACED_HINT,
    _cut_classes,
    _spaced_hint_classes,
    _spacing_classes,
    collapse_spacing,
)
from truemark.io.text import large_string_buffers, string_series


def _rewritten(
    texts: pl.Series, kernel: Callable[..., tuple[np.ndarray, ...]], *tables: object
) -> pl.Series:
    """``texts`` with the rows a rewriting kernel changed (its rows, offsets and bytes)
    replaced."""
    _, offsets, data = large_string_buffers(texts)
    rows, new_offsets, new_bytes = kernel(offsets, data, *tables)
    if not rows.size:
        return texts
    return texts.clone().scatter(rows, string_series(texts.name, new_offsets, new_bytes))


def _collapse_spacing_column(texts: pl.Series) -> pl.Series:
    """:func:`collapse_spacing` over a column by the kernel."""
    return _rewritten(texts, collapse_spaced, *_spacing_classes())


def _join_cut_words_column(texts: pl.Series) -> pl.Series:
    """Cut words joined over a column by the kernel."""
    return _rewritten(texts, join_cuts, *_cut_classes(), _CUT_PASSES)


def _by_regex(texts: pl.Series) -> list[str | None]:
    """The reference: up to ``_CUT_PASSES`` passes of polars' ``replace_all``."""
    joined = texts
    for _ in range(_CUT_PASSES):
        passed = joined.str.replace_all(_CUT_PAIR, "${1}${2}")
        if passed.equals(joined):
            break
        joined = passed
    return joined.to_list()


CUT_ALPHABET = "aBzÉé古驰дЖ٣0145 .-_*·•/~|+=\\#:,'’\u0301\u200b"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.none() | st.text(alphabet=CUT_ALPHABET, max_size=40), max_size=12))
def test_the_kernel_joins_cuts_as_replace_all_does(texts: list[str | None]) -> None:
    column = pl.Series(texts, dtype=pl.String)
    assert _join_cut_words_column(column).to_list() == _by_regex(column)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=8))
def test_any_character_joins_as_replace_all_does(texts: list[str]) -> None:
    column = pl.Series(texts, dtype=pl.String)
    assert _join_cut_words_column(column).to_list() == _by_regex(column)


def test_runs_of_cuts_join_as_replace_all_joins_them() -> None:
    """A pass joins every other cut of a run of single letters ("L.o.u.i.s" -> "Lo.ui.s"),
    the next the rest."""
    texts = pl.Series(["a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q", "L.o.u.i.s", "CH . ANEL", "x - y"])
    assert _join_cut_words_column(texts).to_list() == _by_regex(texts)
    assert _join_cut_words_column(texts).to_list() == [
        "abcdefghijklmnopq",
        "Louis",
        "CHANEL",
        "xy",
    ]


def test_the_input_column_is_left_as_it_was() -> None:
    texts = pl.Series(["Guc-ci", "plain"])
    _join_cut_words_column(texts)
    assert texts.to_list() == ["Guc-ci", "plain"]


SPACED_ALPHABET = "abGé古д٣01 _.-*·•|/+~:,=\\#'’\t\u00a0\u2003\u0301\u200b"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=SPACED_ALPHABET, max_size=40), max_size=12))
def test_the_kernel_collapses_spaced_letters_as_pythons_re_does(texts: list[str]) -> None:
    """Runs of single letters split by one separator (one to three spacers, the same each
    time), not touching another letter, of any script: as ``re.sub`` of the pattern does it,
    backtracking included ("a b c de" keeps "de" apart)."""
    column = pl.Series(texts, dtype=pl.String)
    assert _collapse_spacing_column(column).to_list() == [collapse_spacing(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=8))
def test_any_character_collapses_as_pythons_re_does(texts: list[str]) -> None:
    column = pl.Series(texts, dtype=pl.String)
    assert _collapse_spacing_column(column).to_list() == [collapse_spacing(t) for t in texts]


def test_spaced_letters_collapse_and_words_stay() -> None:
    texts = [
        "G U C C I bag", "l.o.u.i.s  v.u.i.t.t.o.n", "a b c de", "Г у ч ч и", "a b", "a .b .c",
        "a---b---c", "a----b----c", "a-b_c",
    ]  # fmt: skip
    assert _collapse_spacing_column(pl.Series(texts)).to_list() == [
        "GUCCI bag", "louis  vuitton", "abc de", "Гуччи", "a b", "abc", "abc", "a----b----c",
        "a-b_c",
    ]  # fmt: skip


def test_python_classes_are_what_pythons_re_matches() -> None:
    """The kernel's letter and spacer tables say, for every code point tried (one in five,
    and every one below 0x3000), what ``re.fullmatch`` of the class says."""
    points = scalar_values()
    tried = points[(points < 0x3000) | (points % 5 == 0)]
    for characters in (r"[^\W_]", r"[\s.\-_*·•|/+~:,=\\#'’]"):
        pattern = re.compile(characters)
        expected = np.array([pattern.fullmatch(chr(p)) is not None for p in tried.tolist()])
        assert np.array_equal(in_python_class(characters)[tried], expected)


def _spaced_hint(texts: list[str]) -> list[bool]:
    """Which texts the kernel finds the spaced hint in (a column that starts past its buffer's
    first byte, as the variants' columns do)."""
    _, offsets, data = large_string_buffers(pl.Series(["x a b c", *texts], dtype=pl.String))
    return spaced_hint_rows(offsets[1:], data, *_spaced_hint_classes()).tolist()


HINT_ALPHABET = "aZ9é古 _.-*·•|/+~:,=\\#'’\t\n\u00a0\u2003\u3000\u0301x"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=HINT_ALPHABET, max_size=30), max_size=12))
def test_the_spaced_hint_kernel_matches_where_the_regex_does(texts: list[str]) -> None:
    """Three single ASCII letters or digits, one to three spacers (Unicode white space among
    them) between each two, no letter or digit around: as polars' ``contains`` reads it."""
    expected = pl.Series(texts, dtype=pl.String).str.contains(SPACED_HINT).to_list()
    assert _spaced_hint(texts) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=8))
def test_any_character_hints_as_the_regex_does(texts: list[str]) -> None:
    expected = pl.Series(texts, dtype=pl.String).str.contains(SPACED_HINT).to_list()
    assert _spaced_hint(texts) == expected


def test_spaced_hints() -> None:
    texts = [
        "G U C C I", "a.b.c", "a - b - c", "a    b c", "ab c d", "a b cd", "x a b c", "é a b c",
        "a\u3000b\u3000c", "a_b_c", "a b", "a·b•c", "aé b c", "a b c!", "",
    ]  # fmt: skip
    assert _spaced_hint(texts) == [
        True, True, True, False, False, False, True, True, True, True, False, True, False, True,
        False,
    ]  # fmt: skip
