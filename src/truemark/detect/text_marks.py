"""Brand marks of a batch: exact, alias, abbreviation and obfuscated, with field and offsets.

A mark found in a row's folded text but not in its raw text is *obfuscated*: it only shows
after homoglyph, full-width, accent or zero-width folding ("Gucсі" with Cyrillic letters).
Leetspeak and spaced-out letters are obfuscated patterns of the index itself.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.detect.text_fields import FieldText
from truemark.index.marks import MarkIndex, MarkKind, MarkMatches

MARK_SCHEMA = {
    "row": pl.Int64,
    "field": pl.Int8,
    "brand": pl.Int32,
    "kind": pl.Int8,
    "needs_context": pl.Boolean,
    "start": pl.Int64,
    "end": pl.Int64,
}


def find_marks(index: MarkIndex, fields: list[FieldText]) -> pl.DataFrame:
    """One row per mark occurrence (see ``MARK_SCHEMA``), in every field of the batch."""
    frames = []
    for text in fields:
        raw = index.query(text.raw_arrow)
        folded_row = np.isin(raw.row, text.folded_rows)
        frames.append(_frame(raw, text.field, ~folded_row))
        if len(text.folded_rows):
            frames.append(_folded_marks(index, text, raw, folded_row))
    return pl.concat(frames) if frames else pl.DataFrame(schema=MARK_SCHEMA)


def _folded_marks(
    index: MarkIndex, text: FieldText, raw: MarkMatches, folded_row: np.ndarray
) -> pl.DataFrame:
    """Marks of the folded rows; those the raw text lacks (same row and brand) are obfuscated."""
    found = index.query(text.folded_arrow)
    rows = text.folded_rows[found.row]
    plain = _keys(raw.row[folded_row], raw.brand[folded_row])
    hidden = ~np.isin(_keys(rows, found.brand), plain)
    kind = np.where(hidden, np.int8(MarkKind.OBFUSCATED), found.kind).astype(np.int8)
    matches = MarkMatches(rows, found.brand, kind, found.needs_context, found.start, found.end)
    return _frame(matches, text.field, np.ones(len(rows), dtype=bool))


def _keys(rows: np.ndarray, brands: np.ndarray) -> np.ndarray:
    return rows.astype(np.int64) * (1 << 20) + brands.astype(np.int64)


def _frame(matches: MarkMatches, field: int, keep: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "row": matches.row[keep],
            "field": np.full(int(keep.sum()), field, dtype=np.int8),
            "brand": matches.brand[keep],
            "kind": matches.kind[keep],
            "needs_context": matches.needs_context[keep],
            "start": matches.start[keep],
            "end": matches.end[keep],
        },
        schema=MARK_SCHEMA,
    )
