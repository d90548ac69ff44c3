"""Uniformly formatted ids that say nothing about what they name.

Ids come from an affine permutation of the row number modulo a power of ten with a random
multiplier and offset per seed: unique, fixed width, in no order tied to the data.
"""

from __future__ import annotations

import numpy as np
import polars as pl


def _scrambled(rng: np.random.Generator, rows: np.ndarray, digits: int) -> np.ndarray:
    modulus = 10**digits
    multiplier = int(rng.integers(modulus // 10, modulus)) | 1
    while multiplier % 5 == 0:
        multiplier += 2
    offset = int(rng.integers(0, modulus))
    return (rows.astype(np.uint64) * np.uint64(multiplier) + np.uint64(offset)) % np.uint64(modulus)


def _formatted(prefix: str, numbers: np.ndarray, digits: int) -> pl.Series:
    text = pl.Series(numbers.astype(np.int64)).cast(pl.String).str.zfill(digits)
    return pl.select(pl.concat_str(pl.lit(prefix), text)).to_series()


def seller_ids(rng: np.random.Generator, count: int) -> pl.Series:
    """``count`` unique seller ids such as ``s-4821937``."""
    return _formatted("s-", _scrambled(rng, np.arange(count), 7), 7).alias("seller_id")


class ListingIds:
    """Listing ids such as ``l-0072913554`` for global row numbers, batch by batch."""

    DIGITS = 10

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng

    def for_rows(self, start: int, count: int) -> pl.Series:
        """Ids of rows ``start .. start + count`` (the same rows always get the same ids)."""
        rows = np.arange(start, start + count)
        state = self._rng.bit_generator.state
        numbers = _scrambled(self._rng, rows, self.DIGITS)
        self._rng.bit_generator.state = state  # same multiplier and offset for every batch
        return _formatted("l-", numbers, self.DIGITS).alias("listing_id")
