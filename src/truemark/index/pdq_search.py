"""Exact radius search over 256-bit PDQ hashes by multi-index hashing (Norouzi et al.), in numba.

A hash is 4 uint64 words, cut into 16 chunks of 16 bits. By pigeonhole, a stored hash within
Hamming distance ``r`` of a query agrees with it within ``r // 16`` bits on at least one chunk,
so probing every chunk's buckets at that sub-radius finds every match. Per chunk the entries are
sorted by chunk value (CSR ``offsets``) and keep a copy of two other words inline: the partial
distance over those 128 bits rejects almost every wrong candidate while the scan reads memory in
order; survivors are verified on the full hash. Work is grouped by bucket (all queries that probe
a bucket are served while it is in cache), and a match reachable through several chunks is
reported only from the first of them, so results need no deduplication.
"""

from __future__ import annotations

import numba as nb
import numpy as np
from numba import types
from numba.core.extending import intrinsic

CHUNKS = 16
CHUNK_VALUES = 1 << 16
BUCKET_BLOCK = 256


@intrinsic
def _popcount(typingctx: object, word: types.Type) -> tuple[object, object]:
    """LLVM ctpop on one uint64 (a single POPCNT instruction)."""
    signature = types.uint64(types.uint64)

    def codegen(context: object, builder: object, sig: object, args: list[object]) -> object:
        return builder.ctpop(args[0])  # type: ignore[attr-defined]

    return signature, codegen


@nb.njit(cache=True, inline="always")
def chunk_value(words: np.ndarray, chunk: int) -> int:
    """The 16-bit value of ``chunk`` (0..15) of a hash given as 4 uint64 words."""
    return int((words[chunk >> 2] >> np.uint64((chunk & 3) * 16)) & np.uint64(0xFFFF))


@nb.njit(cache=True, inline="always")
def filter_words(chunk: int) -> tuple[int, int]:
    """The two words kept inline for ``chunk``: the two that do not contain it."""
    return (2, 3) if (chunk >> 2) < 2 else (0, 1)


@nb.njit(cache=True, inline="always")
def _distance(query: np.ndarray, entry: np.ndarray) -> int:
    total = _popcount(query[0] ^ entry[0]) + _popcount(query[1] ^ entry[1])
    return int(total + _popcount(query[2] ^ entry[2]) + _popcount(query[3] ^ entry[3]))


@nb.njit(cache=True, inline="always")
def _found_earlier(query: np.ndarray, entry: np.ndarray, chunk: int, sub_radius: int) -> bool:
    """True when an earlier chunk also reaches this entry (the match is reported there)."""
    for earlier in range(chunk):
        differing = chunk_value(query, earlier) ^ chunk_value(entry, earlier)
        if _popcount(np.uint64(differing)) <= sub_radius:
            return True
    return False


@nb.njit(cache=True, inline="always")
def _scan_bucket(
    query: np.ndarray,
    chunk: int,
    value: int,
    offsets: np.ndarray,
    rows: np.ndarray,
    inline: np.ndarray,
    words: np.ndarray,
    radius: int,
    sub_radius: int,
    out_rows: np.ndarray,
    out_distances: np.ndarray,
    start: int,
) -> int:
    """Matches of ``query`` in one bucket; written from ``start`` when the buffers are non-empty."""
    first, second = filter_words(chunk)
    found = 0
    for slot in range(offsets[chunk, value], offsets[chunk, value + 1]):
        partial = _popcount(query[first] ^ inline[chunk, slot, 0])
        if partial + _popcount(query[second] ^ inline[chunk, slot, 1]) > radius:
            continue
        row = rows[chunk, slot]
        distance = _distance(query, words[row])
        if distance > radius or _found_earlier(query, words[row], chunk, sub_radius):
            continue
        if out_rows.shape[0] > 0:
            out_rows[start + found] = row
            out_distances[start + found] = distance
        found += 1
    return found


@nb.njit(cache=True, parallel=True)
def count_matches(
    queries: np.ndarray,
    query_offsets: np.ndarray,
    query_order: np.ndarray,
    masks: np.ndarray,
    offsets: np.ndarray,
    rows: np.ndarray,
    inline: np.ndarray,
    words: np.ndarray,
    radius: int,
    sub_radius: int,
    counts: np.ndarray,
) -> None:
    """counts[chunk, probe, query] = matches first found through that probe (pass 1)."""
    none_rows = np.empty(0, np.int64)
    none_distances = np.empty(0, np.int32)
    blocks = CHUNK_VALUES // BUCKET_BLOCK
    for task in nb.prange(CHUNKS * blocks):
        chunk = task // blocks
        for value in range((task % blocks) * BUCKET_BLOCK, (task % blocks + 1) * BUCKET_BLOCK):
            if offsets[chunk, value] == offsets[chunk, value + 1]:
                continue
            for probe in range(masks.shape[0]):
                probed_by = value ^ masks[probe]
                for position in range(query_offsets[chunk, probed_by], query_offsets[chunk, probed_by + 1]):
                    query = query_order[chunk, position]
                    counts[chunk, probe, query] = _scan_bucket(
                        queries[query], chunk, value, offsets, rows, inline, words,
                        radius, sub_radius, none_rows, none_distances, 0,
                    )  # fmt: skip


@nb.njit(cache=True, parallel=True)
def collect_matches(
    queries: np.ndarray,
    hits: np.ndarray,
    starts: np.ndarray,
    masks: np.ndarray,
    offsets: np.ndarray,
    rows: np.ndarray,
    inline: np.ndarray,
    words: np.ndarray,
    radius: int,
    sub_radius: int,
    out_queries: np.ndarray,
    out_rows: np.ndarray,
    out_distances: np.ndarray,
) -> None:
    """Write the matches of every (chunk, probe, query) that pass 1 counted (pass 2)."""
    for index in nb.prange(hits.shape[0]):
        chunk, probe, query = hits[index, 0], hits[index, 1], hits[index, 2]
        value = chunk_value(queries[query], chunk) ^ masks[probe]
        found = _scan_bucket(
            queries[query], chunk, value, offsets, rows, inline, words,
            radius, sub_radius, out_rows, out_distances, starts[index],
        )  # fmt: skip
        out_queries[starts[index] : starts[index] + found] = query
