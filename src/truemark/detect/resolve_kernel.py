"""Each listing's leading mark, in numba: one pass over the batch's marks instead of a sort of
them all and a group-by.

All numba functions live in this one module (numba's on-disk cache is invalidated by the
module's own file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True)
def leading_marks(
    height: int,
    row: np.ndarray,
    priority: np.ndarray,
    field: np.ndarray,
    start: np.ndarray,
    brand: np.ndarray,
    obfuscated: np.ndarray,
    legit: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per batch row: the mark that comes first by (priority, field, start, brand), -1 for a
    row without one; whether any of its marks is obfuscated; whether any is a legit mention;
    how many distinct brands its marks name."""
    best = np.full(height, -1, dtype=np.int64)
    any_obfuscated = np.zeros(height, dtype=np.bool_)
    any_legit = np.zeros(height, dtype=np.bool_)
    per_row = np.zeros(height + 1, dtype=np.int64)
    for mark in range(len(row)):
        r = row[mark]
        per_row[r + 1] += 1
        any_obfuscated[r] |= obfuscated[mark]
        any_legit[r] |= legit[mark]
        leader = best[r]
        if leader < 0:
            best[r] = mark
            continue
        if priority[mark] != priority[leader]:
            better = priority[mark] < priority[leader]
        elif field[mark] != field[leader]:
            better = field[mark] < field[leader]
        elif start[mark] != start[leader]:
            better = start[mark] < start[leader]
        else:
            better = brand[mark] < brand[leader]
        if better:
            best[r] = mark
    for r in range(height):  # marks by row (a counting sort), then distinct brands per row
        per_row[r + 1] += per_row[r]
    placed = per_row[:-1].copy()
    by_row = np.empty(len(row), dtype=np.int64)
    for mark in range(len(row)):
        by_row[placed[row[mark]]] = mark
        placed[row[mark]] += 1
    brands = np.zeros(height, dtype=np.int32)
    for r in range(height):
        for place in range(per_row[r], per_row[r + 1]):
            named = brand[by_row[place]]
            seen = False
            for earlier in range(per_row[r], place):
                if brand[by_row[earlier]] == named:
                    seen = True
                    break
            if not seen:
                brands[r] += 1
    return best, any_obfuscated, any_legit, brands
