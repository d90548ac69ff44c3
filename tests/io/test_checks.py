"""The blank check reads only strings that can be blank, and agrees with Arrow's own."""

from __future__ import annotations

import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.io.checks import SPACE_LEAD_BYTES, blank_to_null

SPACES = [chr(c) for c in (9, 10, 11, 12, 13, 28, 31, 32, 0x85, 0xA0, 0x1680, 0x2003, 0x3000)]


def _arrow_blank_to_null(text: pa.Array) -> pa.Array:
    """The whole-column form the check replaced: every string read by ``utf8_is_space``."""
    blank = pc.or_(pc.utf8_is_space(text), pc.equal(pc.binary_length(text), 0))
    return pc.if_else(blank, pa.scalar(None, text.type), text)


def test_every_whitespace_character_starts_with_a_listed_byte() -> None:
    code_points = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    characters = pa.array([chr(c) for c in code_points], type=pa.string())
    spaces = np.asarray(pc.utf8_is_space(characters).to_numpy(zero_copy_only=False))
    found = [code_points[i] for i in np.flatnonzero(spaces)]
    assert len(found) >= 20, "Arrow knows the Unicode spaces"
    unlisted = [hex(c) for c in found if not SPACE_LEAD_BYTES[chr(c).encode()[0]]]
    assert unlisted == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.none()
        | st.text(st.sampled_from(SPACES), max_size=4)
        | st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
        | st.builds(str.__add__, st.sampled_from(SPACES), st.text(max_size=5)),
        max_size=40,
    ),
    st.integers(0, 5),
    st.booleans(),
)
def test_same_as_checking_every_string(values: list[str | None], cut: int, large: bool) -> None:
    text = pa.array(values, type=pa.large_string() if large else pa.string())
    text = text.slice(min(cut, len(text)))  # an array that starts inside its buffers
    assert blank_to_null(text).equals(_arrow_blank_to_null(text))


def test_strings_that_start_with_a_letter_are_never_read() -> None:
    text = pa.array(["Gucci bag", "", "  ", "\u3000", "x ", None])
    assert blank_to_null(text).to_pylist() == ["Gucci bag", None, None, None, "x ", None]
    assert blank_to_null(pa.array(["a", "b"])).to_pylist() == ["a", "b"]
    assert blank_to_null(pa.array([], type=pa.string())).to_pylist() == []
    assert blank_to_null(pa.array([None, None], type=pa.string())).to_pylist() == [None, None]
