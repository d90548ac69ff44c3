"""Each bad input ends in a clear message naming file, row or line and field; good rows go on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pyarrow as pa
import pytest

from truemark.errors import InputError
from truemark.io import read_listings, read_sellers
from truemark.io.reader import ReadSummary

if TYPE_CHECKING:
    from tests.io.conftest import ListingFiles


def _read(path: Path) -> tuple[pa.Table, ReadSummary]:
    reader = read_listings(path)
    return reader.read_all(), reader.summary


def _errors(summary: ReadSummary) -> list[tuple[str, str | None, str]]:
    return [(p.where or "", p.field, p.message) for p in summary.problems]


def test_bad_utf8_in_a_jsonl_line_quarantines_only_that_line(
    files: ListingFiles, tmp_path: Path
) -> None:
    good = [orjson.dumps(files.listing(n)) for n in range(4)]
    broken = orjson.dumps(files.listing(9, title="caf_")).replace(b"caf_", b"caf\xff")
    path = files.jsonl(tmp_path / "l.jsonl", [*good[:2], broken, *good[2:]])
    table, summary = _read(path)
    assert table.num_rows == 4
    assert _errors(summary) == [("line 3", None, "not valid UTF-8")]
    entry = orjson.loads(summary.quarantine_path.read_bytes())  # type: ignore[union-attr]
    assert entry["row"] == 3
    assert "caf\ufffd" in entry["record"]


def test_jsonl_lines_that_are_not_objects_fail_alone_and_keep_their_numbers(
    files: ListingFiles, tmp_path: Path
) -> None:
    rows = [files.listing(0), b"", b'{"listing_id": "x", ', b"[1, 2]", b"  ", files.listing(1)]
    table, summary = _read(files.jsonl(tmp_path / "l.jsonl", rows))
    assert table.column("listing_id").to_pylist() == ["l-000000", "l-000001"]
    assert [(w, m.split(" (")[0]) for w, _, m in _errors(summary)] == [
        ("line 3", "not valid JSON"),
        ("line 4", "not a JSON object"),
    ]


def test_csv_list_field_that_is_not_json(files: ListingFiles, tmp_path: Path) -> None:
    rows = [files.listing(0), files.listing(1), files.listing(2)]
    path = files.csv(tmp_path / "l.csv", rows)
    text = path.read_text().replace('"[""img/1.jpg""]"', "img/1.jpg;img/2.jpg")
    path.write_text(text)
    table, summary = _read(path)
    assert table.num_rows == 2
    assert _errors(summary) == [("row 2", "images", "expected a JSON array of strings")]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"price": -1.5}, "price", "must not be negative"),
        ({"price": "twelve"}, "price", "not a number"),
        ({"price": None}, "price", "required field is missing or empty"),
        ({"title": ""}, "title", "required field is missing or empty"),
        ({"title": "x" * 1_000_000}, "title", "longer than 2,000 characters"),
        ({"description": "x" * 50_001}, "description", "longer than 50,000 characters"),
        ({"currency": "US$"}, "currency", "not an ISO 4217 currency code (3 letters, e.g. USD)"),
        ({"image_pdq": ["abc"]}, "image_pdq", "PDQ hashes must be 64 hex digits"),
        ({"quantity_sold": -2}, "quantity_sold", "must not be negative"),
        ({"created_at": "yesterday"}, "created_at", "not an ISO 8601 timestamp"),
    ],
)
def test_bad_value_fails_its_row_in_every_format(
    files: ListingFiles,
    tmp_path: Path,
    suffix: str,
    change: dict[str, object],
    field: str,
    message: str,
) -> None:
    rows = [files.listing(0), files.listing(1, **change), files.listing(2)]
    if suffix == "parquet" and field == "price" and change[field] == "twelve":
        rows = [{**r, "price": str(r["price"])} for r in rows]  # a string column, cast per row
    table, summary = _read(files.write(tmp_path / f"l.{suffix}", rows))
    assert table.column("listing_id").to_pylist() == ["l-000000", "l-000002"]
    where = "line 2" if suffix.startswith("jsonl") else "row 2"
    assert _errors(summary) == [(where, field, message)]
    assert str(summary.problems[0]).startswith(f"{tmp_path / f'l.{suffix}'}, {where}, field")


def test_every_error_of_a_row_is_reported(files: ListingFiles, tmp_path: Path) -> None:
    row = files.listing(0, price=-1, currency="", title=None, image_pdq=["zz"])
    _, summary = _read(files.jsonl(tmp_path / "l.jsonl", [row, files.listing(1)]))
    assert {p.field for p in summary.problems} == {"price", "currency", "title", "image_pdq"}


def test_absent_required_column_is_one_file_level_error(
    files: ListingFiles, tmp_path: Path, suffix: str
) -> None:
    rows = [{k: v for k, v in files.listing(n).items() if k != "price"} for n in range(3)]
    path = files.write(tmp_path / f"l.{suffix}", rows)
    with pytest.raises(InputError, match=r"required column 'price' missing"):
        read_listings(path).read_all()


@pytest.mark.parametrize("name", ["l.jsonl", "l.jsonl.gz", "l.csv"])
def test_empty_file_is_an_input_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"" if not name.endswith(".gz") else __import__("gzip").compress(b"\n\n"))
    with pytest.raises(InputError, match="empty"):
        read_listings(path).read_all()


def test_header_only_csv_and_rowless_parquet_are_empty(files: ListingFiles, tmp_path: Path) -> None:
    csv_path = tmp_path / "l.csv"
    csv_path.write_text(",".join(files.listing(0)) + "\n")
    parquet_path = files.parquet(tmp_path / "l.parquet", [files.listing(0)])
    empty = pa.Table.from_pylist([files.listing(0)]).slice(0, 0)
    __import__("pyarrow.parquet").parquet.write_table(empty, parquet_path)
    for path in (csv_path, parquet_path):
        with pytest.raises(InputError, match=r"file is empty \(no rows\)"):
            read_listings(path).read_all()


def test_parquet_column_of_an_impossible_type_is_a_clear_error(
    files: ListingFiles, tmp_path: Path
) -> None:
    rows = [files.listing(n, price=[1, 2]) for n in range(3)]
    path = files.parquet(tmp_path / "l.parquet", rows)
    with pytest.raises(
        InputError, match=r"column 'price' has type list<\w+: int64>, which cannot hold a number"
    ):
        read_listings(path)


def test_parquet_numbers_as_text_are_cast_row_by_row(files: ListingFiles, tmp_path: Path) -> None:
    rows = [files.listing(0, price="12.50"), files.listing(1, price="n/a")]
    table, summary = _read(files.parquet(tmp_path / "l.parquet", rows))
    assert table.column("price").to_pylist() == [12.5]
    assert _errors(summary) == [("row 2", "price", "not a number")]


def test_repeated_listing_id_quarantines_the_later_rows(
    files: ListingFiles, tmp_path: Path, suffix: str
) -> None:
    rows = [files.listing(n) for n in range(6)]
    rows[4]["listing_id"] = rows[1]["listing_id"]
    reader = read_listings(files.write(tmp_path / f"l.{suffix}", rows), batch_size=2)
    table = reader.read_all()
    assert table.num_rows == 5
    assert [(p.where, p.field) for p in reader.summary.problems] == [
        ("line 5" if suffix.startswith("jsonl") else "row 5", "listing_id")
    ]


def test_a_bad_first_copy_does_not_make_the_good_one_a_repeat(
    files: ListingFiles, tmp_path: Path
) -> None:
    rows = [files.listing(0, price=-1), files.listing(0)]
    table, summary = _read(files.jsonl(tmp_path / "l.jsonl", rows))
    assert table.num_rows == 1
    assert summary.rows_quarantined == 1


def test_csv_row_with_wrong_number_of_cells_keeps_later_numbering(
    files: ListingFiles, tmp_path: Path
) -> None:
    path = files.csv(tmp_path / "l.csv", [files.listing(n) for n in range(4)])
    lines = path.read_text().splitlines()
    lines.insert(2, "just,three,cells")
    path.write_text("\n".join(lines) + "\n")
    lines_after = [files.listing(5, price=-1)]
    with path.open("a") as handle:
        handle.write(files.csv(tmp_path / "x.csv", lines_after).read_text().splitlines()[1] + "\n")
    table, summary = _read(path)
    assert table.num_rows == 4
    assert [(w, f) for w, f, _ in _errors(summary)] == [("row 2", None), ("row 6", "price")]


def test_bad_utf8_in_a_csv_cell_fails_that_row(files: ListingFiles, tmp_path: Path) -> None:
    path = files.csv(tmp_path / "l.csv", [files.listing(n) for n in range(3)])
    path.write_bytes(path.read_bytes().replace(b"Leather bag 1", b"Leather \xff 1"))
    table, summary = _read(path)
    assert table.num_rows == 2
    assert _errors(summary) == [("row 2", "title", "not valid UTF-8")]


def test_corrupt_parquet_and_gzip_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "l.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "l.jsonl.gz").write_bytes(b"\x1f\x8b not really")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        read_listings(tmp_path / "l.parquet")
    with pytest.raises(InputError, match="cannot decompress"):
        read_listings(tmp_path / "l.jsonl.gz").read_all()


def test_sellers_need_only_a_seller_id(tmp_path: Path, files: ListingFiles) -> None:
    rows = [
        {"seller_id": "s-1", "phone": "+1 555 0100", "registered_at": "2023-05-01"},
        {"seller_id": "", "email": "x@example.com"},
        {"seller_id": "s-1"},
    ]
    reader = read_sellers(files.jsonl(tmp_path / "sellers.jsonl", rows))
    table = reader.read_all()
    assert table.column("seller_id").to_pylist() == ["s-1"]
    assert table.column("registered_at").to_pylist()[0].isoformat() == "2023-05-01T00:00:00+00:00"
    assert [(p.where, p.field) for p in reader.summary.problems] == [
        ("line 2", "seller_id"),
        ("line 3", "seller_id"),
    ]


@pytest.mark.parametrize("line", [b"null", b"5", b'"text"', b"true", b"[]", b' {"a": 1} {}'])
def test_a_line_holding_no_single_object_fails_alone(
    files: ListingFiles, tmp_path: Path, line: bytes
) -> None:
    rows = [files.listing(0), line, files.listing(1)]
    table, summary = _read(files.jsonl(tmp_path / "l.jsonl", rows))
    assert table.num_rows == 2
    assert [(p.where, p.field) for p in summary.problems] == [("line 2", None)]
