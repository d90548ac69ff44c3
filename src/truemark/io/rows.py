"""What a source hands to validation: raw batches with their row numbers, and rejected rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa


@dataclass(frozen=True, slots=True)
class FieldError:
    """One thing wrong with one row; ``field`` is None when the row as a whole is unreadable."""

    field: str | None
    message: str


@dataclass(slots=True)
class RejectedRow:
    """A row that goes to quarantine: where it was, what it held as read, and every error in it."""

    file: Path
    row: int
    unit: str  # "row" (data row) or "line" (JSON Lines line number)
    record: Any
    errors: list[FieldError]


@dataclass(slots=True)
class RawBatch:
    """Rows as read from one file, before validation.

    ``row_numbers`` holds the 1-based data row (or JSONL line) of each row; ``records`` holds the
    original parsed objects when the columns were rebuilt from them (JSONL line-by-line path);
    ``rejects`` are rows of the same stretch of file that could not be parsed at all;
    ``field_errors`` holds errors already found in kept rows, by row index; ``lines`` holds
    the JSON Lines block the rows were parsed from, one row per line, to quote rows exactly.
    """

    file: Path
    columns: pa.RecordBatch
    row_numbers: np.ndarray
    unit: str = "row"
    records: list[dict[str, Any]] | None = None
    rejects: list[RejectedRow] = field(default_factory=list)
    field_errors: dict[int, list[FieldError]] = field(default_factory=dict)
    lines: bytes | None = None

    def originals(self, indices: np.ndarray) -> list[Any]:
        """The rows at ``indices`` as they were read, for the quarantine file."""
        if self.records is not None:
            return [self.records[int(i)] for i in indices]
        if self.lines is not None:
            lines = self.lines.split(b"\n")
            return [orjson.loads(lines[int(i)]) for i in indices]
        return self.columns.take(pa.array(indices, type=pa.int64())).to_pylist()
