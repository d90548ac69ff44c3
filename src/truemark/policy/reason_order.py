"""Each listing's reason codes, strongest first, in one pass over the strengths (numba).

The whole-array form found the positive strengths (``np.nonzero`` over every code of every
listing), sorted them all by one key, listing + (1 - strength) / 2, and gathered: 10 ms of a
65,536-listing batch. Here each listing's few codes are sorted where they are, by that same key
(so that strengths a rounding apart tie as they did), ties in declared order.
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True)
def ordered_codes(strengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, codes): listing i's codes with positive strength are
    ``codes[offsets[i]:offsets[i + 1]]``, strongest first; ``strengths`` is (codes x listings)."""
    width, listings = strengths.shape
    offsets = np.zeros(listings + 1, dtype=np.int64)
    for listing in range(listings):
        count = 0
        for code in range(width):
            if strengths[code, listing] > 0.0:
                count += 1
        offsets[listing + 1] = offsets[listing] + count
    codes = np.empty(offsets[listings], dtype=np.uint32)
    keys = np.empty(width, dtype=np.float64)
    for listing in range(listings):
        at = offsets[listing]
        count = 0
        for code in range(width):
            strength = strengths[code, listing]
            if strength > 0.0:
                key = listing + (1.0 - min(strength, 1.0)) * 0.5
                place = count  # insertion sort, stable: a tie stays behind
                while place > 0 and keys[place - 1] > key:
                    keys[place] = keys[place - 1]
                    codes[at + place] = codes[at + place - 1]
                    place -= 1
                keys[place] = key
                codes[at + place] = code
                count += 1
    return offsets, codes
