"""Codes written in listing text are found whole, in any case, grouped or not."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from truemark.serial.codec import CodeFields, encode, group
from truemark.serial.text_codes import listing_codes

codes = st.builds(
    lambda key, serial, sig: encode(CodeFields(key.hex(), 7, 1, serial).payload(), sig),
    st.binary(min_size=4, max_size=4),
    st.integers(0, 2**40 - 1),
    st.binary(min_size=64, max_size=64),
)
words = st.lists(st.text("abcxyz0123 ,.:!()\n", max_size=12), max_size=4).map(" ".join)


@given(codes, words, words, st.booleans(), st.booleans())
def test_a_code_in_running_text_is_found_in_canonical_form(
    code: str, before: str, after: str, grouped: bool, lower: bool
) -> None:
    written = group(code) if grouped else code
    written = written.lower() if lower else written
    listing = pl.DataFrame({"title": [f"{before} {written} {after}"], "description": [None]})

    assert listing_codes(listing).get_column("code").to_list() == [code]


@given(codes)
def test_a_code_missing_a_symbol_or_glued_to_a_word_is_not_found(code: str) -> None:
    listing = pl.DataFrame({"title": [f"bag {code[:-1]}", f"bag{code}"]})

    assert listing_codes(listing).height == 0
