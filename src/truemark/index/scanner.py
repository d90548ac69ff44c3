"""A compiled multi-pattern scanner (Hyperscan) over a whole string column in one pass.

The column's rows, each ended by a newline, are scanned as one Arrow value buffer; patterns
carry their word boundaries (``\\b``), so hits inside words never reach Python. Match offsets
are mapped back to rows with ``numpy.searchsorted`` and boundaries re-checked with numpy, so
the only per-match Python work is Hyperscan's callback appending three integers.
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

_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[[*range(ord("0"), ord("9") + 1), *range(ord("a"), ord("z") + 1)]] = True
_WORD_BYTE[[*range(ord("A"), ord("Z") + 1)]] = True


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
    """A string column ready to scan: its UTF-8 bytes, each row ended by a newline, and row
    offsets into them. The newline keeps ``\\b`` true at row edges and no match spans rows."""

    values: memoryview
    offsets: np.ndarray


_FLAGS = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8


def _compiled(expressions: Sequence[str]) -> hyperscan.Database:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[expression.encode("utf-8") for expression in expressions],
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[_FLAGS] * len(expressions),
    )
    return database


def _compiled_once(expressions: Sequence[str]) -> hyperscan.Database:
    """The database of ``expressions``, serialized in the build cache the first time (compiling
    the text detector's sets takes ~0.6 s, loading them milliseconds)."""
    inputs = orjson.dumps([_FLAGS, *expressions])
    compiled = cached("hyperscan", inputs, lambda: hyperscan.dumpb(_compiled(expressions)))
    return _deserialized(compiled) or _compiled(expressions)


def _deserialized(compiled: bytes | None) -> hyperscan.Database | None:
    """A database serialized by this library, or None when there is none or this platform
    cannot run it."""
    if compiled is None:
        return None
    try:
        database = hyperscan.loadb(compiled, hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)
    except hyperscan.error:
        return None
    return database


def prepare(texts: pl.Series | pa.Array | pa.ChunkedArray | Column) -> Column:
    """The scannable form of a string column (nulls scan as empty rows)."""
    if isinstance(texts, Column):
        return texts
    series = texts if isinstance(texts, pl.Series) else pl.Series(texts)
    array = (series.cast(pl.String) + "\n").to_arrow()
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.type != pa.large_string():
        array = array.cast(pa.large_string())
    _, offsets_buffer, values_buffer = array.buffers()
    start = array.offset
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[start : start + len(array) + 1]
    if values_buffer is None:
        return Column(memoryview(b""), np.zeros(len(array) + 1, dtype=np.int64))
    return Column(memoryview(values_buffer), offsets)


class Scanner:
    """Patterns (Hyperscan regular expressions) compiled once, scanned over whole columns."""

    def __init__(
        self,
        expressions: Sequence[str],
        bounded: Sequence[tuple[bool, bool]],
        compiled: bytes | None = None,
    ) -> None:
        """``bounded[i]`` says whether pattern i must start / end at a word boundary;
        ``compiled`` is this same pattern set serialized by :meth:`__reduce__` (see there)."""
        self._source = (tuple(expressions), tuple(bounded))
        self.size = len(expressions)
        self._left = np.array([left for left, _ in bounded] or [False], dtype=bool)
        self._right = np.array([right for _, right in bounded] or [False], dtype=bool)
        self._database: hyperscan.Database | None = None
        if expressions:
            self._database = _deserialized(compiled) or _compiled_once(expressions)

    def __reduce__(
        self,
    ) -> tuple[type[Scanner], tuple[tuple[str, ...], tuple[tuple[bool, bool], ...], bytes | None]]:
        """Sent to another process as its patterns and the serialized database: loading that is
        ~100x faster than compiling, and a process that cannot load it (another CPU) compiles."""
        compiled = hyperscan.dumpb(self._database) if self._database is not None else None
        return (Scanner, (*self._source, compiled))

    def scan(self, texts: pl.Series | pa.Array | pa.ChunkedArray | Column) -> Hits:
        """Every match in every row, row-local offsets, word boundaries enforced."""
        column = prepare(texts)
        values, offsets = column.values, column.offsets
        if self._database is None or len(offsets) < 2 or offsets[-1] == offsets[0]:
            return empty_hits()
        found: list[int] = []
        self._database.scan(
            values[offsets[0] : offsets[-1]],  # type: ignore[type-var]  # any buffer works
            match_event_handler=lambda pattern, start, end, _flags, _context: found.extend(
                (pattern, start, end)
            ),
        )
        if not found:
            return empty_hits()
        table = np.array(found, dtype=np.int64).reshape(-1, 3)
        start, end = table[:, 1] + offsets[0], table[:, 2] + offsets[0]
        row = np.searchsorted(offsets, start, side="right") - 1
        row_start, row_end = offsets[row], offsets[row + 1]
        data = np.frombuffer(values, dtype=np.uint8)
        pattern = table[:, 0].astype(np.int32)
        word_before = (start > row_start) & _WORD_BYTE[data[np.maximum(start - 1, 0)]]
        word_after = (end < row_end) & _WORD_BYTE[data[np.minimum(end, len(data) - 1)]]
        keep = (end <= row_end) & ~(self._left[pattern] & word_before)
        keep &= ~(self._right[pattern] & word_after)
        return Hits(pattern[keep], row[keep], (start - row_start)[keep], (end - row_start)[keep])
