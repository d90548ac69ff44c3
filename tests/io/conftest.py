"""Fixtures of the io tests: valid listing rows and writers of small input files in every format."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

PDQ = "f" * 64
FORMATS = ["csv", "jsonl", "jsonl.gz", "parquet"]

Row = dict[str, Any]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return str(value)


class ListingFiles:
    """Makes listing rows and writes them as input files the way other tools would."""

    @staticmethod
    def listing(number: int, **changes: Any) -> Row:
        """A valid listing row as a person would write it in JSON Lines."""
        row: Row = {
            "listing_id": f"l-{number:06d}",
            "seller_id": f"s-{number % 17:04d}",
            "title": f"Leather bag {number}",
            "description": "Genuine leather, ships fast",
            "price": 10.0 + number,
            "currency": "usd",
            "category": "handbags",
            "images": [f"img/{number}.jpg"],
            "image_pdq": [PDQ],
            "ship_from": "CN-GD-Guangzhou",
            "quantity_sold": number % 5,
            "created_at": "2024-03-01T12:00:00Z",
        }
        row.update(changes)
        return row

    @staticmethod
    def jsonl(path: Path, rows: list[Any]) -> Path:
        """One JSON object (or raw bytes, for broken lines) per line; .gz names are compressed."""
        lines = [r if isinstance(r, bytes) else orjson.dumps(r) for r in rows]
        data = b"\n".join(lines) + b"\n"
        path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
        return path

    @staticmethod
    def csv(path: Path, rows: list[Row]) -> Path:
        """A header of every key, list fields as JSON arrays in their cells."""
        names = list(dict.fromkeys(key for row in rows for key in row))
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            writer.writerows([_cell(row.get(name)) for name in names] for row in rows)
        return path

    @staticmethod
    def parquet(path: Path, rows: list[Row], schema: pa.Schema | None = None) -> Path:
        """A Parquet file of the rows (types inferred unless given)."""
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
        return path

    def write(self, path: Path, rows: list[Row]) -> Path:
        """The rows in the format the path's name gives."""
        if path.name.endswith(".csv"):
            return self.csv(path, rows)
        if path.name.endswith(".parquet"):
            return self.parquet(path, rows)
        return self.jsonl(path, rows)


@pytest.fixture
def files() -> ListingFiles:
    """Listing rows and input-file writers."""
    return ListingFiles()


@pytest.fixture(params=FORMATS)
def suffix(request: pytest.FixtureRequest) -> str:
    """Each input format in turn."""
    return str(request.param)
