"""Read listings or sellers: stream valid rows in canonical batches, quarantine the rest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from truemark.config import get_settings
from truemark.errors import InputError, Problem
from truemark.io.prefetch import read_ahead
from truemark.io.quarantine import QuarantineWriter, quarantine_path_for
from truemark.io.rows import RawBatch, RejectedRow
from truemark.io.schema import LISTINGS, SELLERS, RecordSpec
from truemark.io.sources import missing_columns, open_source
from truemark.io.validate import BatchValidator

PROBLEMS_KEPT = 100


@dataclass(slots=True)
class ReadSummary:
    """What a read found: counts, where the bad rows went, the first problems, errors by kind."""

    path: Path
    rows_read: int = 0
    rows_valid: int = 0
    rows_quarantined: int = 0
    quarantine_path: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    error_counts: Counter[str] = field(default_factory=Counter)

    def add_rejects(self, rejects: list[RejectedRow]) -> None:
        """Count rejected rows; keep the first problems and tally errors by field and message."""
        self.rows_quarantined += len(rejects)
        for reject in rejects:
            for error in reject.errors:
                self.error_counts[f"{error.field or '(whole row)'}: {error.message}"] += 1
                if len(self.problems) < PROBLEMS_KEPT:
                    where = f"{reject.unit} {reject.row}"
                    problem = Problem(str(reject.file), error.message, where, error.field)
                    self.problems.append(problem)

    def top_errors(self, count: int = 5) -> list[tuple[str, int]]:
        """The most frequent kinds of error with how many times each occurred."""
        return self.error_counts.most_common(count)


class TableReader:
    """An iterable of valid rows as canonical ``pa.RecordBatch``es; read once, then see ``summary``.

    File-level problems (unknown format, missing required column, unreadable file) raise
    ``InputError`` when the reader is made, or for JSON Lines when the first batch is read.
    A file without a single row is an ``InputError`` too.
    """

    def __init__(
        self,
        path: Path,
        spec: RecordSpec,
        quarantine: Path | None = None,
        batch_size: int | None = None,
        on_rows: Callable[[int], None] | None = None,
    ) -> None:
        self.path = path
        self.spec = spec
        self.source = open_source(path, spec, batch_size or get_settings().batch_size)
        self.quarantine_path = quarantine or quarantine_path_for(path)
        if self.quarantine_path.resolve() == path.resolve():
            raise InputError(f"{path}: the quarantine file cannot be the input itself")
        self.on_rows = on_rows
        self.summary = ReadSummary(path)
        self._consumed = False

    @property
    def total_rows(self) -> int | None:
        """Rows in the input when the format says so up front (Parquet), else None."""
        return self.source.total_rows

    def _check_first(self, raw: RawBatch) -> None:
        """JSON Lines has no header: a required field absent from its whole first block is fatal."""
        if raw.unit == "line" and raw.columns.num_rows:
            names = raw.columns.schema.names  # keys seen in at least one row, even as null
            missing_columns(raw.file, names, self.spec, "every row of the first block")

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        if self._consumed:
            raise InputError(f"{self.path}: this reader was already read; open the file again")
        self._consumed = True
        validator = BatchValidator(self.spec)
        with QuarantineWriter(self.quarantine_path) as quarantine:
            for number, raw in enumerate(read_ahead(self.source.batches())):
                if number == 0:
                    self._check_first(raw)
                checked = validator.check(raw)
                quarantine.write(checked.rejects)
                self.summary.add_rejects(checked.rejects)
                self.summary.rows_valid += checked.valid.num_rows
                read = checked.valid.num_rows + len(checked.rejects)
                self.summary.rows_read += read
                if self.on_rows is not None:
                    self.on_rows(read)
                if checked.valid.num_rows:
                    yield checked.valid
        if quarantine.rows:
            self.summary.quarantine_path = self.quarantine_path
        if self.summary.rows_read == 0:
            raise InputError(f"{self.path}: file is empty (no rows)")

    def validate(self, on_rows: Callable[[int], None] | None = None) -> ReadSummary:
        """Read every row without keeping any (quarantine still written); the summary."""
        if on_rows is not None:
            self.on_rows = on_rows
        for _ in self:
            pass
        return self.summary

    def read_all(self) -> pa.Table:
        """Every valid row as one table (only for inputs that fit in memory)."""
        batches = [pa.Table.from_batches([batch]) for batch in self]
        if not batches:
            return self.spec.schema.empty_table()
        return pa.concat_tables(batches, promote_options="permissive")


def read_listings(
    path: Path,
    *,
    quarantine: Path | None = None,
    batch_size: int | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> TableReader:
    """Listings (spec/DATA.md §2) from a JSONL, JSONL.gz, CSV or Parquet file or Parquet folder."""
    return TableReader(path, LISTINGS, quarantine, batch_size, on_rows)


def read_sellers(
    path: Path,
    *,
    quarantine: Path | None = None,
    batch_size: int | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> TableReader:
    """Sellers (spec/DATA.md §3) from the same formats as listings."""
    return TableReader(path, SELLERS, quarantine, batch_size, on_rows)
