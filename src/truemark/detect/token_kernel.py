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
TOKEN_LOWER = np.where(TOKEN_BYTE, LOWER, 0).astype(np.uint8)
"""A token byte's lower case, 0 for any other byte."""
FNV_OFFSET = np.uint64(0xCBF29CE484222325)
FNV_PRIME = np.uint64(0x100000001B3)


@nb.njit(cache=True)
def token_spans(
    data: np.ndarray,
    offsets: np.ndarray,
    rows: np.ndarray,
    shortest: int,
    longest: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(row, start, end, hash) of every token of the given rows, in row order then position;
    ``start``/``end`` index ``data``; the hash (64-bit FNV-1a) is of the lower-cased bytes,
    taken as the token is read. Positions are unsigned, so numba checks no negative index."""
    capacity = 0
    for row in rows:
        capacity += (offsets[row + 1] - offsets[row]) // shortest + 1
    found_row = np.empty(capacity, dtype=np.int64)
    found_start = np.empty(capacity, dtype=np.int64)
    found_end = np.empty(capacity, dtype=np.int64)
    found_hash = np.empty(capacity, dtype=np.uint64)
    count = 0
    for row in rows:
        at, stop = np.uint64(offsets[row]), np.uint64(offsets[row + 1])
        while at < stop:
            if TOKEN_LOWER[data[at]] == 0:
                at += np.uint64(1)
                continue
            begin, limit = at, min(stop, at + np.uint64(longest))
            digest = FNV_OFFSET
            while at < limit:
                byte = TOKEN_LOWER[data[at]]
                if byte == 0:
                    break
                digest = (digest ^ np.uint64(byte)) * FNV_PRIME
                at += np.uint64(1)
            if at - begin >= np.uint64(shortest):
                found_row[count], found_start[count], found_end[count] = row, begin, at
                found_hash[count] = digest
                count += 1
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


@nb.njit(cache=True)
def same_words(
    data: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    word_bytes: np.ndarray,
    word_offsets: np.ndarray,
    which: np.ndarray,
) -> np.ndarray:
    """For each token (``data[start:end]``, read in lower case): whether it is word
    ``which[i]`` of the words (``word_bytes`` split at ``word_offsets``; -1: no word)."""
    same = np.zeros(len(start), dtype=np.bool_)
    for token in range(len(start)):
        word = which[token]
        if word < 0:
            continue
        first, length = word_offsets[word], end[token] - start[token]
        if word_offsets[word + 1] - first != length:
            continue
        equal = True
        for place in range(length):
            if LOWER[data[start[token] + place]] != word_bytes[first + place]:
                equal = False
                break
        same[token] = equal
    return same
