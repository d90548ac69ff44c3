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
def read_words(row: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which hits a reading left to right keeps, taking no two that overlap, as polars'
    ``extract_many`` reads a text: its Aho-Corasick automaton reports the match that ends first
    (of those that end there, the longest: a state's own word comes before its suffixes'),
    then starts again where it ended. Hits come as a scan returns them, by row, and by end
    within a row (ValueError otherwise); a row's hits that end together are one group."""
    keep = np.zeros(len(row), dtype=np.bool_)
    hit, last_row, last_end, reach = 0, -1, 0, 0
    while hit < len(row):
        here, ends = row[hit], end[hit]
        if here != last_row:
            if here < last_row:
                raise ValueError("hits out of row order")
            last_row, reach = here, 0
        elif ends < last_end:
            raise ValueError("hits out of end order")
        last_end, longest = ends, -1
        while hit < len(row) and row[hit] == here and end[hit] == ends:
            if start[hit] >= reach and (longest < 0 or start[hit] < start[longest]):
                longest = hit
            hit += 1
        if longest >= 0:
            keep[longest] = True
            reach = ends
    return keep
