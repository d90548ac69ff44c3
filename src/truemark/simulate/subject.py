"""What a listing is about (product, category, language) and small helpers for per-row draws."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Subject:
    """What a listing is about: product (-1 none), text category, language, official replica."""

    product: np.ndarray
    category: np.ndarray
    language: np.ndarray
    official: np.ndarray


def chance(rng: np.random.Generator, size: int, p: float | np.ndarray) -> np.ndarray:
    return rng.random(size) < p


def only(values: pl.Series, keep: np.ndarray) -> pl.Series:
    """``values`` where ``keep``, null elsewhere."""
    return pl.select(pl.when(pl.Series(keep)).then(values)).to_series()
