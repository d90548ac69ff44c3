"""A compiled multi-pattern scanner (Hyperscan) over a whole string column in one pass.

The column's rows, each ended by a newline, are scanned as one Arrow value buffer. Match
offsets are mapped back to rows, and the word boundaries a pattern asks for are checked there,
as Hyperscan's ``\\b`` would, in one numba pass over the matches
(:mod:`~truemark.index.hits_kernel`): literal patterns leave the boundaries out, which lets
Hyperscan scan at literal speed (hits inside words cost a few bytes each).

Scans go through the system's libhs where it is installed (``libhs``: a compiled match handler,
no Python per match), else through the ``hyperscan`` wheel, whose Python callback appends three
integers per match. Both give the same matches in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import hyperscan
import numpy as np
import orjson
import polars as pl
import pyarrow as pa

from truemark.cache import cached
from truemark.index import libhs
from truemark.index.column_kernel import splice_rows, take_rows
from truemark.index.hits_kernel import row_hits
from truemark.io.text import large_string_buffers

_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[[*range(ord("0"), ord("9") + 1), *range(ord("a"), ord("z") + 1)]] = True
_WORD_BYTE[[*range(ord("A"), ord("Z") + 1), ord("_")]] = True
"""Hyperscan's word characters (``\\w`` without Unicode properties): any byte of a non-ASCII
character is not one."""


@dataclass(frozen=True, slots=True)
class Hits:
    """Matches of a scan: pattern id, row, and byte offsets inside the row's string."""

    pattern: np.ndarray
    row: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def take(self, keep: np.ndarray) -> Hits:
        """The hits selected by a boolean mask or index array."""
        return Hits(self.pattern[keep], self.row[keep], self.start[keep], self.end[keep])


def empty_hits() -> Hits:
    """No matches."""
    none = np.zeros(0, dtype=np.int64)
    return Hits(none.astype(np.int32), none, none, none)


@dataclass(frozen=True, slots=True)
class Column:
    """A string column ready to scan: its UTF-8 bytes (uint8), each row ended by a newline, and
    row offsets into them. The newline keeps ``\\b`` true at row edges and no match spans rows."""

    values: np.ndarray
    offsets: np.ndarray

    def row_bytes(self) -> np.ndarray:
        """The rows' bytes, from the first row's start to the last row's end."""
        return self.values[self.offsets[0] : self.offsets[-1]]

    def take(self, rows: np.ndarray) -> Column:
        """The given rows, in the order given."""
        return Column(*take_rows(self.values, self.offsets, rows.astype(np.int64)))

    def splice(self, rows: np.ndarray, replacement: Column) -> Column:
        """This column with row ``rows[i]`` (sorted, distinct) replaced by row ``i`` of
        ``replacement``."""
        if not len(rows):
            return self
        values, offsets = splice_rows(
            self.values,
            self.offsets,
            rows.astype(np.int64),
            replacement.values,
            replacement.offsets,
        )
        return Column(values, offsets)

    @staticmethod
    def concat(columns: Sequence[Column]) -> Column:
        """The columns' rows one after another."""
        parts = [column.row_bytes() for column in columns]
        ends = np.cumsum([0, *(part.size for part in parts)])
        offsets = [np.zeros(1, dtype=np.int64)]
        offsets += [
            c.offsets[1:] - c.offsets[0] + end for c, end in zip(columns, ends, strict=False)
        ]
        return Column(np.concatenate([np.zeros(0, np.uint8), *parts]), np.concatenate(offsets))


_FLAGS = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8
Compiled = tuple[str, bytes]  # the engine that serialized a database ("system" or "wheel"), bytes


class _WheelDatabase:
    """A database of the ``hyperscan`` wheel: a Python callback collects each match."""

    engine = "wheel"

    def __init__(self, database: hyperscan.Database) -> None:
        self._database = database

    @staticmethod
    def compiled(expressions: Sequence[str]) -> bytes:
        """``expressions`` compiled (ids 0..n-1), serialized."""
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(
            expressions=[expression.encode("utf-8") for expression in expressions],
            ids=list(range(len(expressions))),
            elements=len(expressions),
            flags=[_FLAGS] * len(expressions),
        )
        return bytes(hyperscan.dumpb(database))

    @classmethod
    def loaded(cls, serialized: bytes) -> _WheelDatabase:
        """ValueError when this platform cannot run ``serialized``."""
        try:
            database = hyperscan.loadb(serialized, hyperscan.HS_MODE_BLOCK)
            database.scratch = hyperscan.Scratch(database)
        except hyperscan.error as exc:
            raise ValueError(str(exc)) from None
        return cls(database)

    @property
    def serialized(self) -> bytes:
        return bytes(hyperscan.dumpb(self._database))

    def scan(self, data: np.ndarray) -> np.ndarray:
        found: list[int] = []
        self._database.scan(
            data,  # type: ignore[type-var]  # any buffer works
            match_event_handler=lambda pattern, start, end, _flags, _context: found.extend(
                (pattern, start, end)
            ),
        )
        return np.array(found, dtype=np.int64).reshape(-1, 3)


