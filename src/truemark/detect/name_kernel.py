"""A hash table of many distinct names (a seller context's ids), in numba: a string column's
positions among them in one pass over its bytes, whatever the number of names.

polars' cast of a column to an enum of the names builds its map of the names on every call:
25 ms a batch for 250,000 sellers, where this table, built once, costs about 3 ms (the names'
slots are read at random; 1.6 ms where they are few). The hash is FNV-1a without a seed:
names made to collide (they are the platform's own seller ids) would cost probes, never a
wrong position, since every hit is checked against the name's bytes.
Names and values are UTF-8 bytes with int64 offsets (an Arrow large-string column's). All numba
functions live in this one module (numba's on-disk cache is invalidated by the module's own
file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np

from truemark.detect.token_kernel import FNV_OFFSET, FNV_PRIME


@nb.njit(cache=True, inline="always")
def _hash(data: np.ndarray, start: int, end: int) -> np.uint64:
    """FNV-1a (64 bits) of ``data[start:end]``."""
    value = FNV_OFFSET
    for at in range(start, end):
        value = (value ^ np.uint64(data[at])) * FNV_PRIME
    return value


@nb.njit(cache=True, inline="always")
def _same(data: np.ndarray, start: int, end: int, other: np.ndarray, at: int, stop: int) -> bool:
    """Whether ``data[start:end]`` and ``other[at:stop]`` are the same bytes."""
    if end - start != stop - at:
        return False
    offset = 0
    while offset < end - start and data[start + offset] == other[at + offset]:
        offset += 1
    return offset == end - start


@nb.njit(cache=True, inline="always")
def _slot(
    slots: np.ndarray,
    names: np.ndarray,
    name_offsets: np.ndarray,
    data: np.ndarray,
    start: int,
    end: int,
) -> np.uint64:
    """The slot of ``data[start:end]`` among the names in ``slots`` (their bytes ``names`` at
    ``name_offsets``): where it is, or the empty slot where it would go."""
    mask = np.uint64(len(slots) - 1)
    slot = _hash(data, start, end) & mask
    while slots[slot] >= 0:
        name = slots[slot]
        if _same(data, start, end, names, name_offsets[name], name_offsets[name + 1]):
            break
        slot = (slot + np.uint64(1)) & mask
    return slot


@nb.njit(cache=True)
def build_table(offsets: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Open addressing, linear probing: slot -> name position (-1: empty), a power of two of
    slots at least twice the names. Names are distinct (a repeat would keep its first)."""
    size = 16
    while size < 2 * (len(offsets) - 1):
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)
    for name in range(len(offsets) - 1):
        slot = _slot(slots, data, offsets, data, offsets[name], offsets[name + 1])
        if slots[slot] < 0:
            slots[slot] = name
    return slots


@nb.njit(cache=True)
def look_up(
    slots: np.ndarray,
    name_offsets: np.ndarray,
    name_data: np.ndarray,
    offsets: np.ndarray,
    data: np.ndarray,
) -> np.ndarray:
    """Each value's name position (``slots`` from :func:`build_table` of the names), -1 for a
    value that is no name."""
    found = np.empty(len(offsets) - 1, dtype=np.int64)
    for row in range(len(offsets) - 1):
        start, end = offsets[row], offsets[row + 1]
        found[row] = slots[_slot(slots, name_data, name_offsets, data, start, end)]
    return found
