"""Property: whatever a row holds, it either comes back with the same values or is quarantined."""

from __future__ import annotations

import math
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.io.conftest import ListingFiles

from truemark.io import read_listings

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
PDQ = st.text("0123456789abcdefABCDEF", min_size=63, max_size=65)
INSTANT = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


def _row(number: int, draw: st.DrawFn, loose: bool) -> dict[str, Any]:
    """A listing row whose values are mostly valid and sometimes not."""
    price = st.floats(allow_nan=loose, allow_infinity=loose, min_value=None if loose else -5)
    if loose:
        price = price | TEXT | st.none()
    row = {
        "listing_id": f"l-{number}",
        "seller_id": draw(st.sampled_from(["s-1", "s-2", "", " "])),
        "title": draw(TEXT),
        "description": draw(TEXT | st.none()),
        "price": draw(price),
        "currency": draw(st.sampled_from(["USD", "eur", "Cny", "U$D", "", "EURO"])),
        "images": draw(st.lists(TEXT, max_size=3)),
        "image_pdq": draw(st.lists(PDQ, max_size=2)),
        "quantity_sold": draw(st.integers(-3, 10**6)),
        "created_at": draw(INSTANT.map(lambda t: t.isoformat()) | st.sampled_from(["", "soon"])),
    }
    return row


@st.composite
def listing_rows(draw: st.DrawFn, loose: bool) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 12))
    return [_row(number, draw, loose) for number in range(count)]


def _expected(row: dict[str, Any]) -> dict[str, Any]:
    """The row as a valid one comes back: codes upper-cased, hashes lower-cased, '' absent."""
    created = row["created_at"]
    return {
        **row,
        "description": row["description"] or None,
        "price": float(row["price"]),
        "currency": row["currency"].upper(),
        "image_pdq": [h.lower() for h in row["image_pdq"]],
        "created_at": datetime.fromisoformat(created) if created else None,
    }


def _check(path: Path, rows: list[dict[str, Any]]) -> None:
    reader = read_listings(path)
    table = reader.read_all()
    summary = reader.summary
    assert summary.rows_read == len(rows)
    assert summary.rows_valid + summary.rows_quarantined == len(rows)
    quarantined: set[int] = set()
    if summary.quarantine_path is not None:
        for line in summary.quarantine_path.read_bytes().splitlines():
            entry = orjson.loads(line)
            assert entry["errors"], entry
            quarantined.add(entry["row"])
    kept = [row for number, row in enumerate(rows, start=1) if number not in quarantined]
    assert table.num_rows == len(kept)
    for row, back in zip(kept, table.to_pylist(), strict=True):
        expected = _expected(row)
        assert {k: back[k] for k in expected} == expected
        assert math.isfinite(back["price"])
        assert back["price"] >= 0


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(listing_rows(loose=True))
def test_jsonl_rows_round_trip_or_are_quarantined(rows: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _check(ListingFiles.jsonl(Path(folder) / "l.jsonl", rows), rows)


@FAST
@given(listing_rows(loose=True))
def test_csv_rows_round_trip_or_are_quarantined(rows: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _check(ListingFiles.csv(Path(folder) / "l.csv", rows), rows)


@FAST
@given(listing_rows(loose=False))
def test_parquet_rows_round_trip_or_are_quarantined(rows: list[dict[str, Any]]) -> None:
    text, texts = pa.string(), pa.list_(pa.string())
    schema = pa.schema(
        {
            "listing_id": text,
            "seller_id": text,
            "title": text,
            "description": text,
            "price": pa.float64(),
            "currency": text,
            "images": texts,
            "image_pdq": texts,
            "quantity_sold": pa.int64(),
            "created_at": text,
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "l.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
        _check(path, rows)
