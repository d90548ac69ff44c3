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

Tables = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # offsets, rows, inline, words
QueryBatch = tuple[np.ndarray, np.ndarray, np.ndarray]  # query offsets, order, kept words
Found = tuple[np.ndarray, np.ndarray, np.ndarray]  # query, row, distance


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
def _filter_passes(
    left: np.uint64, right: np.uint64, chunk: int, first: int, last: int, inline: np.ndarray,
    radius: int,
) -> int:  # fmt: skip
    """How many bucket slots pass the 128-bit partial-distance filter (branch-free, SIMD)."""
    passes = 0
    for slot in range(first, last):
        partial = _popcount(left ^ inline[chunk, 0, slot]) + _popcount(
            right ^ inline[chunk, 1, slot]
        )
        passes += partial <= radius
    return passes


@nb.njit(cache=True, inline="always")
def _scan_bucket(
    query: np.ndarray, chunk: int, first: int, last: int, tables: Tables, radius: int,
    out_rows: np.ndarray, out_distances: np.ndarray, start: int,
) -> int:  # fmt: skip
    """Matches of ``query`` in bucket slots first..last, written from ``start`` if buffers exist."""
    _offsets, rows, inline, words = tables
    kept_first, kept_second = filter_words(chunk)
    found = 0
    for slot in range(first, last):
        partial = _popcount(query[kept_first] ^ inline[chunk, 0, slot])
        if partial + _popcount(query[kept_second] ^ inline[chunk, 1, slot]) > radius:
            continue
        row = rows[chunk, slot]
        distance = _distance(query, words[row])
        if distance > radius or _found_earlier(query, words[row], chunk, radius // CHUNKS):
            continue
        if out_rows.shape[0] > 0:
            out_rows[start + found] = row
            out_distances[start + found] = distance
        found += 1
    return found


@nb.njit(cache=True, parallel=True)
def count_matches(
    queries: np.ndarray, batch: QueryBatch, masks: np.ndarray, tables: Tables, radius: int,
    counts: np.ndarray,
) -> None:  # fmt: skip
    """Pass 1: counts[chunk, probe, position] = matches first found by that probe.

    ``position`` is the query's place in ``batch`` order (queries sorted by chunk value), so the
    queries probing a bucket are read, and their counts written, in sequence.
    """
    query_offsets, query_order, query_kept = batch
    offsets, _rows, inline, _words = tables
    none_rows = np.empty(0, np.int64)
    none_distances = np.empty(0, np.int32)
    blocks = CHUNK_VALUES // BUCKET_BLOCK
    for task in nb.prange(CHUNKS * blocks):
        chunk = task // blocks
        for value in range((task % blocks) * BUCKET_BLOCK, (task % blocks + 1) * BUCKET_BLOCK):
            first, last = offsets[chunk, value], offsets[chunk, value + 1]
            if first == last:
                continue
            for probe in range(masks.shape[0]):
                probed_by = value ^ masks[probe]
                for position in range(
                    query_offsets[chunk, probed_by], query_offsets[chunk, probed_by + 1]
                ):
                    left, right = query_kept[chunk, 0, position], query_kept[chunk, 1, position]
                    if _filter_passes(left, right, chunk, first, last, inline, radius) == 0:
                        continue
                    counts[chunk, probe, position] = _scan_bucket(
                        queries[query_order[chunk, position]], chunk, first, last, tables,
                        radius, none_rows, none_distances, 0,
                    )  # fmt: skip


@nb.njit(cache=True, parallel=True)
def collect_matches(
    queries: np.ndarray, batch: QueryBatch, hits: np.ndarray, starts: np.ndarray,
    masks: np.ndarray, tables: Tables, radius: int, found: Found,
) -> None:  # fmt: skip
    """Pass 2: write the matches of every (chunk, probe, position) that pass 1 counted."""
    _query_offsets, query_order, _query_kept = batch
    offsets = tables[0]
    out_queries, out_rows, out_distances = found
    for index in nb.prange(hits.shape[0]):
        chunk, probe, query = (
            hits[index, 0],
            hits[index, 1],
            query_order[hits[index, 0], hits[index, 2]],
        )
        value = chunk_value(queries[query], chunk) ^ masks[probe]
        written = _scan_bucket(
            queries[query], chunk, offsets[chunk, value], offsets[chunk, value + 1], tables,
            radius, out_rows, out_distances, starts[index],
        )  # fmt: skip
        out_queries[starts[index] : starts[index] + written] = query
