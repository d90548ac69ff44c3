"""Score each network as a whole: what its accounts list, how many accounts hide behind it,
whether alliance intel names one of them, and what test buys from its accounts received.

``network_risk = 1 - (1 - listing_risk) * (1 - structure_risk) * (1 - intel_risk)
* (1 - test_buy_risk)`` where
``listing_risk`` blends the riskiest member and the average member (from the scan's listing
risks), ``structure_risk`` grows with the number of linked accounts (0 for a lone seller, 0.15
for two, 0.6 at most): operating many linked accounts is itself what rackets do, and
``intel_risk`` is ``INTEL_RISK`` when alliance intel names an account of the network: an
identity a member confirmed as a repeat infringer's, or a confirmed racket's indicator that the
account's record or listings show (0 otherwise), and ``1 - test_buy_risk`` is 0.25 to the
power of the confirmed fakes bought from the network's accounts
(:mod:`truemark.networks.test_buys`).
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from truemark.networks.test_buys import TEST_BUY_FAKES_SCHEMA, test_buy_factor

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)

INTEL_RISK = 0.6
"""What an account named by alliance intel (a confirmed repeat infringer, a confirmed racket's
indicator) adds to its network's risk."""
EMPTY_LIST = pl.lit([], dtype=pl.List(pl.String))
INTEL_SCHEMA = pl.Schema({"seller_id": pl.String, "attribute": pl.String, "provenance": pl.String})
SELLER_ACTIVITY_SCHEMA = {
    "seller_id": pl.String,
    "max_risk": pl.Float64,
    "flagged_listings": pl.Int64,
    "flagged_sales_cents": pl.Int64,
}


def listing_sales(listings: pl.DataFrame) -> pl.DataFrame:
    """listing_id, seller_id and units ``sold`` (0 when unknown) of each listing."""
    sold = pl.col("quantity_sold") if "quantity_sold" in listings.columns else pl.lit(0)
    return listings.select(
        pl.col("listing_id").cast(pl.String),
        pl.col("seller_id").cast(pl.String),
        sold.cast(pl.Float64).fill_null(0.0).alias("sold"),
    )


def sales_cents(sold: pl.Expr, price_usd: pl.Expr) -> pl.Expr:
    """Sales of a listing in whole US cents (half a cent rounds up): whole numbers add up the
    same in any order, so every engine finds the same totals."""
    return (sold * price_usd.fill_null(0.0) * 100.0 + 0.5).floor().cast(pl.Int64)


def with_price(results: Frame) -> Frame:
    """Results with ``price_usd`` taken from the signals JSON when present."""
    if "signals" not in results.collect_schema().names():
        return results.with_columns(pl.lit(None, pl.Float64).alias("price_usd"))
    price = pl.col("signals").str.json_path_match(r"$['price.usd']").cast(pl.Float64, strict=False)
    return results.with_columns(price.alias("price_usd"))


def seller_activity(listings: pl.DataFrame, results: pl.DataFrame) -> pl.DataFrame:
    """Per seller: riskiest listing, listings flagged, estimated sales of flagged listings (US
    cents).

    ``listings`` needs listing_id, seller_id and optionally quantity_sold; ``results`` the scan
    results (listing_id, risk, verdict, and ``price.usd`` in signals when available).
    """
    joined = listing_sales(listings).join(
        results.select("listing_id", "risk", "verdict", "price_usd"), on="listing_id"
    )
    flagged = pl.col("verdict") != "clear"
    return joined.group_by("seller_id").agg(
        pl.col("risk").max().alias("max_risk"),
        flagged.sum().cast(pl.Int64).alias("flagged_listings"),
        sales_cents(pl.col("sold"), pl.col("price_usd"))
        .filter(flagged)
        .sum()
        .alias("flagged_sales_cents"),
    )


