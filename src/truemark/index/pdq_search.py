"""Exact radius search over 256-bit PDQ hashes by multi-index hashing (Norouzi et al.), in numba.

A hash is 4 uint64 words, cut into 16 chunks of 16 bits. By pigeonhole, a stored hash within
Hamming distance ``r`` of a query agrees with it within ``r // 16`` bits on at least one chunk,
so probing every chunk's buckets at that sub-radius finds every match. Per chunk the entries are
sorted by chunk value (CSR ``offsets``) and keep a copy of their first two words (chunks 0..7)
inline: the partial distance over those 128 bits rejects almost every wrong candidate while the
scan reads memory in order, and survivors are verified on the full hash. Work is grouped by
bucket (all queries that probe a bucket are served while it is in cache). A match reachable
through several chunks is reported only from the first of them, so results need no
deduplication; the inline words settle that for chunks 0..7 before the full hash is read.

All numba functions live in this one module on purpose: numba's on-disk cache is invalidated
by the module's own file only, so a kernel inlined from another module could go stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numba as nb
import numpy as np
from numba import types
from numba.core.extending import intrinsic

CHUNKS = 16
CHUNK_VALUES = 1 << 16
BUCKET_BLOCK = 256
TASKS = CHUNKS * CHUNK_VALUES // BUCKET_BLOCK
WAITING = 64  # queries served together by one bucket visit

Tables = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # offsets, rows, inline, words
QueryBatch = tuple[np.ndarray, np.ndarray, np.ndarray]  # query offsets, order, kept words
Found = tuple[np.ndarray, np.ndarray, np.ndarray]  # query, row, distance


def _ctpop(typingctx: object, word: types.Type) -> tuple[object, object]:
    """LLVM ctpop on one uint64 (a single POPCNT instruction)."""
    signature = types.uint64(types.uint64)

    def codegen(context: object, builder: Any, sig: object, args: list[object]) -> object:
        return builder.ctpop(args[0])

    return signature, codegen


_popcount = cast(Callable[[Any], int], intrinsic(_ctpop))


@nb.njit(cache=True, inline="always")
def chunk_value(words: np.ndarray, chunk: int) -> int:
    """The 16-bit value of ``chunk`` (0..15) of a hash given as 4 uint64 words."""
    return int((words[chunk >> 2] >> np.uint64((chunk & 3) * 16)) & np.uint64(0xFFFF))


@nb.njit(cache=True, inline="always")
def _distance(query: np.ndarray, entry: np.ndarray) -> int:
    """Hamming distance of two hashes given as 4 uint64 words."""
    total = _popcount(query[0] ^ entry[0]) + _popcount(query[1] ^ entry[1])
    return int(total + _popcount(query[2] ^ entry[2]) + _popcount(query[3] ^ entry[3]))


@nb.njit(cache=True, inline="always")
def _close(left: np.uint64, right: np.uint64, chunk: int, sub_radius: int) -> bool:
    """Whether two words agree within ``sub_radius`` bits on ``chunk`` (a chunk of theirs)."""
    shift = np.uint64((chunk & 3) * 16)
    return _popcount(((left ^ right) >> shift) & np.uint64(0xFFFF)) <= sub_radius


@nb.njit(cache=True, inline="always")
def _found_earlier_inline(
    query: np.ndarray, inline: np.ndarray, chunk: int, slot: int, sub_radius: int
) -> bool:
    """Whether one of chunks 0..min(chunk, 8) - 1 also reaches the slot, read from inline words."""
    for earlier in range(min(chunk, 8)):
        if _close(query[earlier >> 2], inline[chunk, earlier >> 2, slot], earlier, sub_radius):
            return True
    return False


@nb.njit(cache=True, inline="always")
def _reached_earlier(
    query: np.ndarray, entry: np.ndarray, first: int, chunk: int, sub_radius: int
) -> bool:
    """Whether one of chunks first..chunk - 1 also reaches the entry (it is reported from
    there)."""
    for earlier in range(first, chunk):
        if _close(query[earlier >> 2], entry[earlier >> 2], earlier, sub_radius):
            return True
    return False


@nb.njit(cache=True, inline="always")
def _filter_passes(
    left: np.uint64,
    right: np.uint64,
    chunk: int,
    first: int,
    last: int,
    inline: np.ndarray,
    radius: int,
) -> int:
    """How many bucket slots pass the 128-bit partial-distance filter (branch-free, SIMD)."""
    passes = 0
    for slot in range(first, last):
        partial = _popcount(left ^ inline[chunk, 0, slot]) + _popcount(
            right ^ inline[chunk, 1, slot]
        )
        passes += partial <= radius
    return passes


@nb.njit(cache=True, inline="always")
def _keep(found: Found, at: int, end: int, query_index: int, row: int, apart: int) -> None:
    """Write a match at found[at] while ``at`` is inside the task's room (below ``end``)."""
    if at < end:
        found[0][at] = query_index
        found[1][at] = row
        found[2][at] = apart


