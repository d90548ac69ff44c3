"""What each seller sells, in SQL: the scan results joined to the staged sales of its listings.

The same measures as :func:`truemark.networks.scoring.seller_activity` (riskiest listing,
listings flagged, flagged sales in whole cents), over inputs of any size. The results are
staged by polars' streaming engine with the in-memory engine's own reader and price rule.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from truemark.errors import InputError
from truemark.networks.duckdb_engine.workspace import Workspace
from truemark.networks.files import scan_results
from truemark.networks.scoring import with_price


def stage_results(path: Path, target: Path) -> None:
    """Write listing_id, risk, verdict and price_usd of every scanned listing to ``target``."""
    results = with_price(scan_results(path))
    try:
        results.select("listing_id", "risk", "verdict", "price_usd").sink_parquet(target)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read scan results ({exc})") from None


def store_activity(space: Workspace) -> None:
    """Table ``activity``: seller_id, max_risk, flagged_listings, flagged_sales_cents."""
    space.con.execute(
        f"""
        CREATE TABLE activity AS
        SELECT s.seller_id, max(r.risk) AS max_risk,
               count(*) FILTER (WHERE r.verdict <> 'clear') AS flagged_listings,
               coalesce(sum(CAST(floor(s.sold * coalesce(r.price_usd, 0.0) * 100.0 + 0.5)
                                 AS BIGINT)) FILTER (WHERE r.verdict <> 'clear'), 0)
                   AS flagged_sales_cents
        FROM {space.parquet("sales")} s JOIN {space.parquet("results")} r USING (listing_id)
        GROUP BY s.seller_id
        """
    )
