"""One text field of a batch (title or description) and how scanners see it.

ASCII rows are scanned as written (case-insensitively); the rest are folded
(:func:`truemark.detect.normalize.fold`, mostly by one table pass: see
:mod:`~truemark.detect.fold_table`), and those the fold changes beyond the case of ASCII
letters (about half of them: "Réplica", "Гуччи"; not "Gucci bag ❤") are scanned in folded form.
A row the fold changes only in ASCII case has the same hits either way, so it is scanned once,
as written, and every hit carries batch row numbers. The *view* is that per-row choice as one
column (raw rows, folded rows), so a term scanner reads each row once, in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from truemark.detect.fold_table import FoldTable, fold_table
from truemark.index.scanner import Column, Hits, Scanner, prepare

TITLE, DESCRIPTION = 0, 1
FIELDS = ("title", "description")


@dataclass(frozen=True, slots=True)
class FieldText:
    """A field's raw text, and the folded text of the rows folding changes (``folded_rows``)."""

    field: int
    raw: pl.Series
    folded_rows: np.ndarray
    raw_column: Column
    folded_column: Column
    view_column: Column
    is_folded: np.ndarray
    """Per batch row: whether it is among ``folded_rows``."""

    @classmethod
    def of(cls, batch: pl.DataFrame, field: int, folding: FoldTable | None = None) -> FieldText:
        """The field of a batch; a missing column reads as empty text. ``folding`` is the fold
        table to use (by default this process's)."""
        name = FIELDS[field]
        if name in batch.columns:
            raw = batch.get_column(name).cast(pl.String)
            raw = raw.fill_null("") if raw.null_count() else raw
        else:
            raw = pl.Series(name, [""] * batch.height, dtype=pl.String)
        # the term scanners are literal sets: rows not separated
        raw_column = prepare(raw, separated=False).with_ascii()
        view_column, is_folded = (folding or fold_table()).view(raw, raw_column)
        rows = np.flatnonzero(is_folded)
        folded_column = view_column.take(rows)
        return cls(field, raw, rows, raw_column, folded_column, view_column, is_folded)

    def scan(self, scanner: Scanner, rows: np.ndarray | None = None) -> Hits:
        """Hits on each row's scanned form, in row order; ``rows`` (sorted batch rows) limits
        the scan. Rows that together hold a third of the column's bytes or more are not copied
        out: the whole column is scanned and their hits kept (a copy costs more than scanning
        the rest, at the term scanners' speed)."""
        column = self.view_column
        if rows is None:
            return scanner.scan(column)
        lengths = np.diff(column.offsets)
        if 3 * int(lengths[rows].sum()) >= int(lengths.sum()):
            hits = scanner.scan(column)
            wanted = np.zeros(len(lengths), dtype=bool)
            wanted[rows] = True
            return hits.take(wanted[hits.row])
        return _renumber(scanner.scan(column.take(rows)), rows)


def row_field_keys(rows: np.ndarray, fields: np.ndarray) -> np.ndarray:
    """Each hit's row and field as one number (hits of one field of one row share it)."""
    return rows.astype(np.int64) * len(FIELDS) + fields


def _renumber(hits: Hits, rows: np.ndarray) -> Hits:
    """Hits of a gathered sub-column, with row numbers of the batch."""
    return Hits(hits.pattern, rows[hits.row], hits.start, hits.end)
