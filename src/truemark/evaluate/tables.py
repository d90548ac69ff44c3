"""Read one evaluation input (CSV, JSON Lines or Parquet) into polars, with row locations.

Evaluation inputs are small enough to hold in memory (ten million rows of a few columns), so
each file is read lazily, only the columns evaluation needs are collected, and every row keeps
its position so that a problem can name the line or row a person will find in the file.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from truemark.errors import InputError, Problem, ValidationError

ROW = "__row__"
"""Column holding each row's 0-based position in its file."""

SHOWN_PER_PROBLEM = 10
"""How many offending rows one kind of problem lists before it says how many more there are."""


@dataclass(frozen=True)
class Table:
    """The needed columns of one input file, every value a string or number, plus ``ROW``."""

    path: Path
    kind: str  # "csv", "jsonl" or "parquet"
    frame: pl.DataFrame

    def where(self, row: int) -> str:
        """Where a person finds row ``row`` (0-based) in the file: a line or a row number."""
        if self.kind == "csv":
            return f"line {row + 2}"  # the header is line 1
        if self.kind == "jsonl":
            return f"line {row + 1}"
        return f"row {row + 1}"

    def problems(
        self,
        offending: pl.DataFrame,
        message: str,
        field: str | None = None,
        hint: str | None = None,
    ) -> list[Problem]:
        """One problem per offending row (the first few), then one saying how many more.

        When ``field`` is a column of ``offending``, each problem quotes that row's value.
        """
        shown = offending.head(SHOWN_PER_PROBLEM)
        rows = shown.get_column(ROW).to_list()
        if field is not None and field in shown.columns:
            values = shown.get_column(field).cast(pl.String, strict=False).to_list()
            texts = [f"{message} ({value!r})" if value else message for value in values]
        else:
            texts = [message] * len(rows)
        found = [
            Problem(str(self.path), text, self.where(row), field, hint)
            for row, text in zip(rows, texts, strict=True)
        ]
        if offending.height > SHOWN_PER_PROBLEM:
            more = offending.height - SHOWN_PER_PROBLEM
            found.append(Problem(str(self.path), f"{message} ({more:,} more rows like this)"))
        return found


def file_kind(path: Path) -> str:
    """The format of ``path`` from its name, as the data contract says; InputError otherwise."""
    name = path.name.lower()
    if path.is_dir() or name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    raise InputError(f"{path}: unknown format; use .csv, .jsonl, .jsonl.gz or .parquet")


def scan_table(path: Path, kind: str) -> pl.LazyFrame:
    """A lazy frame over a CSV (every value a string), JSON Lines or Parquet file or folder."""
    if kind == "csv":
        return pl.scan_csv(path, infer_schema=False)  # ids stay strings, exactly as written
    if kind == "jsonl":
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as compressed:
                return pl.read_ndjson(compressed.read(), infer_schema_length=None).lazy()
        return pl.scan_ndjson(path, infer_schema_length=None)
    return pl.scan_parquet(path / "**/*.parquet" if path.is_dir() else path)


def read_table(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> Table:
    """Read the ``required`` and present ``optional`` columns of ``path``.

    Raises InputError when the file is missing or cannot be parsed, and ValidationError naming
    every required column that the file lacks.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file")
    kind = file_kind(path)
    try:
        lazy = scan_table(path, kind)
        present = lazy.collect_schema().names()
        absent = [column for column in required if column not in present]
        ValidationError.raise_if_any(
            Problem(str(path), f"missing required column '{column}'", field=column)
            for column in absent
        )
        wanted = [*required, *(column for column in optional if column in present)]
        frame = lazy.select(wanted).with_row_index(ROW).collect()
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot read as {kind}: {first_line}") from exc
    return Table(path, kind, frame)


def as_text(table: Table, column: str) -> tuple[pl.Series, list[Problem]]:
    """``column`` as strings, trimmed; a value that is not a string or number is a problem."""
    values = table.frame.get_column(column)
    if values.dtype == pl.String:
        return values.str.strip_chars(), []
    if values.dtype.is_numeric() or values.dtype == pl.Null:
        return values.cast(pl.String), []
    message = f"must be text, found {values.dtype}"
    blank = pl.Series(column, dtype=pl.String).extend_constant(None, values.len())
    return blank, [Problem(str(table.path), message, field=column)]


def not_empty(table: Table, problems: list[Problem]) -> Table:
    """``table``; a file with no rows at all is a problem (there is nothing to evaluate)."""
    if table.frame.is_empty():
        problems.append(Problem(str(table.path), "no rows: nothing to evaluate"))
    return table


def text_column(table: Table, column: str, problems: list[Problem]) -> Table:
    """``table`` with ``column`` as trimmed text; a column that cannot be text is a problem."""
    values, found = as_text(table, column)
    problems.extend(found)
    return replace(table, frame=table.frame.with_columns(values.alias(column)))


def id_column(table: Table, column: str, problems: list[Problem]) -> Table:
    """``column`` as text ids: an empty or repeated id is a problem.

    Repeats are then dropped (the first occurrence is kept) so that joins on the id stay one
    row per id even while the problems are being collected.
    """
    table = text_column(table, column, problems)
    ids = pl.col(column)
    empty = table.frame.filter(ids.is_null() | (ids == ""))
    problems += table.problems(empty, f"empty {column}", column)
    first = table.frame.select(ids.is_first_distinct() | ids.is_null()).to_series()
    repeated = table.frame.filter(~first)
    problems += table.problems(repeated, f"{column} appears more than once", column)
    return replace(table, frame=table.frame.filter(first)) if repeated.height else table
