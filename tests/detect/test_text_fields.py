"""A field's texts as the term scanners see them, scanned whole or in some rows."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from truemark.detect.text_fields import TITLE, FieldText
from truemark.index.mark_patterns import literal_expression, word_bounded
from truemark.index.scanner import Scanner

TERMS = ["case for", "gucci", "fits"]


def _field() -> FieldText:
    titles = [
        "case for Gucci", "Ｇｕｃｃｉ case for", "plain words here and more of them", "fits gucci",
        "", "gucci gucci", "a long text " * 20 + "case for", "Gucсі fits",
    ]  # fmt: skip
    return FieldText.of(pl.DataFrame({"title": titles}), TITLE)


def _hits(field: FieldText, rows: np.ndarray | None) -> list[tuple[int, int, int, int]]:
    scanner = Scanner([literal_expression(t) for t in TERMS], [word_bounded(t) for t in TERMS])
    hits = field.scan(scanner, rows)
    columns = (hits.row, hits.pattern, hits.start, hits.end)
    return list(zip(*(column.tolist() for column in columns), strict=True))


@pytest.mark.parametrize(
    "rows",
    [[0, 1, 3, 5, 7], [6], [1, 7], [0, 1, 2, 3, 4, 5, 6, 7], [3], []],
    ids=[
        "five short rows (copied out)",
        "one long row (whole field)",
        "folded rows",
        "all",
        "one short row",
        "none",
    ],
)
def test_some_rows_scan_as_the_whole_field_restricted_to_them(rows: list[int]) -> None:
    """Rows holding most of the bytes are scanned with the rest and kept; a few are copied out
    and scanned alone; either way the hits are the whole field's hits in those rows."""
    field = _field()
    everything = _hits(field, None)
    assert len(everything) >= 8
    assert _hits(field, np.array(rows, dtype=np.int64)) == [h for h in everything if h[0] in rows]
