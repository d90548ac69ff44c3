"""Turn cells read as bytes into text; a row with a cell that is not UTF-8 is rejected alone."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.io.rows import FieldError, RawBatch, RejectedRow


def large_string_buffers(texts: pl.Series) -> tuple[pa.LargeStringArray, np.ndarray, np.ndarray]:
    """A string column as one Arrow large-string array, with its offsets (one per row and one
    more, from where the array starts) and its UTF-8 bytes as numpy arrays over its buffers."""
    array = texts.cast(pl.String).to_arrow()
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.type != pa.large_string():
        array = array.cast(pa.large_string())
    return array, *arrow_string_buffers(array)


def string_series(name: str, offsets: np.ndarray, data: np.ndarray) -> pl.Series:
    """A string column from its offsets (int64, one per row and one more) and UTF-8 bytes: the
    inverse of :func:`large_string_buffers`, for what a kernel wrote."""
    array = pa.LargeStringArray.from_buffers(
        len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data)
    )
    return pl.Series(name, array)


def arrow_string_buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """An Arrow string or large-string array's offsets (see :func:`arrow_offsets`) and its
    UTF-8 bytes, as numpy arrays over its buffers."""
    values_buffer = array.buffers()[2]
    data = np.frombuffer(values_buffer, dtype=np.uint8) if values_buffer is not None else _NO_BYTES
    return arrow_offsets(array), data


def arrow_offsets(array: pa.Array) -> np.ndarray:
    """The offsets of an Arrow string, binary or list array (int32, or int64 for the large
    types), one per element and one more, from where the array starts."""
    kind = array.type
    large = pa.types.is_large_string(kind) or pa.types.is_large_binary(kind)
    width = np.int64 if large or pa.types.is_large_list(kind) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=width)
    return offsets[array.offset : array.offset + len(array) + 1]


_NO_BYTES = np.zeros(0, dtype=np.uint8)


def _bad_cells(column: pa.Array) -> np.ndarray:
    """Mask of cells that are not valid UTF-8 (the slow path, run only when a column fails)."""
    bad = np.zeros(len(column), dtype=bool)
    for index, cell in enumerate(column.to_pylist()):
        if cell is None:
            continue
        try:
            cell.decode("utf-8")
        except UnicodeDecodeError:
            bad[index] = True
    return bad


def _decoded(cells: dict[str, object]) -> dict[str, object]:
    return {
        name: value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
        for name, value in cells.items()
    }


def decode_text(raw: RawBatch) -> RawBatch:
    """The same batch with binary columns as strings; rows holding bad UTF-8 become rejects."""
    batch = raw.columns
    bad_rows = np.zeros(batch.num_rows, dtype=bool)
    bad_fields: dict[str, np.ndarray] = {}
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            column.cast(pa.string())
        except pa.ArrowInvalid:
            bad_fields[name] = _bad_cells(column)
            bad_rows |= bad_fields[name]
    rejects = list(raw.rejects)
    for index in np.flatnonzero(bad_rows):
        errors = [FieldError(n, "not valid UTF-8") for n, m in bad_fields.items() if m[index]]
        record = _decoded(batch.slice(int(index), 1).to_pylist()[0])
        rejects.append(RejectedRow(raw.file, int(raw.row_numbers[index]), raw.unit, record, errors))
    keep = pa.array(~bad_rows)
    good = batch.filter(keep) if bad_rows.any() else batch
    text = pa.RecordBatch.from_arrays(
        [c.cast(pa.string()) for c in good.columns], names=good.schema.names
    )
    return RawBatch(raw.file, text, raw.row_numbers[~bad_rows], raw.unit, None, rejects)
