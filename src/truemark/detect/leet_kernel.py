"""Leet readings of a scannable column, in numba: which rows each leet table changes, and those
rows read through the table, in one pass over the column's bytes per table.

numpy did the same in five passes (a byte-class lookup, a per-row reduction, a mask of the
kept bytes, a gather, the table lookup) at about four times the cost. All numba functions live
in this one module (numba's on-disk cache is invalidated by the module's own file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True)
def leet_readings(
    data: np.ndarray,
    offsets: np.ndarray,
    byte_class: np.ndarray,
    tables: np.ndarray,
    any_of: np.ndarray,
    all_of: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, bytes, offsets) of the readings: for each table in order, the rows whose bytes'
    classes (OR of ``byte_class``) share a bit with ``any_of[table]`` and hold every bit of
    ``all_of[table]``, each read through ``tables[table]`` (256 bytes to 256 bytes)."""
    rows = len(offsets) - 1
    classes = np.zeros(rows, dtype=np.uint8)
    for row in range(rows):
        bits = np.uint8(0)
        for place in range(offsets[row], offsets[row + 1]):
            bits |= byte_class[data[place]]
        classes[row] = bits
    count, size = 0, 0
    for table in range(tables.shape[0]):
        for row in range(rows):
            bits = classes[row]
            if (bits & any_of[table]) != 0 and (bits & all_of[table]) == all_of[table]:
                count += 1
                size += offsets[row + 1] - offsets[row]
    out_row = np.empty(count, dtype=np.int64)
    out_offsets = np.zeros(count + 1, dtype=np.int64)
    out = np.empty(size, dtype=np.uint8)
    count, size = 0, 0
    for table in range(tables.shape[0]):
        reading = tables[table]
        for row in range(rows):
            bits = classes[row]
            if (bits & any_of[table]) != 0 and (bits & all_of[table]) == all_of[table]:
                for place in range(offsets[row], offsets[row + 1]):
                    out[size] = reading[data[place]]
                    size += 1
                out_row[count] = row
                count += 1
                out_offsets[count] = size
    return out_row, out, out_offsets
