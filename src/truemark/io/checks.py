"""Small vectorized building blocks shared by the field coercions: masks, blanks, type tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from truemark.io.text import arrow_string_buffers


@dataclass(slots=True)
class Coerced:
    """A column in its canonical type (null where unusable) and the rows that failed, by message."""

    values: pa.Array
    failures: list[tuple[np.ndarray, str]] = field(default_factory=list)


@lru_cache(maxsize=256)
def scalar(value: object, kind: pa.DataType) -> pa.Scalar:
    """An Arrow scalar made once: turning a Python value into one per call costs ~0.2 ms
    (pyarrow looks for the optional dateutil package each time)."""
    return pa.scalar(value, kind)


def mask(condition: pa.Array) -> np.ndarray:
    """A boolean Arrow array as a numpy mask, null counting as False."""
    filled = pc.fill_null(condition, scalar(False, pa.bool_()))
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=bool)


def plain(column: pa.Array) -> pa.Array:
    """The column without dictionary encoding (Parquet often dictionary-encodes strings)."""
    if pa.types.is_dictionary(column.type):
        return column.dictionary_decode()
    return column


def is_text(kind: pa.DataType) -> bool:
    """String, large string or string view."""
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def is_list(kind: pa.DataType) -> bool:
    """Any Arrow list type."""
    return (
        pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind)
    )


def empty_to_null(text: pa.Array) -> pa.Array:
    """Empty strings become null: an empty field (as CSV writes a missing one) means absent."""
    empty = pc.equal(pc.binary_length(text), scalar(0, pa.int32()))
    if not pc.any(empty).as_py():
        return text
    return pc.if_else(empty, scalar(None, text.type), text)


SPACE_LEAD_BYTES = np.zeros(256, dtype=bool)
SPACE_LEAD_BYTES[: ord(" ") + 1] = True  # ASCII controls (tab, line breaks, separators), space
SPACE_LEAD_BYTES[[0xC2, 0xE1, 0xE2, 0xE3]] = True  # U+0085, U+00A0; U+1680; U+2000-U+205F; U+3000
"""First bytes of the UTF-8 of every character ``utf8_is_space`` counts as whitespace (a test
checks every code point against Arrow's own function)."""


def blank_to_null(text: pa.Array) -> pa.Array:
    """Empty or whitespace-only strings become null.

    Only strings that are empty or start with a byte that can begin a whitespace character are
    checked by Arrow's ``utf8_is_space`` (which reads every character: for titles and ids it
    cost ~0.3 µs a listing); a string starting with any other byte is not blank."""
    rows = np.flatnonzero(_maybe_blank(text))
    if rows.size == 0:
        return text
    candidates = text.take(pa.array(rows))
    found = mask(
        pc.or_(
            pc.utf8_is_space(candidates),
            pc.equal(pc.binary_length(candidates), scalar(0, pa.int32())),
        )
    )
    if not found.any():
        return text
    blank = np.zeros(len(text), dtype=bool)
    blank[rows[found]] = True
    return pc.if_else(pa.array(blank), scalar(None, text.type), text)


def _maybe_blank(text: pa.Array) -> np.ndarray:
    """Mask of the strings that are empty or start with one of :data:`SPACE_LEAD_BYTES`."""
    offsets, data = arrow_string_buffers(text)
    starts = offsets[:-1]
    empty = offsets[1:] == starts
    if data.size == 0:
        return empty
    return empty | SPACE_LEAD_BYTES[data[np.minimum(starts, data.size - 1)]]


def trimmed(text: pa.Array) -> pa.Array:
    """Strings without surrounding whitespace, blanks as null."""
    return empty_to_null(pc.utf8_trim_whitespace(text.cast(pa.string())))


def longer_than(text: pa.Array, limit: int) -> np.ndarray:
    """Mask of strings with more than ``limit`` characters (bytes are checked first: cheaper)."""
    if len(text) == 0 or (pc.max(pc.binary_length(text)).as_py() or 0) <= limit:
        return np.zeros(len(text), dtype=bool)
    return mask(pc.greater(pc.utf8_length(text), scalar(limit, pa.int32())))


def wrong_type(column: pa.Array, target: pa.DataType, expected: str) -> Coerced:
    """Every present value fails: the column's type cannot hold this field at all."""
    message = f"expected {expected}"
    return Coerced(pa.nulls(len(column), target), [(mask(pc.is_valid(column)), message)])


def invalid_where(values: pa.Array, failed: np.ndarray) -> pa.Array:
    """The values with failed rows set to null."""
    if not failed.any():
        return values
    return pc.if_else(pa.array(failed), scalar(None, values.type), values)