class _SystemDatabase(libhs.Database):
    """A database of the system's libhs: a compiled handler collects the matches."""

    engine = "system"

    @staticmethod
    def compiled(expressions: Sequence[str]) -> bytes:
        """``expressions`` compiled (ids 0..n-1), serialized."""
        return libhs.compile_serialized(expressions, _FLAGS)

    @classmethod
    def loaded(cls, serialized: bytes) -> _SystemDatabase:
        return cls(serialized)


_Database = _WheelDatabase | _SystemDatabase


def _engine() -> type[_WheelDatabase] | type[_SystemDatabase]:
    """The system's libhs where it is installed (no Python call per match), else the wheel."""
    return _SystemDatabase if libhs.available() else _WheelDatabase


def _compiled_once(expressions: Sequence[str]) -> _Database:
    """The database of ``expressions``, serialized in the build cache the first time (compiling
    the text detector's sets takes ~0.6 s, loading them milliseconds)."""
    engine = _engine()
    inputs = orjson.dumps([engine.engine, libhs.version(), _FLAGS, *expressions])
    serialized = cached("hyperscan", inputs, lambda: engine.compiled(expressions))
    return _loaded((engine.engine, serialized)) or engine.loaded(engine.compiled(expressions))


def _loaded(compiled: Compiled | None) -> _Database | None:
    """A database serialized by the engine this process uses, or None when there is none, it
    comes from the other engine, or this platform cannot run it."""
    engine = _engine()
    if compiled is None or compiled[0] != engine.engine:
        return None
    try:
        return engine.loaded(compiled[1])
    except ValueError:
        return None


def prepare(texts: pl.Series | pa.Array | pa.ChunkedArray | Column) -> Column:
    """The scannable form of a string column (nulls scan as empty rows)."""
    if isinstance(texts, Column):
        return texts
    series = texts if isinstance(texts, pl.Series) else pl.Series(texts)
    _, offsets, data = large_string_buffers(series.cast(pl.String) + "\n")
    return Column(data, offsets)


class Scanner:
    """Patterns (Hyperscan regular expressions) compiled once, scanned over whole columns."""

    def __init__(
        self,
        expressions: Sequence[str],
        bounded: Sequence[tuple[bool, bool]],
        compiled: Compiled | None = None,
    ) -> None:
        """``bounded[i]`` says whether pattern i must start / end at a word boundary;
        ``compiled`` is this same pattern set serialized by :meth:`__reduce__` (see there)."""
        self._source = (tuple(expressions), tuple(bounded))
        self.size = len(expressions)
        self._left = np.array([left for left, _ in bounded] or [False], dtype=bool)
        self._right = np.array([right for _, right in bounded] or [False], dtype=bool)
        self._database: _Database | None = None
        if expressions:
            self._database = _loaded(compiled) or _compiled_once(expressions)

    def __reduce__(
        self,
    ) -> tuple[
        type[Scanner], tuple[tuple[str, ...], tuple[tuple[bool, bool], ...], Compiled | None]
    ]:
        """Sent to another process as its patterns and the serialized database: loading that is
        ~100x faster than compiling, and a process that cannot load it (another CPU, another
        engine) compiles."""
        database = self._database
        compiled = (database.engine, database.serialized) if database is not None else None
        return (Scanner, (*self._source, compiled))

    @property
    def engine(self) -> str | None:
        """Which Hyperscan runs the scans: "system" (libhs), "wheel", or None (no patterns)."""
        return self._database.engine if self._database is not None else None

    def scan(self, texts: pl.Series | pa.Array | pa.ChunkedArray | Column) -> Hits:
        """Every match in every row, row-local offsets, word boundaries enforced; by end offset,
        then pattern."""
        column = prepare(texts)
        data, offsets = column.values, column.offsets
        if self._database is None or len(offsets) < 2 or offsets[-1] == offsets[0]:
            return empty_hits()
        table = self._database.scan(data[offsets[0] : offsets[-1]])
        if not table.size:
            return empty_hits()
        pattern, row, start, end, absolute_end = row_hits(
            table, data, offsets, self._left, self._right, _WORD_BYTE
        )
        return _in_order(Hits(pattern, row, start, end), absolute_end, self.size)


def _in_order(hits: Hits, end: np.ndarray, patterns: int) -> Hits:
    """Hits by end offset, then pattern. Hyperscan reports matches by end offset, but orders
    those that end together by how it compiled the set: another set (the same terms with or
    without ``\\b``) or another Hyperscan may order them differently, and a consumer that keeps a
    row's first mark must not depend on that."""
    key = end * patterns + hits.pattern
    if len(key) < 2 or bool((key[1:] >= key[:-1]).all()):
        return hits
    return hits.take(np.argsort(key, kind="stable"))
