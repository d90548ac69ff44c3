"""What each seller sells, in SQL: the scan results joined to the staged sales of its listings.

The same measures as :func:`truemark.networks.scoring.seller_activity` (riskiest listing,
listings flagged, flagged sales in whole cents), over inputs of any size. The results are
staged batch by batch with the in-memory engine's own price rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from truemark.errors import InputError
from truemark.io import Format, format_of
from truemark.io.formats import parquet_parts
from truemark.networks.duckdb_engine.staging import BATCH_ROWS, PartWriter
from truemark.networks.duckdb_engine.workspace import Workspace
from truemark.networks.files import frame_of, scan_results
from truemark.networks.scoring import with_price


def _parquet_batches(path: Path, columns: list[str]) -> Iterator[pl.DataFrame]:
    """The given columns of a Parquet results file (or folder), a few thousand rows at a time."""
    for part in parquet_parts(path) if path.is_dir() else [path]:
        for batch in pq.ParquetFile(part).iter_batches(batch_size=BATCH_ROWS, columns=columns):
            yield frame_of(batch)


def stage_results(path: Path, target: Path) -> None:
    """Write listing_id, risk, verdict and price_usd of every scanned listing to ``target``.

    Parquet is read a batch at a time; CSV and JSON Lines through polars' streaming engine.
    Either way the columns and the price rule are the in-memory engine's own."""
    results = scan_results(path)
    wanted = ["listing_id", "risk", "verdict", "price_usd"]
    try:
        if path.is_dir() or format_of(path) is Format.PARQUET:
            present = [c for c in (*wanted[:3], "signals") if c in results.collect_schema()]
            with PartWriter(target, with_price(results.select(present)).collect_schema()) as out:
                for batch in _parquet_batches(path, present):
                    out.write(with_price(batch).select(wanted))
        else:
            with_price(results).select(wanted).sink_parquet(target)
    except (OSError, pa.ArrowException, pl.exceptions.PolarsError) as exc:
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
