"""Positions as flat arrays: the join of one row to many without a join (runs of positions),
and positions to gather with "none" among them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import polars as pl

from truemark.detect.name_kernel import build_table, look_up
from truemark.io.text import large_string_buffers


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
    not locked.

    From ``MANY`` names on (a seller context's ids), with no fold, values are looked up in a
    hash table of the names instead (:mod:`~truemark.detect.name_kernel`), and no enum is
    built: polars builds its map of an enum's names on every cast, 25 ms a batch for 250,000
    names against the table's 3 ms. The two cost the same at about 16,000."""

    LEARNT = 4096
    MANY = 16384

    def __init__(
        self, names: Sequence[str], fold: Callable[[pl.Series], pl.Series] | None = None
    ) -> None:
        self.names = list(names)
        self._fold = fold
        self._learnt: list[str] = []
        self._position = np.arange(len(self.names), dtype=np.int64)
        """Each enum code's position: a name's own, a learnt value's fold's (or -1)."""
        self._table = _NameTable(self.names) if len(self.names) >= self.MANY and not fold else None
        self._enum = pl.Enum(self.names) if self.names and self._table is None else None

    def __call__(self, values: pl.Series) -> np.ndarray:
        """The positions of ``values``."""
        if self._table is not None:
            return self._table(values)
        if self._enum is None:
            return np.full(len(values), -1, dtype=np.int64)
        codes, missing = enum_codes(values.cast(pl.String).cast(self._enum, strict=False))
        codes = self._position[codes]
        if missing is None:
            return codes
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
        codes, missing = enum_codes(values.cast(pl.String).cast(self._enum, strict=False))
        codes = codes.astype(np.int64)
        if missing is not None:
            codes[missing] = -1
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


def enum_codes(found: pl.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """An enum column's codes (0 where null) and which rows are null (None where none is),
    read from its Arrow buffers (``to_arrow`` joins a column's chunks): ``fill_null`` and
    ``is_null`` cost 0.1-0.2 ms a call more, whatever the rows. Where no row is null, the codes
    are a read-only view of the buffer."""
    array = found.to_physical().to_arrow()
    first, stop = array.offset, array.offset + len(array)
    codes = np.frombuffer(array.buffers()[1], dtype=array.type.to_pandas_dtype())[first:stop]
    if not array.null_count:
        return codes, None
    bits = np.frombuffer(array.buffers()[0], dtype=np.uint8)
    valid = np.unpackbits(bits, count=stop, bitorder="little")[first:].view(bool)
    return np.where(valid, codes, 0), ~valid


class _NameTable:
    """Many distinct names as a hash table of their UTF-8 bytes, built once."""

    def __init__(self, names: list[str]) -> None:
        _, self._offsets, self._data = large_string_buffers(pl.Series(names, dtype=pl.String))
        self._slots = build_table(self._offsets, self._data)

    def __call__(self, values: pl.Series) -> np.ndarray:
        """Each value's position, -1 for null or a value that is no name."""
        _, offsets, data = large_string_buffers(values)
        found = look_up(self._slots, self._offsets, self._data, offsets, data)
        if values.null_count():
            found[values.is_null().to_numpy()] = -1
        return found


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