@nb.njit(cache=True, inline="always")
def _scan_bucket(
    query_index: int,
    queries: np.ndarray,
    chunk: int,
    first: int,
    last: int,
    tables: Tables,
    radius: int,
    found: Found,
    start: int,
    end: int,
) -> int:
    """Matches of one query in bucket slots first..last, written at found[start:end] while
    there is room; returns how many there are."""
    _offsets, rows, inline, words = tables
    query = queries[query_index]
    sub_radius = radius // CHUNKS
    matches = 0
    for slot in range(first, last):
        partial = _popcount(query[0] ^ inline[chunk, 0, slot])
        if partial + _popcount(query[1] ^ inline[chunk, 1, slot]) > radius:
            continue
        if _found_earlier_inline(query, inline, chunk, slot, sub_radius):
            continue
        row = rows[chunk, slot]
        apart = _distance(query, words[row])
        # chunks 0..7 were checked on the inline words above
        if apart > radius or _reached_earlier(query, words[row], 8, chunk, sub_radius):
            continue
        _keep(found, start + matches, end, query_index, row, apart)
        matches += 1
    return matches


@nb.njit(cache=True, inline="always")
def _serve_bucket(
    waiting: np.ndarray,
    count: int,
    queries: np.ndarray,
    batch: QueryBatch,
    chunk: int,
    first: int,
    last: int,
    tables: Tables,
    radius: int,
    found: Found,
    start: int,
    end: int,
) -> int:
    """Matches in one bucket of the ``count`` waiting queries (rows of ``waiting``: position,
    first word, second word, filter passes). The filter runs across queries: it vectorizes."""
    inline = tables[2]
    passes = waiting[3]
    passes[:count] = 0
    for slot in range(first, last):
        left, right = inline[chunk, 0, slot], inline[chunk, 1, slot]
        for index in range(count):
            partial = _popcount(waiting[1, index] ^ left) + _popcount(waiting[2, index] ^ right)
            passes[index] += partial <= radius
    matches = 0
    for index in range(count):
        if passes[index] > 0:
            query_index = batch[1][chunk, waiting[0, index]]
            matches += _scan_bucket(
                query_index,
                queries,
                chunk,
                first,
                last,
                tables,
                radius,
                found,
                start + matches,
                end,
            )
    return matches


