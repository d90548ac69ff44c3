"""Every input format yields the same valid rows, quarantines the same bad ones, keeps extras."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pyarrow as pa
import pytest

from truemark.errors import InputError
from truemark.io import LISTING_SCHEMA, read_listings

if TYPE_CHECKING:
    from tests.io.conftest import ListingFiles


def _thousand_with_three_bad(files: ListingFiles) -> list[dict]:
    rows = [files.listing(n) for n in range(1_000)]
    rows[10]["price"] = -5
    rows[500]["currency"] = "dollars"
    del rows[999]["title"]
    return rows


def test_three_bad_rows_in_a_thousand(files: ListingFiles, tmp_path: Path, suffix: str) -> None:
    path = files.write(tmp_path / f"listings.{suffix}", _thousand_with_three_bad(files))
    reader = read_listings(path, batch_size=256)
    table = reader.read_all()
    assert table.num_rows == 997
    summary = reader.summary
    assert (summary.rows_read, summary.rows_valid, summary.rows_quarantined) == (1000, 997, 3)
    assert summary.quarantine_path == tmp_path / "listings.quarantine.jsonl"
    entries = [orjson.loads(line) for line in summary.quarantine_path.read_bytes().splitlines()]
    assert [e["row"] for e in entries] == [11, 501, 1000]
    assert [e["errors"][0]["field"] for e in entries] == ["price", "currency", "title"]
    assert entries[0]["record"]["listing_id"] == "l-000010"
    assert "l-000010" not in table.column("listing_id").to_pylist()


def test_valid_rows_have_the_canonical_schema_and_values(
    files: ListingFiles, tmp_path: Path, suffix: str
) -> None:
    rows = [files.listing(n, colour="red") for n in range(5)]
    table = read_listings(files.write(tmp_path / f"l.{suffix}", rows)).read_all()
    assert table.schema.names == [*LISTING_SCHEMA.names, "colour"]
    assert table.select(LISTING_SCHEMA.names).schema == LISTING_SCHEMA
    first = table.slice(0, 1).to_pylist()[0]
    assert first["currency"] == "USD"
    assert first["price"] == 10.0
    assert first["images"] == ["img/0.jpg"]
    assert first["created_at"].isoformat() == "2024-03-01T12:00:00+00:00"
    assert first["colour"] == "red"


def test_batches_stream_in_the_requested_size(files: ListingFiles, tmp_path: Path) -> None:
    path = files.parquet(tmp_path / "l.parquet", [files.listing(n) for n in range(1_000)])
    seen: list[int] = []
    reader = read_listings(path, batch_size=100, on_rows=seen.append)
    sizes = [batch.num_rows for batch in reader]
    assert sizes == [100] * 10
    assert seen == [100] * 10
    assert reader.total_rows == 1_000


def test_folder_of_parquet_files_is_read_part_by_part(files: ListingFiles, tmp_path: Path) -> None:
    folder = tmp_path / "listings"
    folder.mkdir()
    files.parquet(folder / "part-0.parquet", [files.listing(n) for n in range(3)])
    files.parquet(
        folder / "part-1.parquet",
        [files.listing(n) for n in range(3, 5)] + [files.listing(9, price=-1)],
    )
    (folder / "_SUCCESS").write_text("")
    reader = read_listings(folder)
    assert reader.read_all().num_rows == 5
    [problem] = reader.summary.problems
    assert problem.file.endswith("part-1.parquet")
    assert problem.where == "row 3"
    assert reader.summary.quarantine_path == tmp_path / "listings.quarantine.jsonl"


def test_folder_with_mixed_formats_names_the_odd_files(files: ListingFiles, tmp_path: Path) -> None:
    folder = tmp_path / "listings"
    folder.mkdir()
    files.parquet(folder / "part-0.parquet", [files.listing(0)])
    files.jsonl(folder / "extra.jsonl", [files.listing(1)])
    (folder / "notes.txt").write_text("hi")
    with pytest.raises(InputError, match=r"only \.parquet files; found extra\.jsonl, notes\.txt"):
        read_listings(folder)


@pytest.mark.parametrize("name", ["listings.xlsx", "listings.json", "listings"])
def test_unknown_extension_is_an_input_error(
    files: ListingFiles, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text("{}")
    with pytest.raises(InputError, match="unknown file type"):
        read_listings(path)


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_listings(tmp_path / "nope.jsonl")


def test_jsonl_extra_columns_keep_their_types(files: ListingFiles, tmp_path: Path) -> None:
    rows = [files.listing(n, stock={"warehouse": "A", "units": n}, tags=["x"]) for n in range(3)]
    table = read_listings(files.jsonl(tmp_path / "l.jsonl", rows)).read_all()
    assert pa.types.is_struct(table.schema.field("stock").type)
    assert table.column("tags").to_pylist() == [["x"]] * 3
