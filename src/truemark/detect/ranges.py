"""Positions as flat arrays: the join of one row to many without a join (runs of positions),
and positions to gather with "none" among them."""

from __future__ import annotations

import numpy as np
import polars as pl


def expand_ranges(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs ``first[i] .. first[i] + count[i] - 1``: each position's run ``i`` and the
    position, runs one after another."""
    owner = np.repeat(np.arange(len(count)), count)
    position = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count - first, count)
    return owner, position


def nullable_positions(codes: np.ndarray) -> pl.Series:
    """Positions to gather, null where the code is -1 (a gather gives null there)."""
    return pl.Series(codes, dtype=pl.Int64).set(pl.Series(codes < 0), None)
