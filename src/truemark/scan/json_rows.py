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
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.io.text import arrow_offsets, arrow_string_buffers, large_string_buffers
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
    Columns,
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
    kinds, places, keys, key_offsets, arrays = columns.arguments(frame.columns)
    offsets = row_lengths(frame.height, kinds, places, key_offsets, arrays)
    buffer = pa.allocate_buffer(int(offsets[-1]) + SLACK)  # Arrow's pool keeps freed memory
    write_rows(np.frombuffer(buffer, np.uint8), offsets, kinds, places, keys, key_offsets, arrays)
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


_STACKED = {  # one row of values per column: (columns x rows), or x (rows + 1) for offsets
    "booleans": np.uint8,
    "integers": np.int64,
    "integer_null": np.bool_,
    "text_offsets": np.int64,
    "text_valid": np.bool_,
    "list_offsets": np.int64,
    "list_valid": np.bool_,
    "float_state": np.uint8,
    "float_whole": np.int64,
}
_JOINED = {  # one value per column, or the values of all the columns one after another
    "text_mode": np.uint8,
    "item_starts": np.int64,
    "item_ends": np.int64,
    "item_valid": np.bool_,
    "item_mode": np.uint8,
    "float_starts": np.int64,
    "float_ends": np.int64,
    "float_first": np.int64,
}


_Arguments = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Columns]
"""The kernels' arguments after the row count: kinds, places, keys, key offsets, columns."""


class _Columns:
    """A frame's columns gathered, kind by kind, into the kernel's :class:`Columns`."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.kinds: list[int] = []
        self.places: list[int] = []
        self.parts: dict[str, list[Any]] = {name: [] for name in Columns._fields}
        self.data_size = 0
        self.items = 0
        self.float_texts = 0

    def add(self, series: pl.Series) -> None:
        dtype = series.dtype
        if dtype == pl.Boolean:
            self._place(BOOLEAN, "booleans")
            self._add(booleans=series.cast(pl.UInt8).fill_null(NULL_BOOLEAN).to_numpy())
        elif dtype in _INTEGERS:
            self._place(INTEGER, "integers")
            integers = series.fill_null(0).cast(pl.Int64).to_numpy()
            self._add(integers=integers, integer_null=series.is_null().to_numpy())
        elif dtype == pl.Float64:
            self._add_floats(series)
        elif dtype == pl.String:
            self._add_text(series)
        else:
            self._add_strings(series)

    def _place(self, kind: int, part: str) -> None:
        self.kinds.append(kind)
        self.places.append(len(self.parts[part]))

    def _add(self, **parts: Any) -> None:
        for name, value in parts.items():
            self.parts[name].append(value)

    def _add_floats(self, series: pl.Series) -> None:
        self._place(FLOAT, "float_state")
        values = series.fill_null(np.nan).to_numpy()
        with np.errstate(invalid="ignore"):
            whole = (np.abs(values) < _WHOLE_BELOW) & (values == np.floor(values))
        whole &= ~((values == 0.0) & np.signbit(values))  # "-0.0": polars writes it
        written = np.isfinite(values) & ~whole
        state = np.full(self.rows, NULL_FLOAT, dtype=np.uint8)
        state[whole], state[written] = WHOLE_FLOAT, FLOAT_TEXT
        texts = series.filter(pl.Series(written)).cast(pl.String)
        _, offsets, data = large_string_buffers(texts)
        offsets = self._in_data(offsets, data)
        self._add(
            float_state=state,
            float_whole=np.where(whole, values, 0.0).astype(np.int64),
            float_starts=offsets[:-1],
            float_ends=offsets[1:],
            float_first=[self.float_texts],
        )
        self.float_texts += len(texts)

    def _add_text(self, series: pl.Series) -> None:
        self._place(TEXT, "text_offsets")
        _, offsets, data = large_string_buffers(series)
        self._add(
            text_offsets=self._in_data(offsets, data),
            text_valid=series.is_not_null().to_numpy(),
            text_mode=[_mode(data)],
        )

    def _add_strings(self, series: pl.Series) -> None:
        self._place(STRINGS, "list_offsets")
        lists = series.to_arrow().cast(pa.large_list(pa.large_string()))
        if isinstance(lists, pa.ChunkedArray):
            lists = lists.combine_chunks()
        items = lists.values
        item_offsets, data = arrow_string_buffers(items)
        item_offsets = self._in_data(item_offsets, data)
        self._add(
            list_offsets=arrow_offsets(lists) + self.items,
            list_valid=lists.is_valid().to_numpy(zero_copy_only=False),
            item_starts=item_offsets[:-1],
            item_ends=item_offsets[1:],
            item_valid=items.is_valid().to_numpy(zero_copy_only=False),
            item_mode=[_mode(data)],
        )
        self.items += len(items)

    def _in_data(self, offsets: np.ndarray, data: np.ndarray) -> np.ndarray:
        """``offsets`` into ``data``, moved to where ``data`` goes in the one byte buffer."""
        self._add(data=data)
        moved = offsets + self.data_size
        self.data_size += len(data)
        return moved

    def arguments(self, names: list[str]) -> _Arguments:
        """The kernels' arguments after the row count (and the output)."""
        heads = [
            ("," if place else "{") + json.dumps(name, ensure_ascii=False) + ":"
            for place, name in enumerate(names)
        ]
        keys = np.frombuffer("".join(heads).encode() + bytes(SLACK), dtype=np.uint8)
        key_offsets = np.cumsum([0, *(len(head.encode()) for head in heads)]).astype(np.int64)
        arrays = {"data": np.concatenate([*self.parts["data"], np.zeros(SLACK, np.uint8)])}
        for name, dtype in _STACKED.items():
            width = self.rows + 1 if name.endswith("offsets") else self.rows
            arrays[name] = _stack(self.parts[name], width, dtype)
        for name, dtype in _JOINED.items():
            arrays[name] = np.concatenate([np.zeros(0, dtype), *map(np.asarray, self.parts[name])])
        kinds, places = np.array(self.kinds, dtype=np.int8), np.array(self.places, dtype=np.int64)
        return kinds, places, keys, key_offsets, Columns(**arrays)


def _mode(data: np.ndarray) -> int:
    """How strings in this byte buffer are written: escaped only where some byte needs it (a
    buffer may hold bytes of no row, past a slice: they only cost the byte-wise path)."""
    return ESCAPED if needs_escape(data) else QUOTED


def _stack(arrays: list[np.ndarray], width: int, dtype: type) -> np.ndarray:
    if not arrays:
        return np.zeros((0, width), dtype=dtype)
    return np.stack(arrays).astype(dtype, copy=False)
