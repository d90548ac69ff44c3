"""The multi-index tables over a PDQ hash bank and the batched radius search that probes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations
from typing import Literal

import numpy as np

from truemark.index.pdq_search import (
    CHUNK_VALUES,
    CHUNKS,
    TASKS,
    Found,
    QueryBatch,
    order_by_chunks,
    search_neighbours,
    search_tasks,
    sort_by_chunks,
    sort_by_neighbours,
)

Strategy = Literal["auto", "by_bucket", "by_query", "by_neighbour"]
MAX_RADIUS = 63  # sub-radius 3 per chunk; probes grow fast (radius 47 already costs ~10x 31)
_SHARED_VISITS_FROM = 1024  # smaller batches probe per query: bucket visits are not shared
_QUERY_BATCH = 1 << 17  # queries searched together (more share each bucket visit)
_TASK_CAPACITY = 64  # matches buffered per task, more for big batches; beyond: searched again
_NEIGHBOUR_ENTRIES = 1 << 24  # "auto" files hashes under neighbour values up to 64 MB a bracket


def probe_masks(sub_radius: int) -> np.ndarray:
    """Every 16-bit mask with at most ``sub_radius`` bits set, the empty mask first."""
    masks = [0]
    for flips in range(1, sub_radius + 1):
        masks += [sum(1 << bit for bit in bits) for bits in combinations(range(16), flips)]
    return np.array(masks, dtype=np.int64)


def _buffers(size: int) -> Found:
    """Empty (query, row, distance) match columns."""
    return np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size, np.int32)


def _query_batch(queries: np.ndarray) -> QueryBatch:
    """Queries sorted by each chunk's value (CSR) with their first two words in that order."""
    return sort_by_chunks(queries)


Search = Callable[[np.ndarray, np.ndarray, Found, np.ndarray], None]
"""A search kernel over tasks: ``search(tasks, starts, found, sizes)``, where task i writes its
matches at found[starts[i]:starts[i + 1]] while there is room and its full count in sizes[i]."""


def _in_rooms(search: Search, tasks: np.ndarray, room: np.ndarray, first: int) -> Found:
    """(query + first, row, distance) of every match the tasks find, each task given ``room``
    for its matches; tasks that found more run again with the room they need."""

    def run(tasks: np.ndarray, room: np.ndarray) -> tuple[np.ndarray, Found]:
        starts = np.concatenate([[0], np.cumsum(room)])
        found, sizes = _buffers(int(starts[-1])), np.zeros(tasks.shape[0], np.int64)
        search(tasks, starts, found, sizes)
        kept = np.where(sizes <= room, sizes, 0)  # packed: the others run again
        at = np.repeat(starts[:-1] - np.cumsum(kept) + kept, kept) + np.arange(kept.sum())
        return sizes, (found[0][at], found[1][at], found[2][at])

    sizes, complete = run(tasks, room)
    overflowed = sizes > room
    _sizes, again = run(tasks[overflowed], sizes[overflowed])
    query, row, distance = (np.concatenate(pair) for pair in zip(complete, again, strict=True))
    return query + first, row, distance


def _no_batch() -> QueryBatch:
    """The empty stand-in for the sorted batch when queries are probed one by one."""
    offsets = np.zeros((CHUNKS, CHUNK_VALUES + 1), np.int64)
    return offsets, np.zeros((CHUNKS, 0), np.int32), np.zeros((CHUNKS, 2, 0), np.uint64)


