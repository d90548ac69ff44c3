"""Parquet files spliced into one by copying row groups read back as the rows appended, in order,
by pyarrow, polars and DuckDB alike."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

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


def _spliced(path: Path, parts: list[bytes]) -> list[dict[bytes, bytes]]:
    """Splice ``parts`` (written to files beside ``path``); each part's key-value metadata."""
    metadata = []
    with ParquetSplicer(path, SCHEMA, **OPTIONS) as splicer:
        for number, data in enumerate(parts):
            part = path.with_name(f"part-{number}.parquet")
            part.write_bytes(data)
            metadata.append(splicer.append(part))
    return metadata


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
    with pytest.raises(
        InputError, match=r"part-0\.parquet: its Parquet schema is not the output's"
    ):
        _spliced(tmp_path / "out.parquet", [_encoded(other)])


@pytest.mark.parametrize("damage", ["truncated", "not parquet", "empty"])
def test_a_damaged_part_is_refused(tmp_path: Path, damage: str) -> None:
    whole = _encoded(_rows(0, 10))
    part = {"truncated": whole[: len(whole) // 2], "not parquet": b"x" * 100, "empty": b""}[damage]
    with pytest.raises(InputError, match=r"part-0\.parquet: not a whole Parquet file"):
        _spliced(tmp_path / "out.parquet", [part])


def test_each_part_gives_back_its_own_metadata(tmp_path: Path) -> None:
    tables = [_rows(0, 5).replace_schema_metadata({b"batch": str(i).encode()}) for i in range(2)]
    metadata = _spliced(tmp_path / "out.parquet", [_encoded(table) for table in tables])
    assert [found[b"batch"] for found in metadata] == [b"0", b"1"]
    assert b"batch" not in (pq.ParquetFile(tmp_path / "out.parquet").schema_arrow.metadata or {})


def test_without_the_kernel_copy_the_file_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where ``copy_file_range`` is missing, refuses at once, or refuses after copying a part of
    a range (another OS, another file system), the rest is copied through a buffer, to the same
    bytes as the kernel's copy."""
    parts = [_encoded(_rows(0, 700)), _encoded(_rows(700, 300))]
    kernel_copy = os.copy_file_range
    calls: list[int] = []

    def counted(*args: Any) -> int:
        calls.append(1)
        return kernel_copy(*args)

    monkeypatch.setattr("os.copy_file_range", counted)
    _spliced(tmp_path / "kernel.parquet", parts)
    assert calls, "the kernel copy was not used"

    def refuse(*_args: Any) -> int:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("os.copy_file_range", refuse)
    _spliced(tmp_path / "refused.parquet", parts)
    given: list[int] = []

    def some_then_refuse(source: int, target: int, count: int, offset: int) -> int:
        if given:
            raise OSError(18, "Invalid cross-device link")
        given.append(1)
        return kernel_copy(source, target, min(count, 1000), offset)

    monkeypatch.setattr("os.copy_file_range", some_then_refuse)
    _spliced(tmp_path / "partly.parquet", parts)
    monkeypatch.delattr("os.copy_file_range")
    _spliced(tmp_path / "plain.parquet", parts)
    kernel = (tmp_path / "kernel.parquet").read_bytes()
    for other in ("refused", "partly", "plain"):
        assert (tmp_path / f"{other}.parquet").read_bytes() == kernel, other
    assert pq.read_table(tmp_path / "kernel.parquet").equals(_rows(0, 1000))


def test_a_footer_pointing_outside_its_part_is_refused(tmp_path: Path) -> None:
    """A footer whose row groups point past the part's bytes (its column chunks cut off): the
    part is refused, naming it, before anything is copied."""
    whole = _encoded(_rows(0, 50))
    size = int.from_bytes(whole[-8:-4], "little")
    part = b"PAR1" + whole[-8 - size :]  # the footer of a whole part, its column chunks gone
    expected = r"part-0\.parquet: damaged Parquet footer \(a column chunk lies outside\)"
    with pytest.raises(InputError, match=expected):
        _spliced(tmp_path / "out.parquet", [part])
