"""Open the right streaming source for a path and check its columns before any row is read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from truemark.errors import InputError
from truemark.io.coerce import accepts
from truemark.io.csv_source import CsvSource
from truemark.io.formats import Format, format_of
from truemark.io.jsonl_source import JsonlSource
from truemark.io.parquet_source import ParquetSource
from truemark.io.rows import RawBatch
from truemark.io.schema import RecordSpec


class Source(Protocol):
    """Raw batches of one input, in file order."""

    path: Path
    total_rows: int | None

    def batches(self) -> Iterator[RawBatch]: ...


def missing_columns(path: Path, names: Sequence[str], spec: RecordSpec, first_rows: str) -> None:
    """A required field absent from the columns is one file-level error, not one per row."""
    absent = [name for name in spec.required if name not in names]
    if absent:
        listed = ", ".join(repr(name) for name in absent)
        found = ", ".join(names) or "none"
        raise InputError(
            f"{path}: required column{'s' if len(absent) > 1 else ''} {listed} missing "
            f"from {first_rows} (columns found: {found})"
        )


def _check_parquet(source: ParquetSource, spec: RecordSpec) -> None:
    for part, schema in source.column_types():
        missing_columns(part, schema.names, spec, "the file")
        for field in spec.fields:
            if field.name in schema.names:
                column_type = schema.field(field.name).type
                if not accepts(field.kind, column_type):
                    raise InputError(
                        f"{part}: column '{field.name}' has type {column_type}, "
                        f"which cannot hold {field.kind.value}"
                    )


def open_source(path: Path, spec: RecordSpec, batch_size: int) -> Source:
    """The source for ``path`` by its name; header-bearing formats are checked right away."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir() or format_of(path) is Format.PARQUET:
        parquet = ParquetSource(path, batch_size)
        _check_parquet(parquet, spec)
        return parquet
    if format_of(path) is Format.CSV:
        csv = CsvSource(path, batch_size)
        missing_columns(path, csv.header, spec, "the header row")
        return csv
    return JsonlSource(path, spec, batch_size)
