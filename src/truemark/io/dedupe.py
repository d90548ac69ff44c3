"""Find repeated keys (listing_id, seller_id) across a whole file without holding the keys.

Keys are kept as 64-bit hashes in an open-addressing set (:mod:`truemark.io.dedupe_kernel`),
at most three quarters full, so 10M keys cost 128 MB and each key is one short probe sequence
over neighbouring slots. Sorted runs merged like a binary counter (80 MB, and as much again
while two merged) cost several times more: a binary search of every run, each step a cache
miss. A hash collision between two different keys (odds about 1 in 10^13 per pair) would flag
the later row as a repeat.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.io.dedupe_kernel import add_new, regrown

SEED = 0x7275_6D61
FIRST_SIZE = 1 << 16


class SeenKeys:
    """The keys of the rows kept so far in one file."""

    def __init__(self) -> None:
        self._table = np.zeros(FIRST_SIZE, dtype=np.uint64)
        self._count = 0

    def repeats(self, keys: pa.Array, candidates: np.ndarray) -> np.ndarray:
        """Mask of candidate rows whose key was kept before (earlier batch or earlier in this one).

        The other candidates' keys are remembered; rows that are not candidates are ignored.
        """
        rows = np.flatnonzero(candidates & ~keys.is_null().to_numpy(zero_copy_only=False))
        repeated = np.zeros(len(keys), dtype=bool)
        if len(rows) == 0:
            return repeated
        hashes = pl.Series(keys.take(pa.array(rows))).hash(seed=SEED).to_numpy()
        size = len(self._table)
        while 4 * (self._count + len(hashes)) > 3 * size:  # at most three quarters full
            size *= 2
        if size > len(self._table):
            self._table = regrown(self._table, size)
        again, added = add_new(self._table, hashes)
        self._count += added
        repeated[rows[again]] = True
        return repeated
