"""Join Parquet files of one schema into one file by copying their row groups byte for byte.

A local scan's batches are encoded where they were scanned (each worker writes its checkpoint
part as Parquet); the output is then those parts' column chunks one after another and one
footer listing every row group, with its offsets moved to where its chunks now start. Nothing
is decoded or compressed a second time: the main process copies ~140 bytes a listing instead
of reading every part back and encoding it again (~3 µs a listing, on the cores that scan).

The footer is Parquet's Thrift ``FileMetaData``, read and written with fastparquet's model of
the format; the file's own schema and key-value metadata come from a footer pyarrow writes
for the output schema, so every part must have exactly that schema.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fastparquet import cencoding

from truemark.errors import InputError

MAGIC = b"PAR1"
_TAIL = 8  # footer length (int32, little-endian) and the closing magic


def _footer(data: bytes | memoryview, name: str) -> tuple[Any, int]:
    """The footer of a whole Parquet file in memory, and where it starts."""
    if len(data) < len(MAGIC) + _TAIL or data[:4] != MAGIC or data[-4:] != MAGIC:
        raise InputError(f"{name}: not a whole Parquet file")
    (size,) = struct.unpack("<i", data[-_TAIL:-4])
    start = len(data) - _TAIL - size
    if not len(MAGIC) <= start < len(data) - _TAIL:
        raise InputError(f"{name}: not a whole Parquet file (footer of {size} bytes)")
    footer = cencoding.from_buffer(bytes(data[start:-_TAIL]), "FileMetaData")
    groups = footer.row_groups or []
    if footer.num_rows != sum(group.num_rows for group in groups):
        raise InputError(f"{name}: damaged Parquet footer (row counts disagree)")
    return footer, start


def _schema_of(footer: Any) -> list[bytes]:
    return [bytes(element.to_bytes()) for element in footer.schema]


def _move(group: Any, delta: int, ordinal: int) -> None:
    """Shift every file offset of a row group by ``delta`` bytes; number it ``ordinal``."""
    if group.file_offset is not None:
        group.file_offset += delta
    if group.ordinal is not None:
        group.ordinal = ordinal
    for chunk in group.columns:
        if chunk.file_offset:  # deprecated; 0 where the writer left it unset
            chunk.file_offset += delta
        for name in ("offset_index_offset", "column_index_offset"):
            if getattr(chunk, name) is not None:
                setattr(chunk, name, getattr(chunk, name) + delta)
        meta = chunk.meta_data
        meta.data_page_offset += delta
        for name in ("dictionary_page_offset", "index_page_offset", "bloom_filter_offset"):
            if getattr(meta, name, None) is not None:
                setattr(meta, name, getattr(meta, name) + delta)


class ParquetSplicer:
    """Writes one Parquet file of ``schema`` from whole Parquet files appended in order.

    ``options`` are the writer options the parts were written with (they shape the footer
    pyarrow writes for the schema). Use as a context manager; the file is whole once closed.
    """

    def __init__(self, path: Path, schema: pa.Schema, **options: Any) -> None:
        template = io.BytesIO()
        pq.write_table(schema.empty_table(), template, **options)
        self._template, _ = _footer(template.getvalue(), "the output schema")
        self._schema = _schema_of(self._template)
        self._groups: list[Any] = []
        self.rows = 0
        self._file = path.open("wb")
        self._file.write(MAGIC)
        self._written = len(MAGIC)

    def append(self, data: bytes | memoryview, name: str) -> None:
        """Add the row groups of one whole Parquet file (its bytes; ``name`` for errors)."""
        footer, end = _footer(data, name)
        if _schema_of(footer) != self._schema:
            raise InputError(f"{name}: its Parquet schema is not the output's")
        delta = self._written - len(MAGIC)
        for group in footer.row_groups or []:
            if group.num_rows:
                _move(group, delta, len(self._groups))
                self._groups.append(group)
        self._file.write(memoryview(data)[len(MAGIC) : end])
        self._written += end - len(MAGIC)
        self.rows += footer.num_rows

    def close(self) -> None:
        """Write the footer of every row group appended and close the file."""
        if self._file.closed:
            return
        footer = self._template
        footer.row_groups = self._groups
        footer.num_rows = self.rows
        encoded = bytes(footer.to_bytes())
        self._file.write(encoded + struct.pack("<i", len(encoded)) + MAGIC)
        self._file.close()

    def __enter__(self) -> ParquetSplicer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