@dataclass(frozen=True, slots=True)
class ChunkTables:
    """Bucket offsets, row order and inline filter words per chunk, over (n, 4) uint64 words."""

    words: np.ndarray
    offsets: np.ndarray
    rows: np.ndarray
    inline: np.ndarray
    neighbours: dict[int, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, compare=False
    )
    """Per sub-radius, the bank filed under every chunk value within it (built on first use)."""

    @classmethod
    def build(cls, words: np.ndarray) -> ChunkTables:
        """Sort the bank once per chunk; O(16 n) memory of 20 bytes per stored hash and chunk."""
        words = np.ascontiguousarray(words, dtype=np.uint64)
        offsets, rows, inline = sort_by_chunks(words)
        return cls(words, offsets, rows, inline)

    def search(
        self, queries: np.ndarray, radius: int, strategy: Strategy = "auto"
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(query, row, distance) of every stored hash within ``radius`` of each query.

        ``strategy`` "by_bucket" serves all queries probing a bucket together (fast for large
        batches), "by_query" probes each query's buckets in turn (fast for a few queries),
        "by_neighbour" reads one bucket per chunk and query from tables that file each stored
        hash under all the values it is probed from (fastest; 4 bytes a hash, chunk and value:
        17 values at radius 16..31, 68 bytes a hash and chunk against the bucket tables' 20,
        137 at 32..47, 697 at 48..63; built once per radius bracket and kept, with no limit
        when asked for by name); "auto" picks by neighbour where those tables take at most
        64 MB (and an 8 MB offset table), else by batch size. All give the same matches.
        """
        if not 0 <= radius <= MAX_RADIUS:
            raise ValueError(f"radius must be between 0 and {MAX_RADIUS}, got {radius}")
        queries = np.ascontiguousarray(queries, dtype=np.uint64)
        masks = probe_masks(radius // CHUNKS)
        filed = CHUNKS * self.words.shape[0] * masks.size
        if strategy == "by_neighbour" or (strategy == "auto" and filed <= _NEIGHBOUR_ENTRIES):
            batch = self._search_neighbours
        else:
            batch = partial(self._search_batch, strategy=strategy)
        parts = [_buffers(0)] + [
            batch(queries[at : at + _QUERY_BATCH], radius, masks, first=at)
            for at in range(0, queries.shape[0], _QUERY_BATCH)
        ]
        query, row, distance = (np.concatenate(column) for column in zip(*parts, strict=True))
        return query, row, distance

    def _search_neighbours(
        self, queries: np.ndarray, radius: int, masks: np.ndarray, first: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        sub_radius = radius // CHUNKS
        if sub_radius not in self.neighbours:
            self.neighbours[sub_radius] = sort_by_neighbours(self.words, masks)
        offsets, rows = self.neighbours[sub_radius]
        count = queries.shape[0]
        if count < _SHARED_VISITS_FROM:
            order = np.tile(np.arange(count, dtype=np.int32), (CHUNKS, 1))
        else:  # in order of each chunk's value: the tables are read in sequence
            order = order_by_chunks(queries)

        def search(chunks: np.ndarray, starts: np.ndarray, found: Found, sizes: np.ndarray) -> None:
            tables = (offsets, rows, self.words)
            search_neighbours(chunks, order, queries, *tables, radius, starts, found, sizes)

        room = np.full(CHUNKS, _TASK_CAPACITY + count)  # most matches come through chunk 0
        return _in_rooms(search, np.arange(CHUNKS), room, first)

    def _search_batch(
        self, queries: np.ndarray, radius: int, masks: np.ndarray, first: int, strategy: Strategy
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        by_query = strategy == "by_query" or (
            strategy == "auto" and queries.shape[0] < _SHARED_VISITS_FROM
        )
        batch = _no_batch() if by_query else _query_batch(queries)
        tables = (self.offsets, self.rows, self.inline, self.words)

        def search(tasks: np.ndarray, starts: np.ndarray, found: Found, sizes: np.ndarray) -> None:
            search_tasks(
                tasks, starts, by_query, queries, batch, masks, tables, radius, found, sizes
            )

        tasks = np.arange(queries.shape[0] if by_query else TASKS)
        room = np.full(tasks.shape[0], _TASK_CAPACITY)
        if not by_query:  # a match is reported by its first close chunk: early chunks get most
            chunk = tasks // (TASKS // CHUNKS)
            room += (queries.shape[0] >> 5) >> np.minimum(chunk, 20)
        return _in_rooms(search, tasks, room, first)
