"""Write the networks file: the linked sellers scored in memory, every other seller streamed.

Linked sellers (the only ones whose networks have more than one account) are scored together,
as in the in-memory engine. The others are networks of one: they come out of DuckDB in seller
order, a batch at a time, are scored by the same functions, and are merged with the linked
sellers so the file is in seller order, as the in-memory engine writes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa

from truemark.io import open_writer
from truemark.networks.clusters import singletons
from truemark.networks.duckdb_engine.workspace import Workspace
from truemark.networks.jobs import NetworkTally
from truemark.networks.pipeline import MEMBER_COLUMNS, seller_links
from truemark.networks.scoring import SELLER_ACTIVITY_SCHEMA, score_networks

BATCH_ROWS = 1 << 16
ACTIVITY_SCHEMA = pl.Schema(SELLER_ACTIVITY_SCHEMA)
ACTIVITY_COLUMNS = list(SELLER_ACTIVITY_SCHEMA)


def scored_members(
    membership: pl.DataFrame,
    links: pl.DataFrame,
    activity: pl.DataFrame | None,
    intel: pl.DataFrame | None,
    test_buys: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The rows of the networks file for ``membership``, in seller order."""
    scored = score_networks(membership, activity, intel, test_buys)
    return seller_links(scored, links).sort("seller_id").select(MEMBER_COLUMNS)


def linked_activity(space: Workspace, linked: pl.Series) -> pl.DataFrame:
    """The activity of the linked sellers (from table ``activity``)."""
    space.con.register("linked_sellers", linked.alias("seller_id").to_frame().to_arrow())
    found = space.con.sql(
        "SELECT a.* FROM activity a SEMI JOIN linked_sellers USING (seller_id)"
    ).pl()
    return found.select(ACTIVITY_COLUMNS).cast(ACTIVITY_SCHEMA)


def _alone(space: Workspace, linked: pl.Series, activity: bool) -> Iterator[pl.DataFrame]:
    """seller_id (and activity) of every seller without a link, in seller order, in batches."""
    space.con.register("linked_sellers", linked.alias("seller_id").to_frame().to_arrow())
    measures = ", a.max_risk, a.flagged_listings, a.flagged_sales_cents" if activity else ""
    joined = "LEFT JOIN activity a USING (seller_id)" if activity else ""
    reader = space.con.sql(
        f"""
        SELECT k.seller_id{measures} FROM seller_keys k {joined}
        WHERE k.seller_id NOT IN (SELECT seller_id FROM linked_sellers)
        ORDER BY k.seller_id
        """
    ).to_arrow_reader(BATCH_ROWS)
    for batch in reader:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        yield frame


def _networks_of_one(batch: pl.DataFrame, links: pl.DataFrame, intel: pl.DataFrame | None,
                     activity: bool, test_buys: pl.DataFrame | None) -> pl.DataFrame:  # fmt: skip
    measures = batch.select(ACTIVITY_COLUMNS).cast(ACTIVITY_SCHEMA) if activity else None
    alone = singletons(batch["seller_id"])
    return scored_members(alone, links.clear(), measures, intel, test_buys)


def write_members(
    space: Workspace,
    linked: pl.DataFrame,
    links: pl.DataFrame,
    intel: pl.DataFrame | None,
    out: Path,
    activity: bool,
    test_buys: pl.DataFrame | None = None,
) -> NetworkTally:
    """Write ``linked`` (scored, in seller order) and every other seller, merged, to ``out``."""
    tally = NetworkTally()
    schema: pa.Schema = linked.to_arrow().schema
    with open_writer(out, schema) as writer:

        def write(rows: pl.DataFrame) -> None:
            writer.write(rows.to_arrow())
            tally.add(rows)

        done = 0
        for batch in _alone(space, linked["seller_id"], activity):
            upto = linked["seller_id"].search_sorted(batch["seller_id"][-1], side="right")
            alone = _networks_of_one(batch, links, intel, activity, test_buys)
            write(pl.concat([linked[done:upto], alone]).sort("seller_id"))
            done = int(upto)
        write(linked[done:])
    return tally
