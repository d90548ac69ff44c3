"""Join Parquet files of one schema into one file by copying their row groups byte for byte.

A local scan's batches are encoded where they were scanned (each worker writes its checkpoint
part as Parquet); the output is then those parts' column chunks one after another and one
footer listing every row group, with its offsets moved to where its chunks now start. Nothing
is decoded or compressed a second time: the main process copies ~140 bytes a listing instead
of reading every part back and encoding it again (~3 µs a listing, on the cores that scan).
The copy is the kernel's (``copy_file_range``): the bytes go from one file's pages to the
other's without a buffer in this process to fault in and copy through (57 MB files: 44 -> 20
CPU-ms each; a scan's parts are ~9 MB).

The footer is Parquet's Thrift ``FileMetaData``, read and written with fastparquet's model of
the format; the file's own schema and key-value metadata come from a footer pyarrow writes
for the output schema, so every part must have exactly that schema.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fastparquet import cencoding

from truemark.errors import InputError

MAGIC = b"PAR1"
_TAIL = 8  # footer length (int32, little-endian) and the closing magic


def _read_footer(file: io.FileIO | io.BytesIO, length: int, name: str) -> tuple[Any, int]:
    """The footer of a whole Parquet file of ``length`` bytes open in ``file``, and where it
    starts; only the magic and the footer are read."""
    head = file.read(len(MAGIC)) if length >= len(MAGIC) + _TAIL else b""
    file.seek(max(length - _TAIL, 0))
    tail = file.read(_TAIL)
    if head != MAGIC or len(tail) != _TAIL or tail[-4:] != MAGIC:
        raise InputError(f"{name}: not a whole Parquet file")
    (size,) = struct.unpack("<i", tail[:4])
    start = length - _TAIL - size
    if not len(MAGIC) <= start < length - _TAIL:
        raise InputError(f"{name}: not a whole Parquet file (footer of {size} bytes)")
    file.seek(start)
    footer = cencoding.from_buffer(file.read(size), "FileMetaData")
    groups = footer.row_groups or []
    if footer.num_rows != sum(group.num_rows for group in groups):
        raise InputError(f"{name}: damaged Parquet footer (row counts disagree)")
    return footer, start


def _schema_of(footer: Any) -> list[bytes]:
    return [bytes(element.to_bytes()) for element in footer.schema]


def _inside(group: Any, end: int) -> bool:
    """Every column chunk of a row group lies between the opening magic and ``end``."""
    for chunk in group.columns:
        meta = chunk.meta_data
        first = min(meta.data_page_offset, meta.dictionary_page_offset or meta.data_page_offset)
        if first < len(MAGIC) or first + meta.total_compressed_size > end:
            return False
    return True


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


def _copy(source: io.FileIO, target: io.FileIO, offset: int, count: int) -> None:
    """Append ``count`` bytes of ``source`` from ``offset`` to ``target`` (at its position):
    by the kernel where it can (``copy_file_range``, Linux), else through a buffer."""
    copy_range = getattr(os, "copy_file_range", None)
    while count > 0 and copy_range is not None:
        try:
            copied = copy_range(source.fileno(), target.fileno(), count, offset)
        except OSError:  # another file system, or one that cannot: copy the rest here
            break
        if copied == 0:  # declined without an error (some file systems): the buffer tells
            break
        offset, count = offset + copied, count - copied
    source.seek(offset)
    while count > 0:
        chunk = source.read(min(count, _CHUNK))
        if not chunk:
            raise InputError(f"{source.name}: shorter than its footer says")
        _write_all(target, chunk)
        count -= len(chunk)


def _write_all(target: io.FileIO, data: bytes) -> None:
    """An unbuffered write may take part of the bytes: write until all are written."""
    view = memoryview(data)
    while view:
        written = target.write(view)
        if not written:
            raise OSError(f"{target.name}: the write took no bytes")
        view = view[written:]


_CHUNK = 1 << 24


class ParquetSplicer:
    """Writes one Parquet file of ``schema`` from whole Parquet files appended in order.

    ``options`` are the writer options the parts were written with (they shape the footer
    pyarrow writes for the schema). Use as a context manager; the file is whole once closed.
    """

    def __init__(self, path: Path, schema: pa.Schema, **options: Any) -> None:
        template = io.BytesIO()
        pq.write_table(schema.empty_table(), template, **options)
        encoded = template.getvalue()
        self._template, _ = _read_footer(io.BytesIO(encoded), len(encoded), "the output schema")
        self._schema = _schema_of(self._template)
        self._groups: list[Any] = []
        self.rows = 0
        self._file = path.open("wb", buffering=0)  # unbuffered: the kernel copies in between
        _write_all(self._file, MAGIC)
        self._written = len(MAGIC)

    def append(self, part: Path) -> dict[bytes, bytes]:
        """Add the row groups of one whole Parquet file; its key-value metadata comes back."""
        with part.open("rb", buffering=0) as source:
            footer, end = _read_footer(source, os.fstat(source.fileno()).st_size, str(part))
            if _schema_of(footer) != self._schema:
                raise InputError(f"{part}: its Parquet schema is not the output's")
            if not all(_inside(group, end) for group in footer.row_groups or [] if group.num_rows):
                raise InputError(f"{part}: damaged Parquet footer (a column chunk lies outside)")
            _copy(source, self._file, len(MAGIC), end - len(MAGIC))
        delta = self._written - len(MAGIC)
        for group in footer.row_groups or []:
            if group.num_rows:
                _move(group, delta, len(self._groups))
                self._groups.append(group)
        self._written += end - len(MAGIC)
        self.rows += footer.num_rows
        pairs = footer.key_value_metadata or []
        return {bytes(pair.key): bytes(pair.value or b"") for pair in pairs}

    def close(self) -> None:
        """Write the footer of every row group appended and close the file."""
        if self._file.closed:
            return
        footer = self._template
        footer.row_groups = self._groups
        footer.num_rows = self.rows
        encoded = bytes(footer.to_bytes())
        _write_all(self._file, encoded + struct.pack("<i", len(encoded)) + MAGIC)
        self._file.close()

    def __enter__(self) -> ParquetSplicer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
