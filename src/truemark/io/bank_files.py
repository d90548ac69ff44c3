"""Bank files from alliance intel (``truemark intel bank``) and other small side tables: text
tables in CSV, JSON Lines or Parquet, read with every column as text and their required columns
checked; their malformed rows are reported all at once, each by row and field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import polars as pl

from truemark.errors import InputError, Problem

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


def blank(column: pl.Series) -> np.ndarray:
    """Rows of a text column that are missing or only white space."""
    return column.str.strip_chars().fill_null("").eq("").to_numpy()


def row_problems(path: Path, bad: np.ndarray, message: str, field: str) -> list[Problem]:
    """A problem naming ``field`` of every row where ``bad`` is true (rows counted from 1)."""
    return [Problem(str(path), message, f"row {row + 1}", field) for row in np.flatnonzero(bad)]
