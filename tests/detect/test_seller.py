"""Seller detector: authorization per brand, account age, strikes and network risk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from truemark.catalog import load_catalog
from truemark.detect.seller import SellerContext, SellerDetector

CATALOG = Path(__file__).parents[1] / "data" / "catalog" / "catalog.yaml"
AS_OF = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def detector() -> SellerDetector:
    sellers = pl.DataFrame(
        {
            "seller_id": ["s-000101", "s-9", "s-10"],
            "registered_at": [
                datetime(2020, 1, 1, tzinfo=UTC),
                datetime(2026, 5, 30, tzinfo=UTC),
                None,
            ],
        }
    )
    networks = pl.DataFrame(
        {
            "seller_id": ["s-9", "s-10"],
            "network_id": ["n-1", "n-1"],
            "network_size": [2, 2],
            "network_risk": [0.9, 0.9],
        }
    )
    context = SellerContext.from_frames(sellers, networks)
    return SellerDetector(load_catalog(CATALOG), context, as_of=AS_OF)


def _batch(rows: list[tuple[str | None, str | None, datetime | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "seller_id": pl.String,
            "text.brand_id": pl.String,
            "created_at": pl.Datetime("us", "UTC"),
        },
        orient="row",
    )


def test_authorized_only_for_its_own_brand(detector: SellerDetector) -> None:
    signals = detector.signals(
        _batch(
            [
                ("s-000101", "aurelia", None),
                ("s-000101", "northpeak", None),
                ("s-000101", None, None),
                ("s-nobody", "aurelia", None),
                (None, "aurelia", None),
                ("s-000101", "aurelia", None),
            ]
        )
    )
    assert signals["seller.authorized"].to_list() == [True, False, None, False, False, True]


def test_account_age_from_listing_time_or_as_of(detector: SellerDetector) -> None:
    created = datetime(2026, 5, 31, tzinfo=UTC)
    signals = detector.signals(_batch([("s-9", "aurelia", created), ("s-9", "aurelia", None)]))
    assert signals["seller.account_age_days"].to_list() == pytest.approx([1.0, 2.0])


def test_network_risk_and_unknown_sellers(detector: SellerDetector) -> None:
    signals = detector.signals(_batch([("s-10", None, None), ("s-404", None, None)]))
    assert signals["seller.network_risk"].to_list() == [0.9, 0.0]
    assert signals["seller.network_size"].to_list() == [2, 1]
    assert signals["seller.known"].to_list() == [True, False]
    assert signals["seller.account_age_days"].to_list() == [None, None]


def test_empty_context_still_scores() -> None:
    detector = SellerDetector(load_catalog(CATALOG), SellerContext.empty(), as_of=AS_OF)
    signals = detector.signals(_batch([("s-1", "kiyomi", None)]))
    assert signals.row(0, named=True)["seller.authorized"] is False


def test_context_found_by_position_as_a_join_finds_it() -> None:
    """Sellers are found in the context by position: every signal equals the join of the
    batch with the context, for known, unknown and null sellers, a context row with nulls, and
    a null seller id in the context (which a join matches with nothing)."""
    context = SellerContext.from_frames(
        pl.DataFrame(
            {
                "seller_id": ["a", "b", None, "c"],
                "registered_at": [
                    datetime(2026, 5, 1, 7, 30, tzinfo=UTC),
                    None,
                    datetime(2020, 1, 1, tzinfo=UTC),
                    datetime(2026, 7, 1, tzinfo=UTC),  # after the listing: age 0
                ],
                "strikes": [2, None, 9, 0],
            }
        ),
        pl.DataFrame({"seller_id": ["b"], "network_id": ["n-7"], "network_risk": [0.4]}),
    )
    detector = SellerDetector(load_catalog(CATALOG), context, as_of=AS_OF)
    batch = _batch(
        [
            ("a", None, None),
            ("b", "aurelia", datetime(2026, 5, 2, tzinfo=UTC)),
            (None, None, None),
            ("c", None, None),
            ("zz", None, None),
            ("a", None, datetime(2026, 5, 1, 8, 29, tzinfo=UTC)),
        ]
    )
    signals = detector.signals(batch)
    joined = (
        batch.with_columns(pl.col("created_at").fill_null(AS_OF))
        .join(
            context.table.with_columns(known=pl.lit(True)),
            on="seller_id",
            how="left",
            maintain_order="left",
        )
        .select(
            pl.col("known").fill_null(False),
            ((pl.col("created_at") - pl.col("registered_at")).dt.total_hours() / 24.0).clip(0.0),
            pl.col("strikes").fill_null(0),
            pl.col("network_id"),
            pl.col("network_size").fill_null(1),
            pl.col("network_risk").fill_null(0.0),
        )
    )
    assert signals.drop("seller.authorized").rows() == joined.rows()
    assert signals["seller.known"].to_list() == [True, True, False, True, False, True]
    ages = signals["seller.account_age_days"].to_list()
    assert ages[::5] == pytest.approx([30 + 16 / 24, 0.0])  # whole hours, as polars counts
    assert signals["seller.network_id"].to_list()[:3] == [None, "n-7", None]


def test_no_seller_known_gives_the_defaults() -> None:
    detector = SellerDetector(load_catalog(CATALOG), SellerContext.empty(), as_of=AS_OF)
    signals = detector.signals(_batch([("a", "aurelia", None), (None, None, None)]))
    assert signals.row(0) == (False, False, None, 0, None, 1, 0.0)
    assert signals.row(1) == (None, False, None, 0, None, 1, 0.0)
    assert detector.signals(_batch([])).columns == signals.columns


def test_a_seller_given_twice_in_the_context_counts_once() -> None:
    """A context table read as it is (not made by ``from_frames``) may repeat a seller: its
    first row counts, and the batch keeps one row per listing."""
    table = SellerContext.from_frames(
        pl.DataFrame({"seller_id": ["a", "b"], "strikes": [1, 5]})
    ).table
    again = table.with_columns(pl.lit(9, dtype=pl.Int64).alias("strikes"))
    context = SellerContext(pl.concat([table, again]))
    detector = SellerDetector(load_catalog(CATALOG), context, as_of=AS_OF)
    signals = detector.signals(_batch([("a", None, None), ("b", None, None)]))
    assert signals["seller.strikes"].to_list() == [1, 5]
