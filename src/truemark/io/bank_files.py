"""Bank files from alliance intel (``truemark intel bank``): small text tables in CSV, JSON Lines
or Parquet, read with every column as text and their required columns checked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from truemark.errors import InputError

_READERS: dict[str, Callable[[Path], pl.DataFrame]] = {
    ".csv": lambda path: pl.read_csv(path, infer_schema=False),
    ".jsonl": pl.read_ndjson,
    ".parquet": pl.read_parquet,
}


def read_bank_file(path: Path, what: str, columns: Sequence[str]) -> pl.DataFrame:
    """The ``columns`` of a bank file as text; InputError for a missing or unreadable file or a
    missing column, naming the file and ``what`` it should hold."""
    if path.suffix not in _READERS or not path.is_file():
        raise InputError(f"{path}: no {what} file (.csv, .jsonl or .parquet) there")
    try:
        table = _READERS[path.suffix](path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read {what} ({exc})") from None
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputError(f"{path}: {what} table lacks column(s) {', '.join(missing)}")
    return table.select(pl.col(column).cast(pl.String) for column in columns)
