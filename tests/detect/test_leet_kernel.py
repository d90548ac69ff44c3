"""Leet readings from the bytes: the rows each table changes, read as polars reads them."""

from __future__ import annotations

from itertools import pairwise

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect import text_marks
from truemark.detect.leet_kernel import leet_readings
from truemark.detect.normalize import LEET_TABLES, leet
from truemark.index.scanner import prepare


def expected(texts: list[str]) -> list[tuple[int, str]]:
    """Table by table, the texts holding a leet character (first table), a "1" or "|"
    (second), both (the others), each read through the table by polars."""
    wanted = [
        lambda t: any(c in LEET_TABLES[0] for c in t),
        lambda t: "1" in t or "|" in t,
        *[lambda t: "1" in t and "|" in t] * (len(LEET_TABLES) - 2),
    ]
    out = []
    for table, keep in zip(LEET_TABLES, wanted, strict=True):
        rows = [row for row, text in enumerate(texts) if keep(text)]
        read = pl.select(leet(pl.lit(pl.Series([texts[r] for r in rows], dtype=pl.String)), table))
        out += list(zip(rows, read.to_series().to_list(), strict=True))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab1|0$@!+3x é古Д", max_size=20), max_size=10))
def test_readings_are_the_tables_read_over_the_texts(texts: list[str]) -> None:
    column = prepare(pl.Series(texts, dtype=pl.String).slice(0))
    row, values, offsets = leet_readings(
        column.values,
        column.offsets,
        text_marks._BYTE_CLASS,
        text_marks._LEET_BYTES,
        text_marks._READ_IF_ANY,
        text_marks._READ_IF_ALL,
    )
    read = [
        values[start : end - 1].tobytes().decode()  # each reading keeps its row's newline
        for start, end in pairwise(offsets)
    ]
    assert list(zip(row.tolist(), read, strict=True)) == expected(texts)
