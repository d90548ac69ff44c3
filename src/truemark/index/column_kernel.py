"""Rows of a scannable column (:class:`truemark.index.scanner.Column`) taken or replaced in
numba, by copying bytes: no string column is built and prepared again; and which rows hold
ASCII only.

All numba functions live in this one module (numba's on-disk cache is invalidated by the
module's own file only; the intrinsics of :mod:`~truemark.index.byte_copy` are compiled into
them).
"""

from __future__ import annotations

import numba as nb
import numpy as np

from truemark.index.byte_copy import HIGH_BITS, copy_bytes, load_word


@nb.njit(cache=True)
def take_rows(
    values: np.ndarray, offsets: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(values, offsets) of the given rows, in the order given."""
    out_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    for place in range(len(rows)):
        row = rows[place]
        out_offsets[place + 1] = out_offsets[place] + offsets[row + 1] - offsets[row]
    out = np.empty(out_offsets[len(rows)], dtype=np.uint8)
    for place in range(len(rows)):
        row = rows[place]
        copy_bytes(out, out_offsets[place], values, offsets[row], offsets[row + 1] - offsets[row])
    return out, out_offsets


@nb.njit(cache=True)
def splice_rows(
    values: np.ndarray,
    offsets: np.ndarray,
    rows: np.ndarray,
    new_values: np.ndarray,
    new_offsets: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(values, offsets) of the column with row ``rows[i]`` (sorted, distinct) replaced by row
    ``i`` of the new rows; the rows between are copied in runs."""
    count = len(offsets) - 1
    out_offsets = np.empty(count + 1, dtype=np.int64)
    out_offsets[0] = 0
    size = offsets[count] - offsets[0]
    for place in range(len(rows)):
        row = rows[place]
        size += new_offsets[place + 1] - new_offsets[place] - (offsets[row + 1] - offsets[row])
    out = np.empty(size, dtype=np.uint8)
    written, row_from = 0, 0
    for place in range(len(rows) + 1):
        row_to = rows[place] if place < len(rows) else count  # rows row_from..row_to-1 as they are
        run = offsets[row_to] - offsets[row_from]
        copy_bytes(out, written, values, offsets[row_from], run)
        for row in range(row_from, row_to):
            out_offsets[row + 1] = out_offsets[row] + offsets[row + 1] - offsets[row]
        written += run
        if place < len(rows):
            first, last = new_offsets[place], new_offsets[place + 1]
            length = last - first
            copy_bytes(out, written, new_values, first, length)
            out_offsets[row_to + 1] = out_offsets[row_to] + length
            written += length
            row_from = row_to + 1
    return out, out_offsets


@nb.njit(cache=True)
def ascii_only(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per row: whether its bytes are all ASCII. A row of eight bytes or more is read as words
    of eight (its last word overlapping the one before), up to the first word with a high bit;
    a shorter one byte by byte. polars' test of bytes against characters cost 1.0-1.1 ms a
    field of a batch, this 0.6-0.7."""
    rows = len(offsets) - 1
    ascii = np.empty(rows, dtype=np.bool_)
    for row in range(rows):
        at, end = offsets[row], offsets[row + 1]
        if end - at >= 8:
            seen = np.uint64(0)
            while at + 8 < end and not seen & HIGH_BITS:
                seen |= load_word(values, at)
                at += 8
            seen |= load_word(values, end - 8)
            ascii[row] = not seen & HIGH_BITS
        else:
            byte = np.uint8(0)
            while at < end:
                byte |= values[at]
                at += 1
            ascii[row] = byte < 0x80
    return ascii
