"""One text field of a batch (title or description) and how scanners see it.

ASCII rows are scanned as written (case-insensitively); the rest, usually a minority, are
folded first (:func:`truemark.detect.normalize.fold`) and scanned in folded form. So folding
runs only where it can change something, and every hit carries batch row numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from truemark.detect.normalize import fold
from truemark.index.scanner import Column, Hits, Scanner, prepare

TITLE, DESCRIPTION = 0, 1
FIELDS = ("title", "description")


@dataclass(frozen=True, slots=True)
class FieldText:
    """A field's raw text, and the folded text of its non-ASCII rows (``folded_rows``)."""

    field: int
    raw: pl.Series
    folded_rows: np.ndarray
    folded: pl.Series
    raw_column: Column
    folded_column: Column

    @classmethod
    def of(cls, batch: pl.DataFrame, field: int) -> FieldText:
        """The field of a batch; a missing column reads as empty text."""
        name = FIELDS[field]
        if name in batch.columns:
            raw = batch.get_column(name).cast(pl.String).fill_null("")
        else:
            raw = pl.Series(name, [""] * batch.height, dtype=pl.String)
        rows = np.flatnonzero((raw.str.len_bytes() != raw.str.len_chars()).to_numpy())
        folded = pl.select(fold(pl.lit(raw.gather(rows)))).to_series()
        return cls(field, raw, rows, folded, prepare(raw), prepare(folded))

    def scan(self, scanner: Scanner, rows: np.ndarray | None = None) -> Hits:
        """Hits on each row's scanned form; ``rows`` (sorted batch rows) limits the scan."""
        ascii_rows = self._ascii_rows(rows)
        raw = scanner.scan(self.raw.gather(ascii_rows) if rows is not None else self.raw_column)
        if rows is None:
            raw = raw.take(~np.isin(raw.row, self.folded_rows))
        else:
            raw = _renumber(raw, ascii_rows)
        positions = (
            np.arange(len(self.folded_rows))
            if rows is None
            else np.flatnonzero(np.isin(self.folded_rows, rows))
        )
        folded = scanner.scan(
            self.folded.gather(positions) if rows is not None else self.folded_column
        )
        return concat(raw, _renumber(folded, self.folded_rows[positions]))

    def _ascii_rows(self, rows: np.ndarray | None) -> np.ndarray:
        if rows is None:
            return np.arange(len(self.raw))
        return rows[~np.isin(rows, self.folded_rows)]


def _renumber(hits: Hits, rows: np.ndarray) -> Hits:
    """Hits of a gathered sub-column, with row numbers of the batch."""
    return Hits(hits.pattern, rows[hits.row], hits.start, hits.end)


def concat(*parts: Hits) -> Hits:
    """Hits of several scans, in order."""
    return Hits(
        np.concatenate([p.pattern for p in parts]).astype(np.int32),
        np.concatenate([p.row for p in parts]).astype(np.int64),
        np.concatenate([p.start for p in parts]).astype(np.int64),
        np.concatenate([p.end for p in parts]).astype(np.int64),
    )
