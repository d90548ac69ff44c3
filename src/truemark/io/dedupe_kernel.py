"""An open-addressing set of 64-bit key hashes, in numba: one probe sequence per key.

All numba functions live in this one module (numba's on-disk cache is invalidated by the
module's own file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np

EMPTY = np.uint64(0)
"""A free slot; a hash of 0 is kept as 1."""


@nb.njit(cache=True)
def add_new(table: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, int]:
    """Add ``hashes`` in order to the set ``table`` (a power-of-two size, never full): which of
    them were there already (from before, or earlier in ``hashes``), and how many were added."""
    mask = np.uint64(len(table) - 1)
    again = np.zeros(len(hashes), dtype=np.bool_)
    added = 0
    for place in range(len(hashes)):
        key = hashes[place] if hashes[place] != EMPTY else np.uint64(1)
        slot = key & mask
        while True:
            held = table[slot]
            if held == EMPTY:
                table[slot] = key
                added += 1
                break
            if held == key:
                again[place] = True
                break
            slot = (slot + np.uint64(1)) & mask
    return again, added


@nb.njit(cache=True)
def regrown(table: np.ndarray, size: int) -> np.ndarray:
    """The set ``table`` in a table of ``size`` slots (a power of two, larger)."""
    grown = np.zeros(size, dtype=np.uint64)
    mask = np.uint64(size - 1)
    for held in table:
        if held != EMPTY:
            slot = held & mask
            while grown[slot] != EMPTY:
                slot = (slot + np.uint64(1)) & mask
            grown[slot] = held
    return grown
