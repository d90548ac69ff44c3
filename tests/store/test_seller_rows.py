"""Arrow sellers to upsert rows: identity columns typed for the store, the rest kept as extra."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from truemark.errors import InputError
from truemark.store.seller_rows import last_per_seller, seller_table


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers(-1000, 1000)), max_size=40))
def test_the_last_row_of_each_seller_survives_in_order_of_appearance(
    rows: list[tuple[str, int]],
) -> None:
    table = pa.table({"seller_id": [r[0] for r in rows], "n": [r[1] for r in rows]})

    kept = last_per_seller(table)

    last = {seller_id: index for index, (seller_id, _n) in enumerate(rows)}
    expected = [rows[index] for index in sorted(last.values())]
    assert list(zip(kept["seller_id"].to_pylist(), kept["n"].to_pylist(), strict=True)) == expected


def test_identity_columns_are_typed_and_other_columns_become_extra() -> None:
    batch = pa.table(
        {
            "seller_id": ["s-1"],
            "registered_at": ["2024-02-03T04:05:06+02:00"],
            "phone": pa.array([8613800000000], pa.int64()),
            "rating": [4.5],
            "seen": pa.array([datetime(2025, 1, 1, tzinfo=UTC)], pa.timestamp("us", tz="UTC")),
        }
    )

    table = seller_table(batch)

    row = table.to_pylist()[0]
    assert row["registered_at"] == datetime(2024, 2, 3, 2, 5, 6, tzinfo=UTC)
    assert row["phone"] == "8613800000000"
    assert row["extra"] == {"rating": 4.5, "seen": "2025-01-01 00:00:00.000000Z"}


def test_a_batch_without_seller_ids_is_an_input_error() -> None:
    with pytest.raises(InputError, match="seller_id"):
        seller_table(pa.table({"store_name": ["x"]}))


def test_a_timestamp_that_is_not_iso_8601_names_the_field() -> None:
    with pytest.raises(InputError, match="registered_at"):
        seller_table(pa.table({"seller_id": ["s-1"], "registered_at": ["yesterday"]}))
