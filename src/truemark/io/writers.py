"""Write tables (scan results, seller networks, any Arrow data) as Parquet, JSON Lines or CSV.

Nested columns (lists, structs) stay nested in Parquet and JSON Lines and become JSON text in
CSV; a string column declared with ``json_field`` holds JSON text and is embedded as a JSON
value in JSON Lines.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from truemark.errors import InputError
from truemark.io.checks import is_list
from truemark.io.formats import Format, format_of
from truemark.io.schema import is_json_field

JSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC | orjson.OPT_NON_STR_KEYS


def _json_default(value: Any) -> str:
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _needs_json_text(kind: pa.DataType) -> bool:
    return is_list(kind) or pa.types.is_struct(kind) or pa.types.is_map(kind)


def _csv_column(column: pa.Array) -> pa.Array:
    """A column as CSV can hold it: nested values as JSON text, instants as ISO 8601 in UTC."""
    if _needs_json_text(column.type):
        texts = [
            None if v is None else orjson.dumps(v, default=_json_default).decode()
            for v in column.to_pylist()
        ]
        return pa.array(texts, type=pa.string())
    if pa.types.is_timestamp(column.type):
        if column.type.tz is None:
            return pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
        utc = column.cast(pa.timestamp(column.type.unit, "UTC"))
        return pc.strftime(utc, format="%Y-%m-%dT%H:%M:%SZ")
    return column


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema(
        pa.field(f.name, pa.string())
        if _needs_json_text(f.type) or pa.types.is_timestamp(f.type)
        else f.remove_metadata()
        for f in schema
    )


def _leaf_paths(schema: pa.Schema) -> list[str]:
    """Parquet's dotted path of every leaf column (``reasons.list.element``), which is how
    per-column writer options name nested ones: read off an empty file written in memory."""
    empty = io.BytesIO()
    pq.write_table(schema.empty_table(), empty)
    return [column.path for column in pq.ParquetFile(empty).schema]


def parquet_options(schema: pa.Schema, long_text: Sequence[str] = ()) -> dict[str, Any]:
    """Parquet writer options for ``schema``: no dictionary or statistics for the ``long_text``
    columns (see :class:`TableWriter`), the defaults otherwise."""
    if not long_text:
        return {}
    short = [path for path in _leaf_paths(schema) if path.split(".")[0] not in long_text]
    return {"use_dictionary": short, "write_statistics": short}


class TableWriter:
    """Writes batches of one schema to a file; use as a context manager.

    ``long_text`` names string columns of nearly all distinct values (a JSON document per row,
    an id): Parquet stores them without a dictionary (one as large as the column, or one that
    overflows and falls back to plain after its first page) or min/max statistics (no reader
    filters on them).
    """

    def __init__(self, path: Path, schema: pa.Schema, long_text: Sequence[str] = ()) -> None:
        self.path = path
        self.schema = schema
        self.long_text = tuple(long_text)
        self.format = format_of(path)
        self.rows = 0
        self._parquet: pq.ParquetWriter | None = None
        self._csv: pcsv.CSVWriter | None = None
        self._jsonl: IO[bytes] | gzip.GzipFile | None = None
        try:
            self._open()
        except OSError as exc:
            raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.format is Format.PARQUET:
            self._parquet = self._parquet_writer()
        elif self.format is Format.CSV:
            self._csv_schema = _csv_schema(self.schema)
            self._csv = pcsv.CSVWriter(self.path, self._csv_schema)
        elif self.format is Format.JSONL_GZ:
            self._jsonl = gzip.open(self.path, "wb", compresslevel=6)  # noqa: SIM115 closed in close()
        else:
            self._jsonl = self.path.open("wb")

    def _parquet_writer(self) -> pq.ParquetWriter:
        options = parquet_options(self.schema, self.long_text)
        return pq.ParquetWriter(self.path, self.schema, **options)

    def _jsonl_lines(self, table: pa.Table) -> bytes:
        json_text = [f.name for f in self.schema if is_json_field(f)]
        lines = []
        for row in table.to_pylist():
            for name in json_text:
                if row[name] is not None:
                    row[name] = orjson.Fragment(row[name])
            lines.append(orjson.dumps(row, default=_json_default, option=JSON_OPTIONS))
        return b"\n".join(lines) + b"\n" if lines else b""

    def write(self, data: pa.RecordBatch | pa.Table) -> None:
        """Append rows; they must have the writer's columns (in any order)."""
        table = data if isinstance(data, pa.Table) else pa.Table.from_batches([data])
        table = table.select(self.schema.names).cast(self.schema)
        if self._parquet is not None:
            self._parquet.write_table(table)
        elif self._csv is not None:
            columns = [_csv_column(c.combine_chunks()) for c in table.columns]
            self._csv.write_table(pa.Table.from_arrays(columns, schema=self._csv_schema))
        elif self._jsonl is not None:
            self._jsonl.write(self._jsonl_lines(table))
        self.rows += table.num_rows

    def close(self) -> None:
        """Finish the file (Parquet footer, gzip trailer)."""
        for sink in (self._parquet, self._csv, self._jsonl):
            if sink is not None:
                sink.close()
        self._parquet = self._csv = self._jsonl = None

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def open_writer(path: Path, schema: pa.Schema, long_text: Sequence[str] = ()) -> TableWriter:
    """A writer for ``path`` in the format its name gives (.parquet, .jsonl, .jsonl.gz, .csv);
    ``long_text``: see :class:`TableWriter`."""
    return TableWriter(path, schema, long_text)


def write_table(table: pa.Table, path: Path) -> int:
    """Write a whole table to ``path``; returns the number of rows written."""
    with open_writer(path, table.schema) as writer:
        writer.write(table)
    return writer.rows
