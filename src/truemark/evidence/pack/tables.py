"""The pack's tables: listings with estimated revenue, sales per seller, ship-from regions,
link evidence, cases, test buys, the timeline — as polars frames and JSON-ready values."""

from __future__ import annotations

from typing import Any

import orjson
import polars as pl

from truemark.catalog import Catalog
from truemark.store.enforcement_records import CaseRecord
from truemark.store.evidence_records import AuditEntryRecord, ReferralRecord, TestBuyRecord


def _rates(catalog: Catalog | None) -> pl.DataFrame:
    rates = dict(catalog.fx_to_usd) if catalog is not None else {"USD": 1.0}
    return pl.DataFrame(
        {"currency": list(rates), "usd_rate": list(rates.values())},
        schema={"currency": pl.String, "usd_rate": pl.Float64},
    )


def listings_table(listings: pl.DataFrame, catalog: Catalog | None) -> pl.DataFrame:
    """Listings with units sold, estimated revenue in their currency and in USD (when the rate
    is known), and the country and region they ship from."""
    units = pl.col("quantity_sold").fill_null(0)
    place = pl.col("ship_from").fill_null("unknown").str.split("-")
    return (
        listings.with_columns(pl.col("currency").str.to_uppercase())
        .join(_rates(catalog), on="currency", how="left", maintain_order="left")
        .with_columns(
            units.alias("units_sold"),
            (pl.col("price") * units).alias("estimated_revenue"),
            (pl.col("price") * units * pl.col("usd_rate")).alias("estimated_revenue_usd"),
            place.list.get(0, null_on_oob=True).alias("ship_country"),
            place.list.slice(0, 2).list.join("-").alias("ship_region"),
        )
        .drop("usd_rate")
    )


def sales_table(listings: pl.DataFrame) -> pl.DataFrame:
    """Per seller: listings, units sold and estimated revenue (USD)."""
    return (
        listings.group_by("seller_id")
        .agg(
            pl.len().alias("listings"),
            pl.col("units_sold").sum(),
            pl.col("estimated_revenue_usd").sum(),
        )
        .sort("estimated_revenue_usd", "seller_id", descending=[True, False])
    )


def ship_from_table(listings: pl.DataFrame) -> pl.DataFrame:
    """Per ship-from region (``CC-Region``): listings, sellers, units, revenue (USD)."""
    return (
        listings.group_by("ship_country", "ship_region")
        .agg(
            pl.len().alias("listings"),
            pl.col("seller_id").n_unique().alias("sellers"),
            pl.col("units_sold").sum(),
            pl.col("estimated_revenue_usd").sum(),
        )
        .sort("listings", "ship_region", descending=[True, False])
    )


def flat(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns as JSON text, for CSV."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(
        pl.col(name).map_elements(
            lambda items: orjson.dumps(list(items)).decode(), return_dtype=pl.String
        )
        for name in lists
    )


def cases_table(cases: list[CaseRecord]) -> pl.DataFrame:
    rows = [
        {
            "case_id": case.id,
            "listing_id": case.listing_id,
            "seller_id": case.seller_id,
            "brand": case.brand_slug,
            "risk": case.risk,
            "verdict": case.verdict,
            "reasons": list(case.reasons),
            "status": case.status.value,
            "listing_status": case.listing_status.value,
        }
        for case in cases
    ]
    schema: dict[str, pl.DataType] = {
        "case_id": pl.Int64(),
        "listing_id": pl.String(),
        "seller_id": pl.String(),
        "brand": pl.String(),
        "risk": pl.Float64(),
        "verdict": pl.String(),
        "reasons": pl.List(pl.String()),
        "status": pl.String(),
        "listing_status": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema)


def test_buy_values(buys: list[TestBuyRecord]) -> list[dict[str, Any]]:
    """Test buys as JSON-ready values; photos by the name they have in the pack."""
    return [
        {
            "id": buy.id,
            "listing_id": buy.listing_id,
            "seller_id": buy.seller_id,
            "network_id": buy.network_id,
            "order_ref": buy.order_ref,
            "ordered_at": buy.ordered_at.isoformat(),
            "cost": str(buy.cost),
            "currency": buy.currency,
            "received_at": buy.received_at.isoformat() if buy.received_at else None,
            "item_received": buy.item_received,
            "result": buy.result,
            "buyer": buy.buyer,
            "notes": buy.notes,
            "photos": [test_buy_photo_name(buy, p.filename) for p in buy.photos],
        }
        for buy in buys
    ]


def test_buy_photo_name(buy: TestBuyRecord, filename: str) -> str:
    return f"test_buys/{buy.id}/{filename}"


def timeline_values(entries: list[AuditEntryRecord]) -> list[dict[str, Any]]:
    return [
        {
            "sequence": entry.sequence,
            "at": entry.recorded_at.isoformat(),
            "actor": entry.actor,
            "organization_id": entry.organization_id,
            "action": entry.action,
            "subject": f"{entry.subject_type}:{entry.subject_id}",
            "details": orjson.loads(entry.payload),
            "entry_hash": entry.entry_hash,
        }
        for entry in entries
    ]


def referral_values(referral: ReferralRecord) -> dict[str, Any]:
    return {
        "id": referral.id,
        "title": referral.title,
        "summary": referral.summary,
        "network_id": referral.network_id,
        "seller_ids": list(referral.seller_ids),
        "status": referral.status,
        "created_by": referral.created_by,
        "created_at": referral.created_at.isoformat(),
        "outcomes": [
            {
                "kind": outcome.kind,
                "count": outcome.count,
                "occurred_at": outcome.occurred_at.isoformat() if outcome.occurred_at else None,
                "details": outcome.details,
                "reported_at": outcome.reported_at.isoformat(),
            }
            for outcome in referral.outcomes
        ],
    }
