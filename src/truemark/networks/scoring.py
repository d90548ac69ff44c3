"""Score each network as a whole: what its accounts list, and how many accounts hide behind it.

``network_risk = 1 - (1 - listing_risk) * (1 - structure_risk)`` where ``listing_risk`` blends
the riskiest member and the average member (from the scan's listing risks), and
``structure_risk`` grows with the number of linked accounts (0 for a lone seller, 0.15 for two,
0.6 at most): operating many linked accounts is itself what rackets do.
"""

from __future__ import annotations

import polars as pl

SELLER_ACTIVITY_SCHEMA = {
    "seller_id": pl.String,
    "max_risk": pl.Float64,
    "flagged_listings": pl.Int64,
    "flagged_sales_usd": pl.Float64,
}


def seller_activity(listings: pl.DataFrame, results: pl.DataFrame) -> pl.DataFrame:
    """Per seller: riskiest listing, listings flagged, estimated sales of flagged listings (USD).

    ``listings`` needs listing_id, seller_id and optionally quantity_sold; ``results`` the scan
    results (listing_id, risk, verdict, and ``price.usd`` in signals when available).
    """
    joined = listings.select(
        pl.col("listing_id").cast(pl.String),
        pl.col("seller_id").cast(pl.String),
        (pl.col("quantity_sold") if "quantity_sold" in listings.columns else pl.lit(0))
        .cast(pl.Float64)
        .fill_null(0.0)
        .alias("sold"),
    ).join(results.select("listing_id", "risk", "verdict", "price_usd"), on="listing_id")
    flagged = pl.col("verdict") != "clear"
    return joined.group_by("seller_id").agg(
        pl.col("risk").max().alias("max_risk"),
        flagged.sum().cast(pl.Int64).alias("flagged_listings"),
        (pl.col("sold") * pl.col("price_usd").fill_null(0.0))
        .filter(flagged)
        .sum()
        .alias("flagged_sales_usd"),
    )


def score_networks(membership: pl.DataFrame, activity: pl.DataFrame | None) -> pl.DataFrame:
    """Add network_risk, network_flagged_listings and network_flagged_sales_usd to membership."""
    activity = activity if activity is not None else pl.DataFrame(schema=SELLER_ACTIVITY_SCHEMA)
    members = membership.join(activity, on="seller_id", how="left")
    networks = members.group_by("network_id").agg(
        pl.col("max_risk").max().fill_null(0.0).alias("riskiest"),
        pl.col("max_risk").fill_null(0.0).mean().alias("average"),
        pl.col("flagged_listings").fill_null(0).sum().alias("network_flagged_listings"),
        pl.col("flagged_sales_usd").fill_null(0.0).sum().alias("network_flagged_sales_usd"),
        pl.col("network_size").first().alias("size"),
    )
    listing_risk = 0.5 * pl.col("riskiest") + 0.5 * pl.col("average")
    structure_risk = (0.15 * pl.col("size").cast(pl.Float64).log(2)).clip(0.0, 0.6)
    networks = networks.select(
        "network_id",
        (1 - (1 - listing_risk) * (1 - structure_risk)).clip(0.0, 1.0).alias("network_risk"),
        "network_flagged_listings",
        "network_flagged_sales_usd",
    )
    return membership.join(networks, on="network_id", how="left", maintain_order="left")
