"""Each row of a frame as a JSON object: the results' ``signals`` column (spec §4).

The same bytes as ``pl.struct(pl.all()).struct.json_encode()``, for less: polars writes every
value through a general serializer (~40 ns a value here), and the signals JSON was a batch's
most expensive step after the text detector and the policy. Here each column is read once
into flat arrays by its type, and numba kernels (:mod:`truemark.scan.json_kernel`) write the
rows straight into an Arrow string array, which the results table takes as it is (no cast, no
copy). A float is written by the kernel where it is a whole number below 10^15 ("3085.0"), else
by polars' own cast to text (the same shortest form as its JSON; a NaN or an infinity is
``null``): formatting those is most of what is left (~55 ns a value). A
frame with a column of any other type goes to polars' encoder. The results step of a batch
went from 1.61 to 1.30 µs a listing (both in one process, the workers' allocator settings).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.io.text import large_string_buffers
from truemark.scan.json_kernel import (
    BOOLEAN,
    ESCAPED,
    FLOAT,
    FLOAT_TEXT,
    INTEGER,
    NULL_BOOLEAN,
    NULL_FLOAT,
    QUOTED,
    SLACK,
    STRINGS,
    TEXT,
    WHOLE_FLOAT,
    needs_escape,
    row_lengths,
    write_rows,
)

_INTEGERS = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32)


def json_objects(frame: pl.DataFrame) -> pa.Array:
    """One JSON object per row of ``frame`` (keys are the column names, in order), as an Arrow
    array of strings: a string array up to 2 GiB, past that (or where polars wrote it) another
    string type."""
    if not frame.width or not all(_supported(dtype) for dtype in frame.dtypes):
        return frame.select(pl.struct(pl.all()).struct.json_encode()).to_series().to_arrow()
    columns = _Columns(frame.height)
    for series in frame.get_columns():
        columns.add(series)
    kinds, places, keys, key_offsets, *values = columns.arguments(frame.columns)
    offsets = row_lengths(frame.height, kinds, places, key_offsets, *values)
    buffer = pa.allocate_buffer(int(offsets[-1]) + SLACK)  # Arrow's pool keeps freed memory
    write_rows(np.frombuffer(buffer, np.uint8), offsets, kinds, places, keys, key_offsets, *values)
    if offsets[-1] < _SMALL:
        small = offsets.astype(np.int32)
        return pa.StringArray.from_buffers(frame.height, pa.py_buffer(small), buffer)
    return pa.LargeStringArray.from_buffers(frame.height, pa.py_buffer(offsets), buffer)


_SMALL = 2**31
"""Bytes an Arrow string array (32-bit offsets) holds at most."""
_WHOLE_BELOW = 1e15
"""Whole floats below this are written "digits.0" (polars switches to an exponent at 1e16)."""


def _supported(dtype: pl.DataType) -> bool:
    if isinstance(dtype, pl.List):
        return dtype.inner == pl.String
    return dtype in (pl.Boolean, pl.Float64, pl.String, *_INTEGERS)


@dataclass
class _Columns:
    """The columns of a frame in the kernel's flat arrays, kind by kind."""

    rows: int
    kinds: list[int] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    booleans: list[np.ndarray] = field(default_factory=list)
    integers: list[np.ndarray] = field(default_factory=list)
    integer_nulls: list[np.ndarray] = field(default_factory=list)
    data: list[np.ndarray] = field(default_factory=list)
    data_size: int = 0
    text_offsets: list[np.ndarray] = field(default_factory=list)
    text_valid: list[np.ndarray] = field(default_factory=list)
    text_mode: list[int] = field(default_factory=list)
    list_offsets: list[np.ndarray] = field(default_factory=list)
    list_valid: list[np.ndarray] = field(default_factory=list)
    item_starts: list[np.ndarray] = field(default_factory=list)
    item_ends: list[np.ndarray] = field(default_factory=list)
    item_valid: list[np.ndarray] = field(default_factory=list)
    item_mode: list[int] = field(default_factory=list)
    float_state: list[np.ndarray] = field(default_factory=list)
    float_whole: list[np.ndarray] = field(default_factory=list)
    float_starts: list[np.ndarray] = field(default_factory=list)
    float_ends: list[np.ndarray] = field(default_factory=list)
    float_first: list[int] = field(default_factory=list)
    float_texts: int = 0
    items: int = 0

    def add(self, series: pl.Series) -> None:
        dtype = series.dtype
        if dtype == pl.Boolean:
            self._place(BOOLEAN, self.booleans)
            self.booleans.append(series.cast(pl.UInt8).fill_null(NULL_BOOLEAN).to_numpy())
        elif dtype in _INTEGERS:
            self._place(INTEGER, self.integers)
            self.integers.append(series.fill_null(0).cast(pl.Int64).to_numpy())
            self.integer_nulls.append(series.is_null().to_numpy())
        elif dtype == pl.Float64:
            self._add_floats(series)
        elif dtype == pl.String:
            self._add_text(series)
        else:
            self._add_strings(series)

    def _place(self, kind: int, of_kind: list[np.ndarray]) -> None:
        self.kinds.append(kind)
        self.places.append(len(of_kind))

    def _add_floats(self, series: pl.Series) -> None:
        self._place(FLOAT, self.float_state)
        values = series.fill_null(np.nan).to_numpy()
        with np.errstate(invalid="ignore"):
            whole = (np.abs(values) < _WHOLE_BELOW) & (values == np.floor(values))
        whole &= ~((values == 0.0) & np.signbit(values))  # "-0.0": polars writes it
        written = np.isfinite(values) & ~whole
        state = np.full(self.rows, NULL_FLOAT, dtype=np.uint8)
        state[whole], state[written] = WHOLE_FLOAT, FLOAT_TEXT
        self.float_state.append(state)
        self.float_whole.append(np.where(whole, values, 0.0).astype(np.int64))
        texts = series.filter(pl.Series(written)).cast(pl.String)
        _, offsets, data = large_string_buffers(texts)
        offsets = self._in_data(offsets, data)
        self.float_starts.append(offsets[:-1])
        self.float_ends.append(offsets[1:])
        self.float_first.append(self.float_texts)
        self.float_texts += len(texts)

    def _add_text(self, series: pl.Series) -> None:
        self._place(TEXT, self.text_offsets)
        _, offsets, data = large_string_buffers(series)
        self.text_offsets.append(self._in_data(offsets, data))
        self.text_valid.append(series.is_not_null().to_numpy())
        self.text_mode.append(_mode(data))

    def _add_strings(self, series: pl.Series) -> None:
        self._place(STRINGS, self.list_offsets)
        lists = series.to_arrow().cast(pa.large_list(pa.large_string()))
        if isinstance(lists, pa.ChunkedArray):
            lists = lists.combine_chunks()
        item_of_list = _offsets(lists)
        items = lists.values
        values = items.buffers()[2]
        data = np.frombuffer(values, np.uint8) if values else np.zeros(0, np.uint8)
        self.list_offsets.append(item_of_list + self.items)
        self.list_valid.append(lists.is_valid().to_numpy(zero_copy_only=False))
        item_offsets = self._in_data(_offsets(items), data)
        self.item_starts.append(item_offsets[:-1])
        self.item_ends.append(item_offsets[1:])
        self.item_valid.append(items.is_valid().to_numpy(zero_copy_only=False))
        self.item_mode.append(_mode(data))
        self.items += len(items)

    def _in_data(self, offsets: np.ndarray, data: np.ndarray) -> np.ndarray:
        """``offsets`` into ``data``, moved to where ``data`` goes in the one byte buffer."""
        self.data.append(data)
        moved = offsets + self.data_size
        self.data_size += len(data)
        return moved

    def arguments(self, names: list[str]) -> tuple[np.ndarray, ...]:
        """The kernel's arguments after the row count."""
        rows = self.rows
        heads = [
            ("," if place else "{") + json.dumps(name, ensure_ascii=False) + ":"
            for place, name in enumerate(names)
        ]
        keys = np.frombuffer("".join(heads).encode() + bytes(SLACK), dtype=np.uint8)
        key_offsets = np.cumsum([0, *(len(head.encode()) for head in heads)])
        return (
            np.array(self.kinds, dtype=np.int8),
            np.array(self.places, dtype=np.int64),
            keys,
            key_offsets.astype(np.int64),
            _stack(self.booleans, rows, np.uint8),
            _stack(self.integers, rows, np.int64),
            _stack(self.integer_nulls, rows, np.bool_),
            np.concatenate([*self.data, np.zeros(SLACK, np.uint8)]),
            _stack(self.text_offsets, rows + 1, np.int64),
            _stack(self.text_valid, rows, np.bool_),
            np.array(self.text_mode, dtype=np.uint8),
            _stack(self.list_offsets, rows + 1, np.int64),
            _stack(self.list_valid, rows, np.bool_),
            np.concatenate([np.zeros(0, np.int64), *self.item_starts]),
            np.concatenate([np.zeros(0, np.int64), *self.item_ends]),
            np.concatenate([np.zeros(0, np.bool_), *self.item_valid]),
            np.array(self.item_mode, dtype=np.uint8),
            _stack(self.float_state, rows, np.uint8),
            _stack(self.float_whole, rows, np.int64),
            np.concatenate([np.zeros(0, np.int64), *self.float_starts]),
            np.concatenate([np.zeros(0, np.int64), *self.float_ends]),
            np.array(self.float_first, dtype=np.int64),
        )


def _mode(data: np.ndarray) -> int:
    """How strings in this byte buffer are written: escaped only where some byte needs it (a
    buffer may hold bytes of no row, past a slice: they only cost the byte-wise path)."""
    return ESCAPED if needs_escape(data) else QUOTED


def _offsets(array: pa.Array) -> np.ndarray:
    """A large (list or string) array's offsets, one per element and one more, as int64."""
    buffer = array.buffers()[1]
    return np.frombuffer(buffer, dtype=np.int64)[array.offset : array.offset + len(array) + 1]


def _stack(arrays: list[np.ndarray], width: int, dtype: type) -> np.ndarray:
    if not arrays:
        return np.zeros((0, width), dtype=dtype)
    return np.stack(arrays).astype(dtype, copy=False)
