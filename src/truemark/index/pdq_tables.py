"""The multi-index tables over a PDQ hash bank and the batched radius search that probes them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from truemark.index.pdq_search import (
    CHUNK_VALUES,
    CHUNKS,
    TASKS,
    search_all_tasks,
    search_listed_tasks,
)

MAX_RADIUS = 63  # sub-radius 3 per chunk; beyond that the probes cost more than a full scan
_QUERY_BATCH = 1 << 17  # queries searched together (more share each bucket visit)
_TASK_CAPACITY = 64  # matches buffered per task (+1 per 256 queries); more: searched again


def chunk_values(words: np.ndarray) -> np.ndarray:
    """(n, 16) uint16: the 16-bit chunks of (n, 4) uint64 words, chunk j in word j // 4."""
    shifts = (np.arange(CHUNKS, dtype=np.uint64) & np.uint64(3)) * np.uint64(16)
    spread = words[:, np.arange(CHUNKS) >> 2] >> shifts
    return (spread & np.uint64(0xFFFF)).astype(np.uint16)


def probe_masks(sub_radius: int) -> np.ndarray:
    """Every 16-bit mask with at most ``sub_radius`` bits set, the empty mask first."""
    masks = [0]
    for flips in range(1, sub_radius + 1):
        masks += [sum(1 << bit for bit in bits) for bits in combinations(range(16), flips)]
    return np.array(masks, dtype=np.int64)


def _csr(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per chunk: offsets (16, 65537) and the row order sorting each chunk's values."""
    order = np.empty((CHUNKS, values.shape[0]), dtype=np.int32)
    offsets = np.zeros((CHUNKS, CHUNK_VALUES + 1), dtype=np.int64)
    for chunk in range(CHUNKS):
        order[chunk] = np.argsort(values[:, chunk], kind="stable")
        offsets[chunk, 1:] = np.cumsum(np.bincount(values[:, chunk], minlength=CHUNK_VALUES))
    return offsets, order


def _kept_words(words: np.ndarray, order: np.ndarray) -> np.ndarray:
    """(16, 2, n): per chunk, the first two words of each hash, in that chunk's sorted order."""
    kept = np.empty((CHUNKS, 2, words.shape[0]), dtype=np.uint64)
    for chunk in range(CHUNKS):
        kept[chunk] = words[order[chunk], :2].T
    return kept


def _buffers(size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Empty (query, row, distance) match columns."""
    return np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size, np.int32)


@dataclass(frozen=True, slots=True)
class ChunkTables:
    """Bucket offsets, row order and inline filter words per chunk, over (n, 4) uint64 words."""

    words: np.ndarray
    offsets: np.ndarray
    rows: np.ndarray
    inline: np.ndarray

    @classmethod
    def build(cls, words: np.ndarray) -> ChunkTables:
        """Sort the bank once per chunk; O(16 n) memory of 20 bytes per stored hash and chunk."""
        words = np.ascontiguousarray(words, dtype=np.uint64)
        offsets, rows = _csr(chunk_values(words))
        return cls(words, offsets, rows, _kept_words(words, rows))

    def search(self, queries: np.ndarray, radius: int) -> tuple[np.ndarray, ...]:
        """(query, row, distance) of every stored hash within ``radius`` of each query."""
        if not 0 <= radius <= MAX_RADIUS:
            raise ValueError(f"radius must be between 0 and {MAX_RADIUS}, got {radius}")
        queries = np.ascontiguousarray(queries, dtype=np.uint64)
        masks = probe_masks(radius // CHUNKS)
        parts = [
            self._search_batch(queries[at : at + _QUERY_BATCH], radius, masks, at)
            for at in range(0, queries.shape[0], _QUERY_BATCH)
        ]
        if not parts:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int32)
        return tuple(np.concatenate(column) for column in zip(*parts, strict=True))

    def _search_batch(
        self, queries: np.ndarray, radius: int, masks: np.ndarray, first: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        query_offsets, query_order = _csr(chunk_values(queries))
        batch = (query_offsets, query_order, _kept_words(queries, query_order))
        tables = (self.offsets, self.rows, self.inline, self.words)
        capacity = _TASK_CAPACITY + queries.shape[0] // 256
        found = _buffers(TASKS * capacity)
        sizes = np.zeros(TASKS, dtype=np.int64)
        search_all_tasks(queries, batch, masks, tables, radius, found, capacity, sizes)
        complete = np.where(sizes <= capacity, sizes, 0)  # overflowed tasks run again
        kept = (np.arange(capacity) < complete[:, None]).ravel()
        overflowed = np.flatnonzero(sizes > capacity)
        starts = np.concatenate([[0], np.cumsum(sizes[overflowed])])
        again = _buffers(int(starts[-1]))
        search_listed_tasks(overflowed, starts, queries, batch, masks, tables, radius, again)
        parts = [tuple(column[kept] for column in found), again]
        query, row, distance = (np.concatenate(column) for column in zip(*parts, strict=True))
        return query + first, row, distance
