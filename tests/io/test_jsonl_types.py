"""JSON Lines values of unexpected JSON types: the same verdict on the fast and slow paths."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pytest

from truemark.io import read_listings

if TYPE_CHECKING:
    from tests.io.conftest import ListingFiles


def test_numbers_as_text_and_ids_as_numbers_are_accepted(
    files: ListingFiles, tmp_path: Path
) -> None:
    rows = [files.listing(0, price="12.50", quantity_sold="3"), files.listing(1, listing_id=77)]
    table = read_listings(files.jsonl(tmp_path / "l.jsonl", rows)).read_all()
    assert table.column("price").to_pylist() == [12.5, 11.0]
    assert table.column("quantity_sold").to_pylist() == [3, 1]
    assert table.column("listing_id").to_pylist() == ["l-000000", "77"]


@pytest.mark.parametrize("mixed", [True, False], ids=["mixed-block", "uniform-block"])
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", {"en": "Bag"}, "expected text"),
        ("price", True, "expected a number"),
        ("images", "a.jpg", "expected a JSON array of strings"),
        ("images", [1, 2], "expected a JSON array of strings"),
        ("image_pdq", {"a": 1}, "expected a JSON array"),
        ("quantity_sold", 2.5, "not an integer"),
        ("created_at", 1700000000, "expected an ISO 8601 timestamp"),
    ],
)
def test_value_of_the_wrong_json_type_fails_its_row(
    files: ListingFiles, tmp_path: Path, field: str, value: object, message: str, mixed: bool
) -> None:
    bad = files.listing(1, **{field: value})
    rows = [files.listing(0), bad, files.listing(2)] if mixed else [bad]
    reader = read_listings(files.jsonl(tmp_path / "l.jsonl", rows))
    table = reader.read_all()
    assert table.num_rows == len(rows) - 1
    [problem] = reader.summary.problems
    assert (problem.where, problem.field) == ("line 2" if mixed else "line 1", field)
    assert problem.message.startswith(message)


def test_quarantine_quotes_the_line_as_written(files: ListingFiles, tmp_path: Path) -> None:
    rows = [files.listing(0, stock={"a": 1}), files.listing(1, price=-1, stock={"b": [2]})]
    reader = read_listings(files.jsonl(tmp_path / "l.jsonl", rows))
    reader.validate()
    [entry] = [orjson.loads(line) for line in reader.quarantine_path.read_bytes().splitlines()]
    assert entry["record"] == rows[1]
