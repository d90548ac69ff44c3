"""A compiled multi-pattern scanner (Hyperscan) over a whole string column in one pass.

The column's rows are scanned as one Arrow value buffer (each ended by a newline, or not: see
:class:`Column`). Match offsets are mapped back to rows, and the word boundaries a pattern asks
for are checked there, as Hyperscan's ``\\b`` would, in one numba pass over the matches
(:mod:`~truemark.index.hits_kernel`): literal patterns leave the boundaries out, which lets
Hyperscan scan at literal speed (hits inside words cost a few bytes each).

A term whose words may be split by any run of whitespace (``louis\\s+vuitton``) is scanned as its
words split by one space, a plain literal: Hyperscan scans the text detector's mark set 1.6×
faster so (:class:`_Spacing`). Rows where one of its words is followed by other whitespace are
scanned again with the term as written.

Scans go through the system's libhs where it is installed (``libhs``: a compiled match handler,
no Python per match), else through the ``hyperscan`` wheel, whose Python callback appends three
integers per match. Both give the same matches in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import hyperscan
import numpy as np
import orjson
import polars as pl
import pyarrow as pa

from truemark.cache import cached
from truemark.index import libhs
from truemark.index.column_kernel import ascii_only, splice_rows, take_rows
from truemark.index.hits_kernel import IN_ORDER, NOT_BY_END, end_then_pattern, row_hits
from truemark.index.mark_patterns import literal_text, spaced_words
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
    """A string column ready to scan: its UTF-8 bytes (uint8) and row offsets into them.

    Rows are *separated* when each ends with a newline, which keeps Hyperscan's own ``\\b``
    and anchors true at row edges, and no match spans two rows. A set of literal terms needs
    no separator (:attr:`Scanner.literal`): a match that runs past its row's edge is dropped,
    word boundaries are checked within the row (:func:`~truemark.index.hits_kernel.row_hits`),
    and a literal has one start for each end (so has a term whose words, holding no
    whitespace, any whitespace splits), so no match across an edge hides one inside the row.
    Leaving the newlines out saves a copy of the text."""

    values: np.ndarray
    offsets: np.ndarray
    separated: bool = True
    ascii: np.ndarray | None = None
    """Per row: known to hold ASCII only (None: none is known), which spares a scan without
    start of match a walk back over each match's characters (see
    :func:`~truemark.index.hits_kernel.row_hits`)."""

    def row_bytes(self) -> np.ndarray:
        """The rows' bytes, from the first row's start to the last row's end."""
        return self.values[self.offsets[0] : self.offsets[-1]]

    def ascii_rows(self) -> np.ndarray:
        """:attr:`ascii`, all False where none is known."""
        if self.ascii is not None:
            return self.ascii
        return np.zeros(len(self.offsets) - 1, dtype=bool)

    def with_ascii(self) -> Column:
        """This column with :attr:`ascii` known: found from its bytes where it is not."""
        if self.ascii is not None:
            return self
        return Column(
            self.values, self.offsets, self.separated, ascii_only(self.values, self.offsets)
        )

    def take(self, rows: np.ndarray) -> Column:
        """The given rows, in the order given."""
        values, offsets = take_rows(self.values, self.offsets, rows.astype(np.int64))
        ascii = self.ascii[rows] if self.ascii is not None else None
        return Column(values, offsets, self.separated, ascii)

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
        ascii = None
        if self.ascii is not None:
            ascii = self.ascii.copy()
            ascii[rows] = replacement.ascii if replacement.ascii is not None else False
        return Column(values, offsets, self.separated and replacement.separated, ascii)

    @staticmethod
    def concat(columns: Sequence[Column]) -> Column:
        """The columns' rows one after another."""
        parts = [column.row_bytes() for column in columns]
        ends = np.cumsum([0, *(part.size for part in parts)])
        offsets = [np.zeros(1, dtype=np.int64)]
        offsets += [
            c.offsets[1:] - c.offsets[0] + end for c, end in zip(columns, ends, strict=False)
        ]
        values = np.concatenate([np.zeros(0, np.uint8), *parts])
        known = [c.ascii for c in columns]
        complete = all(rows is not None for rows in known)
        ascii = np.concatenate([np.zeros(0, bool), *known]) if complete else None
        return Column(values, np.concatenate(offsets), all(c.separated for c in columns), ascii)


