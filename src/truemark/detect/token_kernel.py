"""The fuzzy matcher's tokens of a string column, in numba: one pass over the column's UTF-8
bytes that finds every token and hashes it, with no string made per token.

A token is what ``re.findall(r"[a-z0-9@$!|]{4,24}", text.lower())`` finds in an ASCII text:
a run of token characters, split into pieces of ``longest`` from its start (the last piece
kept when it holds ``shortest`` or more). Capitals count as their lower case; any other byte,
and every byte of a multi-byte character, ends a run. polars' ``extract_all`` and ``explode``
did the same at about four times the cost. All numba functions live in this one module
(numba's on-disk cache is invalidated by the module's own file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np

TOKEN_BYTE = np.zeros(256, dtype=np.bool_)
for _ranges in (("a", "z"), ("A", "Z"), ("0", "9")):
    TOKEN_BYTE[ord(_ranges[0]) : ord(_ranges[1]) + 1] = True
TOKEN_BYTE[[ord(c) for c in "@$!|"]] = True
LOWER = np.arange(256, dtype=np.uint8)
LOWER[ord("A") : ord("Z") + 1] += ord("a") - ord("A")
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


@nb.njit(cache=True)
def token_spans(
    data: np.ndarray,
    offsets: np.ndarray,
    rows: np.ndarray,
    shortest: int,
    longest: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(row, start, end, hash) of every token of the given rows, in row order then position;
    ``start``/``end`` index ``data``; the hash (64-bit FNV-1a) is of the lower-cased bytes."""
    capacity = 0
    for row in rows:
        capacity += (offsets[row + 1] - offsets[row]) // shortest + 1
    found_row = np.empty(capacity, dtype=np.int64)
    found_start = np.empty(capacity, dtype=np.int64)
    found_end = np.empty(capacity, dtype=np.int64)
    found_hash = np.empty(capacity, dtype=np.uint64)
    count = 0
    for row in rows:
        at, stop = offsets[row], offsets[row + 1]
        while at < stop:
            if not TOKEN_BYTE[data[at]]:
                at += 1
                continue
            end = at
            while end < stop and TOKEN_BYTE[data[end]] and end - at < longest:
                end += 1
            if end - at >= shortest:
                digest = _FNV_OFFSET
                for place in range(at, end):
                    digest = (digest ^ np.uint64(LOWER[data[place]])) * _FNV_PRIME
                found_row[count], found_start[count], found_end[count] = row, at, end
                found_hash[count] = digest
                count += 1
            at = end
    return found_row[:count], found_start[:count], found_end[:count], found_hash[:count]


@nb.njit(cache=True)
def distinct_ids(digest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(id of each hash, first place of each id): ids number the distinct hashes in the order
    they first appear. An open-addressing table, so no sort of all the tokens."""
    size = 16
    while size < 2 * len(digest):
        size *= 2
    slot_hash = np.zeros(size, dtype=np.uint64)
    slot_id = np.full(size, -1, dtype=np.int64)
    ids = np.empty(len(digest), dtype=np.int64)
    first = np.empty(len(digest), dtype=np.int64)
    count = 0
    mask = np.uint64(size - 1)
    for place in range(len(digest)):
        value = digest[place]
        slot = np.int64(value & mask)
        while slot_id[slot] >= 0 and slot_hash[slot] != value:
            slot = (slot + 1) & (size - 1)
        if slot_id[slot] < 0:
            slot_hash[slot], slot_id[slot] = value, count
            first[count] = place
            count += 1
        ids[place] = slot_id[slot]
    return ids, first[:count]
