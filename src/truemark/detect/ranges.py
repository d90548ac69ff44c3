"""Positions as flat arrays: the join of one row to many without a join (runs of positions),
and positions to gather with "none" among them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


class Positions:
    """Each value's position in a list of distinct names, -1 for null or a value not there: a
    cast to an enum of the names, built once, whose codes are the positions (``replace_strict``
    cost ten times more per call, and a join a hash table of the names per batch).

    With ``fold`` (the names are folded already), a value not found as it is is looked up
    folded: values as written are mostly names already, and folding them all cost more. Such a
    value is then *learnt*: added to the enum with the position its fold has (-1 for none), so
    the next batch finds it in the one cast ("Handbags", a currency written "Usd", a category
    the catalog lacks). At most ``LEARNT`` values are learnt (the first met); the rest are
    folded batch by batch. A scan's detectors run in one thread (the worker's): learning is
    not locked."""

    LEARNT = 4096

    def __init__(
        self, names: Sequence[str], fold: Callable[[pl.Series], pl.Series] | None = None
    ) -> None:
        self.names = list(names)
        self._fold = fold
        self._learnt: list[str] = []
        self._position = np.arange(len(self.names), dtype=np.int64)
        """Each enum code's position: a name's own, a learnt value's fold's (or -1)."""
        self._enum = pl.Enum(self.names) if self.names else None

    def __call__(self, values: pl.Series) -> np.ndarray:
        """The positions of ``values``."""
        if self._enum is None:
            return np.full(len(values), -1, dtype=np.int64)
        found = values.cast(pl.String).cast(self._enum, strict=False)
        # the enum's codes with nulls filled (a cast to Int64 with nulls cost three times more)
        codes = self._position[found.to_physical().fill_null(0).to_numpy()]
        if not found.null_count():
            return codes
        missing = found.is_null().to_numpy()
        codes[missing] = -1
        if self._fold is not None:
            retry = np.flatnonzero(missing & values.is_not_null().to_numpy())
            if retry.size:
                unseen = values.cast(pl.String).gather(retry)
                codes[retry] = self._named(self._fold(unseen))
                self._learn(unseen.unique(maintain_order=True))
        return codes

    def _named(self, values: pl.Series) -> np.ndarray:
        """Positions of values among the names alone (a learnt value is no name)."""
        if self._enum is None:
            return np.full(len(values), -1, dtype=np.int64)
        found = values.cast(pl.String).cast(self._enum, strict=False)
        codes = found.to_physical().fill_null(0).to_numpy().astype(np.int64)
        if found.null_count():
            codes[found.is_null().to_numpy()] = -1
        codes[codes >= len(self.names)] = -1
        return codes

    def _learn(self, values: pl.Series) -> None:
        """Add values not found as written (distinct, none a name nor learnt) to the enum, as
        many as there is room for."""
        values = values.head(self.LEARNT - len(self._learnt))
        if not len(values):
            return
        assert self._fold is not None
        self._learnt += values.to_list()
        self._position = np.concatenate([self._position, self._named(self._fold(values))])
        self._enum = pl.Enum([*self.names, *self._learnt])


def lower_case(texts: pl.Series) -> pl.Series:
    """A :class:`Positions` fold for lower-case names."""
    return texts.str.to_lowercase()


def upper_case(texts: pl.Series) -> pl.Series:
    """A :class:`Positions` fold for upper-case names."""
    return texts.str.to_uppercase()


def is_in(values: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Whether each value is one of ``among`` (integers of one type: a search across signed
    and unsigned ones compares floats): ``numpy.isin`` by a sort of ``among`` and a binary
    search, which costs less where the two differ in size (``numpy.isin`` sorts both together:
    1.3-15x, most where ``values`` are few)."""
    if not len(among):
        return np.zeros(len(values), dtype=bool)
    ordered = np.sort(among)
    place = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[place] == values


def distinct(values: np.ndarray) -> np.ndarray:
    """``numpy.unique(values)`` (sorted, distinct) by a sort: numpy 2's hash-based ``unique``
    cost four times more on a batch's hit keys (1.9 against 0.48 ms for 13,000)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]
