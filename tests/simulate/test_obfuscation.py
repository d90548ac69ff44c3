"""Evasion tactics change the mark in the intended way (property tests over brands and seeds)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.simulate.brands import load_brands
from truemark.simulate.obfuscation import homoglyph, leetspeak, misspelling, spacing, zero_width

MARKS = [b.name for b in load_brands()]
marks = st.sampled_from(MARKS)
seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=60, deadline=None)
@given(marks, seeds)
def test_homoglyph_looks_alike_but_differs(mark: str, seed: int) -> None:
    out = homoglyph(mark, np.random.default_rng(seed))
    assert out != mark
    assert not out.isascii()


@settings(max_examples=60, deadline=None)
@given(marks, seeds)
def test_leetspeak_puts_digits_or_symbols_in(mark: str, seed: int) -> None:
    out = leetspeak(mark, np.random.default_rng(seed))
    assert out != mark
    assert any(not c.isalpha() and c != " " for c in out if c not in mark)


@settings(max_examples=60, deadline=None)
@given(marks, seeds)
def test_zero_width_is_invisible(mark: str, seed: int) -> None:
    out = zero_width(mark, np.random.default_rng(seed))
    assert out != mark
    assert "".join(c for c in out if c not in "\u200b\u200c\u200d\u2060\ufeff") == mark


@settings(max_examples=60, deadline=None)
@given(marks, seeds)
def test_spacing_keeps_letters_in_order(mark: str, seed: int) -> None:
    out = spacing(mark, np.random.default_rng(seed))
    letters = [c for c in out.lower() if c.isalnum() or c in "&."]
    assert "".join(letters).replace(".", "") == "".join(
        c for c in mark.lower() if c.isalnum() or c == "&"
    )


@settings(max_examples=60, deadline=None)
@given(marks, seeds)
def test_misspelling_is_one_edit_away(mark: str, seed: int) -> None:
    out = misspelling(mark, np.random.default_rng(seed))
    assert out.lower() != mark.lower()
    assert abs(len(out) - len(mark)) <= 1