_LITERAL_FLAGS = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8
_FLAGS = _LITERAL_FLAGS | hyperscan.HS_FLAG_SOM_LEFTMOST
"""A set whose every pattern has one width is compiled without start of match (``_LITERAL_FLAGS``):
each match's start is its end less that many characters (a caseless match of a literal has as
many characters as the literal, if not always as many bytes: "ſ" matches "s"). Hyperscan
scans the text detector's term sets 1.1-1.5x faster so."""
Compiled = tuple[str, bytes]  # the engine that serialized a database ("system" or "wheel"), bytes


class _WheelDatabase:
    """A database of the ``hyperscan`` wheel: a Python callback collects each match."""

    engine = "wheel"

    def __init__(self, database: hyperscan.Database) -> None:
        self._database = database

    @staticmethod
    def compiled(expressions: Sequence[str], flags: int) -> bytes:
        """``expressions`` compiled (ids 0..n-1, all with ``flags``), serialized."""
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(
            expressions=[expression.encode("utf-8") for expression in expressions],
            ids=list(range(len(expressions))),
            elements=len(expressions),
            flags=[flags] * len(expressions),
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
    def compiled(expressions: Sequence[str], flags: int) -> bytes:
        """``expressions`` compiled (ids 0..n-1, all with ``flags``), serialized."""
        return libhs.compile_serialized(expressions, flags)

    @classmethod
    def loaded(cls, serialized: bytes) -> _SystemDatabase:
        return cls(serialized)


_Database = _WheelDatabase | _SystemDatabase


def _engine() -> type[_WheelDatabase] | type[_SystemDatabase]:
    """The system's libhs where it is installed (no Python call per match), else the wheel."""
    return _SystemDatabase if libhs.available() else _WheelDatabase


def _compiled_once(expressions: Sequence[str], flags: int = _FLAGS) -> _Database:
    """The database of ``expressions``, serialized in the build cache the first time (compiling
    the text detector's sets takes ~0.6 s, loading them milliseconds)."""
    engine = _engine()
    inputs = orjson.dumps([engine.engine, libhs.version(), flags, *expressions])
    serialized = cached(
        "hyperscan", inputs, lambda: engine.compiled(expressions, flags), code=__name__
    )
    return _loaded((engine.engine, serialized)) or engine.loaded(
        engine.compiled(expressions, flags)
    )


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


def prepare(
    texts: pl.Series | pa.Array | pa.ChunkedArray | Column, separated: bool = True
) -> Column:
    """The scannable form of a string column (nulls scan as empty rows), its rows separated
    or not (see :class:`Column`)."""
    if isinstance(texts, Column):
        return texts
    series = texts if isinstance(texts, pl.Series) else pl.Series(texts)
    series = series.cast(pl.String)
    if series.null_count():  # a null can hide bytes ("set" or "scatter" leave them in place)
        series = series.fill_null("")
    _, offsets, data = large_string_buffers(series + "\n" if separated else series)
    return Column(data, offsets, separated)


@dataclass(frozen=True)
class _Spacing:
    """How a set's any-spacing terms are scanned at literal speed.

    Each such expression (``louis\\s+vuitton``, see
    :func:`~truemark.index.mark_patterns.spaced_words`) goes into the main set as its words
    joined by one space, and each of its words but the last once more as a *trigger*: the word
    followed by whitespace that is not one space (``louis\\t``, ``louis  ``). A match of the
    term as written whose whitespace is not one space holds such a trigger, in its row and
    before its end, so the rows without a trigger hit there find the same as the term as
    written would; the rows with one are scanned again with the spaced terms as written,
    whose hits replace the one-space ones there. A word has two triggers, each of one width
    (:data:`_ODD_SPACES`)."""

    main: tuple[str, ...]
    """The expressions with spaced terms joined by one space, then the triggers."""
    left: np.ndarray
    right: np.ndarray
    width: np.ndarray
    """Characters of every match of each of ``main``, -1 for an expression of no one width
    (all -1 where any is: the set is scanned with start of match)."""
    spaced: np.ndarray
    """Ids of the spaced expressions (into the set as given)."""
    is_spaced: np.ndarray
    """Per id of the set as given: a spaced expression."""
    spaced_left: np.ndarray
    spaced_right: np.ndarray
    """The spaced expressions' word boundaries, as scanned again."""

    @classmethod
    def of(cls, expressions: Sequence[str], bounded: Sequence[tuple[bool, bool]]) -> _Spacing:
        main, triggers, spaced = list(expressions), [], []
        left = [edge for edge, _ in bounded]
        width = [len(text) if (text := literal_text(e)) is not None else -1 for e in expressions]
        trigger_width = []
        for number, expression in enumerate(expressions):
            words = spaced_words(expression)
            if words is None:
                continue
            spaced.append(number)
            main[number] = " ".join(re.escape(word) for word in words)
            width[number] = len(" ".join(words))
            for place, word in enumerate(words[:-1]):
                for odd_space, space_width in _ODD_SPACES:
                    triggers.append(re.escape(word) + odd_space)
                    trigger_width.append(len(word) + space_width)
                    # the first word starts where the term does; a later one after whitespace,
                    # and a look-alike that is no word character may start it (never check its
                    # edge)
                    left.append(bool(bounded[number][0]) if place == 0 else False)
        width += trigger_width
        is_spaced = np.zeros(len(expressions), dtype=bool)
        is_spaced[spaced] = True
        return cls(
            tuple(main + triggers),
            np.array(left or [False], dtype=bool),
            np.array([right for _, right in bounded] + [False] * len(triggers) or [False]),
            np.array(width if min(width, default=0) >= 0 else [-1] * len(width), dtype=np.int64),
            np.array(spaced, dtype=np.int64),
            is_spaced,
            np.array([bounded[i][0] for i in spaced] or [False], dtype=bool),
            np.array([bounded[i][1] for i in spaced] or [False], dtype=bool),
        )


_ODD_SPACES = ((r"[^\S ]", 1), (r" \s", 2))
"""Whitespace that is not one space, and its width: a blank other than a space, or a space and
another."""


class Scanner:
    """Patterns (Hyperscan regular expressions) compiled once, scanned over whole columns."""

    def __init__(
        self,
        expressions: Sequence[str],
        bounded: Sequence[tuple[bool, bool]],
        compiled: tuple[Compiled | None, Compiled | None] | None = None,
    ) -> None:
        """``bounded[i]`` says whether pattern i must start / end at a word boundary;
        ``compiled`` is this same pattern set serialized by :meth:`__reduce__` (see there)."""
        self._source = (tuple(expressions), tuple(bounded))
        self.size = len(expressions)
        self._spacing = _Spacing.of(expressions, bounded)
        self.literal = bool((self._spacing.width >= 0).all())
        """Whether every pattern is a literal term (any spacing between its words), so of one
        width: such a set scans columns whose rows are not separated (:class:`Column`), and
        without start of match."""
        spaced = self._spacing.spaced
        main, again = compiled or (None, None)
        self._database: _Database | None = None
        self._spaced_database: _Database | None = None
        if expressions:
            self._database = _loaded(main) or _compiled_once(
                self._spacing.main, _LITERAL_FLAGS if self.literal else _FLAGS
            )
        if spaced.size:
            as_written = [expressions[i] for i in spaced]
            self._spaced_database = _loaded(again) or _compiled_once(as_written)

    def __reduce__(
        self,
    ) -> tuple[
        type[Scanner],
        tuple[
            tuple[str, ...],
            tuple[tuple[bool, bool], ...],
            tuple[Compiled | None, Compiled | None],
        ],
    ]:
        """Sent to another process as its patterns and the serialized databases: loading those
        is ~100x faster than compiling, and a process that cannot load them (another CPU,
        another engine) compiles."""
        compiled = (_serialized(self._database), _serialized(self._spaced_database))
        return (Scanner, (*self._source, compiled))

    @property
    def engine(self) -> str | None:
        """Which Hyperscan runs the scans: "system" (libhs), "wheel", or None (no patterns)."""
        return self._database.engine if self._database is not None else None

    def scan(self, texts: pl.Series | pa.Array | pa.ChunkedArray | Column) -> Hits:
        """Every match in every row, row-local offsets, word boundaries enforced; by end offset,
        then pattern."""
        column = prepare(texts, separated=not self.literal)
        if not (column.separated or self.literal):
            raise ValueError("a set with assertions or classes scans separated rows only")
        if self._database is None or len(column.offsets) < 2 or not column.row_bytes().size:
            return empty_hits()
        spacing = self._spacing
        found = _row_hits(self._database, column, spacing.left, spacing.right, spacing.width)
        if self._spaced_database is not None and (found[0] >= self.size).any():
            found = self._respaced(column, found)
        pattern, row, start, end, absolute_end = found
        return _in_order(Hits(pattern, row, start, end), absolute_end, self.size)

    def _respaced(self, column: Column, found: _RowHits) -> _RowHits:
        """``found`` with the rows a trigger hit (see :class:`_Spacing`) scanned again for the
        spaced terms as written: their one-space hits there, and the triggers, give way."""
        assert self._spaced_database is not None
        pattern, row, end = found[0], found[1], found[3]
        is_trigger = pattern >= self.size
        # a trigger that ends exactly at its row's end has no word of its term after it (other
        # trailing blanks still cost a scan again, finding nothing)
        at_end = end == np.diff(column.offsets)[row]
        rows = np.unique(row[is_trigger & ~at_end])
        if not rows.size:
            return tuple(hits[~is_trigger] for hits in found)  # type: ignore[return-value]
        spacing = self._spacing
        in_rows = np.zeros(len(column.offsets) - 1, dtype=bool)
        in_rows[rows] = True
        keep = ~is_trigger
        keep[keep] = ~(spacing.is_spaced[pattern[keep]] & in_rows[row[keep]])
        again = _row_hits(
            self._spaced_database,
            column.take(rows),
            spacing.spaced_left,
            spacing.spaced_right,
            np.full(len(spacing.spaced), -1),
        )
        spaced_row = rows[again[1]]
        again = (
            spacing.spaced[again[0]].astype(np.int32),
            spaced_row,
            again[2],
            again[3],
            column.offsets[spaced_row] + again[3],
        )
        return tuple(  # type: ignore[return-value]  # five arrays
            np.concatenate([mine[keep], theirs]) for mine, theirs in zip(found, again, strict=True)
        )


_RowHits = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""What :func:`~truemark.index.hits_kernel.row_hits` returns: pattern, row, start, end (in the
row), end (in the column's bytes)."""


def _row_hits(
    database: _Database, column: Column, left: np.ndarray, right: np.ndarray, width: np.ndarray
) -> _RowHits:
    """The hits of one scan of ``column``'s rows (see :func:`_in_order` for their order);
    ``left``, ``right`` and ``width`` per pattern as :func:`~.hits_kernel.row_hits` takes them."""
    table = database.scan(column.row_bytes())
    if not table.size:
        none = np.zeros(0, dtype=np.int64)
        return none.astype(np.int32), none, none, none, none
    return row_hits(
        table, column.values, column.offsets, left, right, _WORD_BYTE, width, column.ascii_rows()
    )


def _serialized(database: _Database | None) -> Compiled | None:
    return (database.engine, database.serialized) if database is not None else None


def _in_order(hits: Hits, end: np.ndarray, patterns: int) -> Hits:
    """Hits by end offset, then pattern. Hyperscan reports matches by end offset, but orders
    those that end together by how it compiled the set: another set (the same terms with or
    without ``\\b``) or another Hyperscan may order them differently, and a consumer that keeps a
    row's first mark must not depend on that. Only the ties are put in order where the hits
    come by end (:func:`~truemark.index.hits_kernel.end_then_pattern`; a check and a sort of
    the whole cost 1.5 ms a batch)."""
    order, found = end_then_pattern(end, hits.pattern)
    if found == IN_ORDER:
        return hits
    if found == NOT_BY_END:
        order = np.argsort(end * patterns + hits.pattern, kind="stable")
    return hits.take(order)
