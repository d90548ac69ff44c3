"""Bulk upsert of seller identities from Arrow batches, counted as inserted/updated/unchanged."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pytest

from truemark.errors import NotFoundError
from truemark.store import SellerUpsertCounts, Store

TIMESTAMP = pa.timestamp("us", tz="UTC")


def sellers_batch(rows: list[dict[str, Any]], **extra_types: pa.DataType) -> pa.RecordBatch:
    """A batch shaped like the io reader's: canonical identity columns plus any extra ones."""
    fields = [
        pa.field("seller_id", pa.string()),
        pa.field("store_name", pa.string()),
        pa.field("registered_at", TIMESTAMP),
        pa.field("phone", pa.string()),
        pa.field("payment_account", pa.string()),
        *(pa.field(name, kind) for name, kind in extra_types.items()),
    ]
    return pa.RecordBatch.from_pylist(rows, schema=pa.schema(fields))


def seller(number: int, **values: Any) -> dict[str, Any]:
    row = {
        "seller_id": f"s-{number:06d}",
        "store_name": f"Store {number}",
        "registered_at": datetime(2024, 1, 1 + number % 28, tzinfo=UTC),
        "phone": f"+86 138 0000 {number:04d}",
        "payment_account": f"ACC-{number}",
    }
    row.update(values)
    return row


def _upsert(store: Store, batch: pa.RecordBatch) -> SellerUpsertCounts:
    with store.unit_of_work() as work:
        return work.sellers.upsert_batch(batch)


def test_new_sellers_are_inserted_with_their_identity(store: Store) -> None:
    counts = _upsert(store, sellers_batch([seller(1), seller(2, phone=None)]))

    assert counts == SellerUpsertCounts(inserted=2)
    with store.unit_of_work() as work:
        first = work.sellers.by_seller_id("s-000001")
        second = work.sellers.by_seller_id("s-000002")
        assert work.sellers.count() == 2
    assert first.store_name == "Store 1"
    assert first.registered_at == datetime(2024, 1, 2, tzinfo=UTC)
    assert first.phone == "+86 138 0000 0001"
    assert first.email is None
    assert second.phone is None


def test_the_same_batch_again_changes_nothing(store: Store) -> None:
    batch = sellers_batch([seller(n) for n in range(5)])
    _upsert(store, batch)

    assert _upsert(store, batch) == SellerUpsertCounts(unchanged=5)


def test_changed_sellers_are_updated_and_new_ones_added(store: Store) -> None:
    _upsert(store, sellers_batch([seller(n) for n in range(3)]))
    batch = sellers_batch([seller(0), seller(1, phone="+1 555 0100"), seller(3)])

    assert _upsert(store, batch) == SellerUpsertCounts(inserted=1, updated=1, unchanged=1)
    with store.unit_of_work() as work:
        assert work.sellers.by_seller_id("s-000001").phone == "+1 555 0100"


def test_within_a_batch_the_last_row_of_a_seller_wins(store: Store) -> None:
    batch = sellers_batch([seller(7, store_name="old"), seller(8), seller(7, store_name="new")])

    assert _upsert(store, batch) == SellerUpsertCounts(inserted=2, duplicates=1)
    with store.unit_of_work() as work:
        assert work.sellers.by_seller_id("s-000007").store_name == "new"


def test_unknown_columns_are_kept_as_extra(store: Store) -> None:
    rows = [seller(1, tier="gold", rating=4.5, seen_at=datetime(2025, 5, 1, tzinfo=UTC))]
    batch = sellers_batch(rows, tier=pa.string(), rating=pa.float64(), seen_at=TIMESTAMP)
    _upsert(store, batch)

    with store.unit_of_work() as work:
        stored = work.sellers.by_seller_id("s-000001")

    assert stored.extra == {"tier": "gold", "rating": 4.5, "seen_at": "2025-05-01 00:00:00.000000Z"}
    changed = sellers_batch([{**rows[0], "tier": "platinum"}], **batch_types(batch))
    assert _upsert(store, changed) == SellerUpsertCounts(updated=1)


def batch_types(batch: pa.RecordBatch) -> dict[str, pa.DataType]:
    known = {"seller_id", "store_name", "registered_at", "phone", "payment_account"}
    return {f.name: f.type for f in batch.schema if f.name not in known}


def test_rows_without_a_seller_id_are_skipped(store: Store) -> None:
    batch = sellers_batch([seller(1), seller(2, seller_id=None)])

    assert _upsert(store, batch) == SellerUpsertCounts(inserted=1, skipped=1)


def test_a_batch_larger_than_one_lookup_is_counted_exactly(store: Store) -> None:
    rows = [seller(n) for n in range(12_000)]
    assert _upsert(store, sellers_batch(rows)) == SellerUpsertCounts(inserted=12_000)
    rows[11_999] = seller(11_999, payment_account="ACC-moved")

    assert _upsert(store, sellers_batch(rows)) == SellerUpsertCounts(updated=1, unchanged=11_999)


def test_an_unknown_seller_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError), store.unit_of_work() as work:
        work.sellers.by_seller_id("s-404")