def _intel_evidence(
    membership: pl.DataFrame, intel: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(seller_id, ``intel_matches``: the seller's identities named by alliance intel, as
    ``<attribute>:<provenance>``), (network_id, ``network_intel``: the distinct provenances
    naming any of its accounts); sorted lists, one row per seller or network that has any."""
    intel = intel if intel is not None else pl.DataFrame(schema=INTEL_SCHEMA)
    match = pl.concat_str("attribute", "provenance", separator=":")
    per_seller = intel.group_by("seller_id").agg(match.unique().sort().alias("intel_matches"))
    per_network = (
        intel.join(membership.select("seller_id", "network_id"), on="seller_id")
        .group_by("network_id")
        .agg(pl.col("provenance").unique().sort().alias("network_intel"))
    )
    return per_seller, per_network


def score_networks(
    membership: pl.DataFrame,
    activity: pl.DataFrame | None,
    intel: pl.DataFrame | None = None,
    test_buys: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Add network_risk, network_flagged_listings, network_flagged_sales_usd, the alliance
    intel evidence, ``intel_matches`` (the seller's) and ``network_intel`` (the network's), and
    the confirmed fakes, ``test_buy_fakes`` and ``network_test_buy_fakes``, to membership.

    ``intel``: seller_id, attribute, provenance of sellers matched by alliance intel;
    ``test_buys``: seller_id, test_buy_fakes (one row per seller).
    """
    activity = activity if activity is not None else pl.DataFrame(schema=SELLER_ACTIVITY_SCHEMA)
    fakes = test_buys if test_buys is not None else pl.DataFrame(schema=TEST_BUY_FAKES_SCHEMA)
    per_seller, per_network = _intel_evidence(membership, intel)
    members = membership.join(activity, on="seller_id", how="left", maintain_order="left")
    members = members.join(fakes, on="seller_id", how="left", maintain_order="left")
    # the risks are averaged as a list per network, so the mean is the same whatever else the
    # table holds (a group-by may split a group's sum across threads)
    networks = members.group_by("network_id").agg(
        pl.col("max_risk").max().fill_null(0.0).alias("riskiest"),
        pl.col("max_risk").fill_null(0.0).alias("risks"),
        pl.col("flagged_listings").fill_null(0).sum().alias("network_flagged_listings"),
        (pl.col("flagged_sales_cents").fill_null(0).sum() / 100.0).alias(
            "network_flagged_sales_usd"
        ),
        pl.col("network_size").first().alias("size"),
        pl.col("test_buy_fakes").fill_null(0).sum().alias("network_test_buy_fakes"),
    )
    networks = networks.with_columns(pl.col("risks").list.mean().alias("average"))
    networks = networks.join(per_network, on="network_id", how="left").with_columns(
        pl.col("network_intel").fill_null(EMPTY_LIST)
    )
    listing_risk = 0.5 * pl.col("riskiest") + 0.5 * pl.col("average")
    structure_risk = (0.15 * pl.col("size").cast(pl.Float64).log(2)).clip(0.0, 0.6)
    intel_risk = pl.when(pl.col("network_intel").list.len() > 0).then(INTEL_RISK).otherwise(0.0)
    bought = test_buy_factor(pl.col("network_test_buy_fakes"))
    risk = 1 - (1 - listing_risk) * (1 - structure_risk) * (1 - intel_risk) * bought
    networks = networks.select(
        "network_id",
        risk.clip(0.0, 1.0).alias("network_risk"),
        "network_flagged_listings",
        "network_flagged_sales_usd",
        "network_intel",
        "network_test_buy_fakes",
    )
    scored = membership.join(networks, on="network_id", how="left", maintain_order="left")
    scored = scored.join(fakes, on="seller_id", how="left", maintain_order="left")
    return scored.join(per_seller, on="seller_id", how="left", maintain_order="left").with_columns(
        pl.col("intel_matches").fill_null(EMPTY_LIST), pl.col("test_buy_fakes").fill_null(0)
    )
