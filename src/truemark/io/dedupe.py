"""Find repeated keys (listing_id, seller_id) across a whole file without holding the keys.

Keys are kept as 64-bit hashes in sorted runs merged like a binary counter, so 10M keys cost
about 80 MB and each batch is checked with binary searches. A hash collision between two
different keys (odds about 1 in 10^13 per pair) would flag the later row as a repeat.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

SEED = 0x7275_6D61


class SeenKeys:
    """The keys of the rows kept so far in one file."""

    def __init__(self) -> None:
        self._runs: list[np.ndarray] = []

    def _seen(self, hashes: np.ndarray) -> np.ndarray:
        """Which of the (sorted) hashes are already kept; sorted queries keep the search fast."""
        found = np.zeros(len(hashes), dtype=bool)
        for run in self._runs:
            at = np.minimum(np.searchsorted(run, hashes), len(run) - 1)
            found |= run[at] == hashes
        return found

    def _remember(self, hashes: np.ndarray) -> None:
        """Keep sorted hashes; runs of similar size are merged so few runs stay."""
        if len(hashes) == 0:
            return
        self._runs.append(hashes)
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            newer = self._runs.pop()
            both = np.concatenate([self._runs[-1], newer])
            self._runs[-1] = np.sort(both, kind="stable")  # timsort: a linear merge of 2 runs

    def repeats(self, keys: pa.Array, candidates: np.ndarray) -> np.ndarray:
        """Mask of candidate rows whose key was kept before (earlier batch or earlier in this one).

        The other candidates' keys are remembered; rows that are not candidates are ignored.
        """
        rows = np.flatnonzero(candidates & ~keys.is_null().to_numpy(zero_copy_only=False))
        repeated = np.zeros(len(keys), dtype=bool)
        if len(rows) == 0:
            return repeated
        hashes = pl.Series(keys.take(pa.array(rows))).hash(seed=SEED).to_numpy()
        ordered = np.sort(hashes)
        if not (ordered[1:] == ordered[:-1]).any() and not self._seen(ordered).any():
            self._remember(ordered)  # the usual case: no repeat at all
            return repeated
        order = np.argsort(hashes, kind="stable")  # equal keys stay in file order
        ordered = hashes[order]
        again = np.zeros(len(rows), dtype=bool)
        again[order[1:]] = ordered[1:] == ordered[:-1]
        again[order] |= self._seen(ordered)
        self._remember(ordered[~again[order]])
        repeated[rows[again]] = True
        return repeated
