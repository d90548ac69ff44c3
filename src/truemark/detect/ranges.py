"""Runs of positions as flat arrays (numpy): the join of one row to many, without a join."""

from __future__ import annotations

import numpy as np


def expand_ranges(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs ``first[i] .. first[i] + count[i] - 1``: each position's run ``i`` and the
    position, runs one after another."""
    owner = np.repeat(np.arange(len(count)), count)
    position = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count - first, count)
    return owner, position
