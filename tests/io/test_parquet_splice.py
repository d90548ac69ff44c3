"""Parquet files spliced into one by copying row groups read back as the rows appended, in order,
by pyarrow, polars and DuckDB alike."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from truemark.errors import InputError
from truemark.io.parquet_splice import ParquetSplicer
from truemark.io.writers import parquet_options

SCHEMA = pa.schema(
    [
        ("listing_id", pa.string()),
        ("risk", pa.float64()),
        ("reasons", pa.list_(pa.string())),
        ("signals", pa.string()),
    ]
)
OPTIONS = parquet_options(SCHEMA, ("signals",))


def _rows(start: int, count: int) -> pa.Table:
    ids = range(start, start + count)
    return pa.table(
        {
            "listing_id": [f"l-{i:06d}" for i in ids],
            "risk": [i / 1000 for i in ids],
            "reasons": [["text.brand_mark", "price.below_msrp"][: i % 3] or None for i in ids],
            "signals": [f'{{"text.brand_id":"b{i % 7}","price.usd":{i}.5}}' for i in ids],
        },
        schema=SCHEMA,
    )


def _encoded(table: pa.Table, **extra: object) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **OPTIONS, **extra)  # type: ignore[arg-type]
    return sink.getvalue()


def _spliced(path: Path, parts: list[bytes]) -> None:
    with ParquetSplicer(path, SCHEMA, **OPTIONS) as splicer:
        for number, part in enumerate(parts):
            splicer.append(part, f"part-{number}")


def test_parts_become_one_file_in_order(tmp_path: Path) -> None:
    tables = [_rows(0, 1000), _rows(1000, 1), _rows(1001, 0), _rows(1001, 2500)]
    parts = [_encoded(tables[0]), _encoded(tables[1]), _encoded(tables[2])]
    parts.append(_encoded(tables[3], row_group_size=1000))  # one part of three row groups
    out = tmp_path / "out.parquet"
    _spliced(out, parts)
    expected = pa.concat_tables(tables)
    assert pq.read_table(out).equals(expected)
    assert pl.read_parquet(out).equals(pl.from_arrow(expected))  # type: ignore[arg-type]
    [(total, risk)] = duckdb.sql(f"select count(*), sum(risk) from '{out}'").fetchall()
    assert (total, risk) == (3501, pytest.approx(sum(i / 1000 for i in range(3501))))
    metadata = pq.ParquetFile(out).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [
        1000, 1, 1000, 1000, 500,
    ]  # fmt: skip
    statistics = metadata.row_group(3).column(0).statistics
    assert (statistics.min, statistics.max) == ("l-002001", "l-003000")
    assert pq.ParquetFile(out).schema_arrow == SCHEMA


def test_a_row_group_read_alone_is_its_rows(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    _spliced(out, [_encoded(_rows(0, 300)), _encoded(_rows(300, 300))])
    assert pq.ParquetFile(out).read_row_group(1).equals(_rows(300, 300))
    found = pl.scan_parquet(out).filter(pl.col("listing_id") == "l-000450").collect()
    assert found.get_column("risk").to_list() == [0.45]


def test_no_parts_is_an_empty_file_of_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    _spliced(out, [])
    table = pq.read_table(out)
    assert table.num_rows == 0
    assert table.schema == SCHEMA


def test_a_part_of_another_schema_is_refused(tmp_path: Path) -> None:
    other = pa.table({"listing_id": ["x"], "risk": [1]})
    with pytest.raises(InputError, match="part-0: its Parquet schema is not the output's"):
        _spliced(tmp_path / "out.parquet", [_encoded(other)])


@pytest.mark.parametrize("damage", ["truncated", "not parquet", "empty"])
def test_a_damaged_part_is_refused(tmp_path: Path, damage: str) -> None:
    whole = _encoded(_rows(0, 10))
    part = {"truncated": whole[: len(whole) // 2], "not parquet": b"x" * 100, "empty": b""}[damage]
    with pytest.raises(InputError, match="part-0: not a whole Parquet file"):
        _spliced(tmp_path / "out.parquet", [part])
