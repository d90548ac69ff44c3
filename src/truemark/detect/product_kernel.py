"""The product a title names most often, in numba: one pass over its word hits instead of a
join of hits to products, a sort of every (row, product) pair and a group-by.

All numba functions live in this one module (numba's on-disk cache is invalidated by the
module's own file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True)
def products_named_most(
    rows: int,
    row: np.ndarray,
    word: np.ndarray,
    word_entries: np.ndarray,
    entry_product: np.ndarray,
    product_brand: np.ndarray,
    row_brand: np.ndarray,
    product_rank: np.ndarray,
) -> np.ndarray:
    """Per row (of ``rows``): the product of the row's brand (``row_brand``) that its words
    (hits ``row``, ``word``, in any order) name most often, -1 for none. Word ``w`` names the
    products ``entry_product[word_entries[w] : word_entries[w + 1]]``; a word named twice
    counts twice. A tie goes to the lowest ``product_rank``, then the lowest product number."""
    per_row = np.zeros(rows + 1, dtype=np.int64)
    for hit in range(len(row)):
        per_row[row[hit] + 1] += 1
    per_row = np.cumsum(per_row)
    order = np.empty(len(row), dtype=np.int64)
    filled = per_row[:-1].copy()
    for hit in range(len(row)):  # hits grouped by row, a counting sort
        order[filled[row[hit]]] = hit
        filled[row[hit]] += 1
    best = np.full(rows, -1, dtype=np.int64)
    count = np.zeros(len(product_brand), dtype=np.int64)
    touched = np.empty(len(entry_product) + 1, dtype=np.int64)
    for r in range(rows):
        seen = 0
        for place in range(per_row[r], per_row[r + 1]):
            w = word[order[place]]
            for entry in range(word_entries[w], word_entries[w + 1]):
                product = entry_product[entry]
                if product_brand[product] != row_brand[r]:
                    continue
                if count[product] == 0:
                    touched[seen] = product
                    seen += 1
                count[product] += 1
        leader, most = -1, 0
        for k in range(seen):
            product = touched[k]
            times = count[product]
            count[product] = 0
            if (
                times > most
                or (times == most and product_rank[product] < product_rank[leader])
                or (
                    times == most
                    and product_rank[product] == product_rank[leader]
                    and product < leader
                )
            ):
                leader, most = product, times
        best[r] = leader
    return best


@nb.njit(cache=True)
def crowded_rows(rows: int, row: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per row (of ``rows``): whether two of its hits overlap. Hits come as a scan returns
    them, by row, and by end within a row (ValueError otherwise): a hit then overlaps one
    before it exactly when it starts before the furthest end of those."""
    crowded = np.zeros(rows, dtype=np.bool_)
    reach, last_row, last_end = 0, -1, 0
    for hit in range(len(row)):
        if row[hit] != last_row:
            if row[hit] < last_row:
                raise ValueError("hits out of row order")
            last_row, reach = row[hit], 0
        elif end[hit] < last_end:
            raise ValueError("hits out of end order")
        if start[hit] < reach:
            crowded[last_row] = True
        reach, last_end = max(reach, end[hit]), end[hit]
    return crowded