@nb.njit(cache=True, inline="always")
def _search_task(
    task: int,
    queries: np.ndarray,
    batch: QueryBatch,
    masks: np.ndarray,
    tables: Tables,
    radius: int,
    found: Found,
    start: int,
    end: int,
) -> int:
    """All matches found through one chunk's block of bucket values, written at found[start:end]
    while there is room; returns how many there are.

    All queries probing a bucket are gathered (up to WAITING at a time) and served together
    while the bucket is in cache; queries sorted by chunk value are read in sequence.
    """
    query_offsets, _query_order, query_kept = batch
    offsets = tables[0]
    blocks = CHUNK_VALUES // BUCKET_BLOCK
    chunk = task // blocks
    waiting = np.empty((4, WAITING), np.uint64)
    matches = 0
    for value in range((task % blocks) * BUCKET_BLOCK, (task % blocks + 1) * BUCKET_BLOCK):
        first, last = offsets[chunk, value], offsets[chunk, value + 1]
        if first == last:
            continue
        count = 0
        for probe in range(masks.shape[0]):
            probed_by = value ^ masks[probe]
            for position in range(
                query_offsets[chunk, probed_by], query_offsets[chunk, probed_by + 1]
            ):
                waiting[0, count] = position
                waiting[1, count] = query_kept[chunk, 0, position]
                waiting[2, count] = query_kept[chunk, 1, position]
                count += 1
                if count == WAITING:
                    matches += _serve_bucket(
                        waiting,
                        count,
                        queries,
                        batch,
                        chunk,
                        first,
                        last,
                        tables,
                        radius,
                        found,
                        start + matches,
                        end,
                    )
                    count = 0
        if count > 0:
            matches += _serve_bucket(
                waiting,
                count,
                queries,
                batch,
                chunk,
                first,
                last,
                tables,
                radius,
                found,
                start + matches,
                end,
            )
    return matches


@nb.njit(cache=True, inline="always")
def _search_query(
    query_index: int,
    queries: np.ndarray,
    masks: np.ndarray,
    tables: Tables,
    radius: int,
    found: Found,
    start: int,
    end: int,
) -> int:
    """All matches of one query, probing its buckets directly (for batches too small to share
    bucket visits), written at found[start:end] while there is room; returns how many."""
    offsets, _rows, inline, _words = tables
    query = queries[query_index]
    matches = 0
    for chunk in range(CHUNKS):
        for probe in range(masks.shape[0]):
            value = chunk_value(query, chunk) ^ masks[probe]
            first, last = offsets[chunk, value], offsets[chunk, value + 1]
            if _filter_passes(query[0], query[1], chunk, first, last, inline, radius) == 0:
                continue
            matches += _scan_bucket(
                query_index,
                queries,
                chunk,
                first,
                last,
                tables,
                radius,
                found,
                start + matches,
                end,
            )
    return matches


@nb.njit(cache=True, parallel=True)
def search_tasks(
    tasks: np.ndarray,
    starts: np.ndarray,
    by_query: bool,
    queries: np.ndarray,
    batch: QueryBatch,
    masks: np.ndarray,
    tables: Tables,
    radius: int,
    found: Found,
    sizes: np.ndarray,
) -> None:
    """Run the listed tasks in parallel, task i writing its matches at found[starts[i]:
    starts[i + 1]] while there is room and its full match count in sizes[i] (a task that
    found more than its room is run again). A task is a query when ``by_query``, else a block
    of bucket values of one chunk."""
    for index in nb.prange(tasks.shape[0]):
        if by_query:
            sizes[index] = _search_query(
                tasks[index],
                queries,
                masks,
                tables,
                radius,
                found,
                starts[index],
                starts[index + 1],
            )
        else:
            sizes[index] = _search_task(
                tasks[index],
                queries,
                batch,
                masks,
                tables,
                radius,
                found,
                starts[index],
                starts[index + 1],
            )


