"""The code format: round trip, tolerant reading, and every single-symbol typo refused."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truemark.serial.codec import (
    CODE_LENGTH,
    CROCKFORD,
    MAX_BATCH,
    MAX_SERIAL,
    CodeFields,
    InvalidCode,
    encode,
    group,
    parse,
)

fields = st.builds(
    CodeFields,
    key_id=st.binary(min_size=4, max_size=4).map(bytes.hex),
    sku_tag=st.integers(0, 2**32 - 1),
    batch=st.integers(0, MAX_BATCH),
    serial=st.integers(0, MAX_SERIAL),
)
signatures = st.binary(min_size=64, max_size=64)


@given(fields, signatures)
def test_encode_then_parse_gives_back_fields_and_signature(code: CodeFields, sig: bytes) -> None:
    text = encode(code.payload(), sig)

    parsed = parse(text)

    assert len(text) == CODE_LENGTH
    assert set(text) <= set(CROCKFORD)
    assert parsed.fields == code
    assert parsed.signature == sig
    assert parsed.text == text


@given(fields, signatures, st.data())
def test_any_single_symbol_change_is_not_a_valid_code(
    code: CodeFields, sig: bytes, data: st.DataObject
) -> None:
    text = encode(code.payload(), sig)
    position = data.draw(st.integers(0, CODE_LENGTH - 1))
    other = data.draw(st.sampled_from([s for s in CROCKFORD if s != text[position]]))

    with pytest.raises(InvalidCode):
        parse(text[:position] + other + text[position + 1 :])


@given(fields, signatures, st.data())
def test_adjacent_swaps_are_not_valid_codes(
    code: CodeFields, sig: bytes, data: st.DataObject
) -> None:
    text = encode(code.payload(), sig)
    i = data.draw(st.integers(0, CODE_LENGTH - 2))
    swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]

    if swapped != text:
        with pytest.raises(InvalidCode):
            parse(swapped)


@given(fields, signatures)
def test_lowercase_dashes_spaces_and_look_alikes_read_the_same(
    code: CodeFields, sig: bytes
) -> None:
    text = encode(code.payload(), sig)
    typed = " ".join(group(text).lower().split("-")).replace("1", "l").replace("0", "o")

    assert parse(f"  {typed}\n").text == text


@given(fields, signatures, st.integers(1, CODE_LENGTH - 1))
def test_truncated_codes_are_refused(code: CodeFields, sig: bytes, keep: int) -> None:
    with pytest.raises(InvalidCode, match="symbols"):
        parse(encode(code.payload(), sig)[:keep])


@given(st.text(max_size=300))
def test_garbage_is_refused_with_invalid_code_only(garbage: str) -> None:
    with contextlib.suppress(InvalidCode):
        parse(garbage)


@pytest.mark.parametrize("text", ["", "U" * CODE_LENGTH, "#" * CODE_LENGTH, "0" * CODE_LENGTH])
def test_obvious_non_codes(text: str) -> None:
    with pytest.raises(InvalidCode):
        parse(text)


def test_group_splits_by_four() -> None:
    assert group("ABCDEFGHJ") == "ABCD-EFGH-J"