@nb.njit(cache=True)
def sort_by_chunks(words: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashes (n, 4 words) sorted by each chunk's value, by counting (stable: rows in order
    within a value): offsets (16, 65537) into the order (16, n), and each hash's first two
    words in that order (16, 2, n) for the inline partial-distance filter."""
    rows = words.shape[0]
    offsets = np.zeros((CHUNKS, CHUNK_VALUES + 1), np.int64)
    order = np.empty((CHUNKS, rows), np.int32)
    kept = np.empty((CHUNKS, 2, rows), np.uint64)
    filled = np.empty(CHUNK_VALUES, np.int64)
    for chunk in range(CHUNKS):
        for row in range(rows):
            offsets[chunk, chunk_value(words[row], chunk) + 1] += 1
        for value in range(CHUNK_VALUES):
            offsets[chunk, value + 1] += offsets[chunk, value]
            filled[value] = offsets[chunk, value]
        for row in range(rows):
            value = chunk_value(words[row], chunk)
            slot = filled[value]
            filled[value] = slot + 1
            order[chunk, slot] = row
            kept[chunk, 0, slot] = words[row, 0]
            kept[chunk, 1, slot] = words[row, 1]
    return offsets, order, kept


@nb.njit(cache=True)
def sort_by_neighbours(words: np.ndarray, masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each hash filed under every chunk value within the sub-radius of its own (the value with
    each probe mask applied): offsets (16, 65537) into rows (16, n * masks). A query then finds
    every candidate of a chunk in the one bucket of its own value, instead of probing 17."""
    count = words.shape[0]
    offsets = np.zeros((CHUNKS, CHUNK_VALUES + 1), np.int64)
    rows = np.empty((CHUNKS, count * masks.shape[0]), np.int32)
    filled = np.empty(CHUNK_VALUES, np.int64)
    for chunk in range(CHUNKS):
        for row in range(count):
            value = chunk_value(words[row], chunk)
            for mask in masks:
                offsets[chunk, (value ^ mask) + 1] += 1
        for value in range(CHUNK_VALUES):
            offsets[chunk, value + 1] += offsets[chunk, value]
            filled[value] = offsets[chunk, value]
        for row in range(count):
            value = chunk_value(words[row], chunk)
            for mask in masks:
                slot = filled[value ^ mask]
                filled[value ^ mask] = slot + 1
                rows[chunk, slot] = row
    return offsets, rows


@nb.njit(cache=True)
def order_by_chunks(words: np.ndarray) -> np.ndarray:
    """(16, n) int32: per chunk, the hashes' positions in order of that chunk's value (a stable
    counting sort)."""
    count = words.shape[0]
    order = np.empty((CHUNKS, count), np.int32)
    filled = np.empty(CHUNK_VALUES + 1, np.int64)
    for chunk in range(CHUNKS):
        filled[:] = 0
        for row in range(count):
            filled[chunk_value(words[row], chunk) + 1] += 1
        for value in range(CHUNK_VALUES):
            filled[value + 1] += filled[value]
        for row in range(count):
            value = chunk_value(words[row], chunk)
            order[chunk, filled[value]] = row
            filled[value] += 1
    return order


@nb.njit(cache=True, parallel=True)
def search_neighbours(
    chunks: np.ndarray,
    order: np.ndarray,
    queries: np.ndarray,
    offsets: np.ndarray,
    rows: np.ndarray,
    words: np.ndarray,
    radius: int,
    starts: np.ndarray,
    found: Found,
    sizes: np.ndarray,
) -> None:
    """Matches through the neighbour tables of :func:`sort_by_neighbours`, one task per listed
    chunk: task i writes at found[starts[i]:starts[i + 1]] while there is room and its full
    match count in sizes[i]. Queries are visited in ``order[chunk]`` (by the chunk's value, for
    a big batch), so that the tables are read in order."""
    sub_radius = radius // CHUNKS
    for task in nb.prange(chunks.shape[0]):
        chunk = chunks[task]
        at, end, matches = starts[task], starts[task + 1], 0
        for position in range(order.shape[1]):
            query_index = order[chunk, position]
            query = queries[query_index]
            value = chunk_value(query, chunk)
            # the query's words as scalars, each candidate's read in place: 10 % faster than
            # comparing two row views
            first, second, third, fourth = query[0], query[1], query[2], query[3]
            for slot in range(offsets[chunk, value], offsets[chunk, value + 1]):
                row = rows[chunk, slot]
                apart = _popcount(first ^ words[row, 0]) + _popcount(second ^ words[row, 1])
                apart += _popcount(third ^ words[row, 2]) + _popcount(fourth ^ words[row, 3])
                if apart > radius or _reached_earlier(query, words[row], 0, chunk, sub_radius):
                    continue
                _keep(found, at + matches, end, query_index, row, apart)
                matches += 1
        sizes[task] = matches
