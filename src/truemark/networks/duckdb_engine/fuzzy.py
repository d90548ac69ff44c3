"""Fuzzy evidence on the run's own DuckDB database: splink trains and predicts in SQL there.

The comparison table is built in SQL from the staged keys (blocking keys too common to block on
blanked, as :func:`truemark.networks.fuzzy._fuzzy_frame` does) in the sellers' input order, and
splink works on it under the same memory limit; only the pairs it keeps come back.
"""

from __future__ import annotations

import polars as pl
from splink import DuckDBAPI

from truemark.networks.duckdb_engine.workspace import Workspace
from truemark.networks.fuzzy import BLOCKS, FuzzyPolicy, fuzzy_pairs
from truemark.networks.links import EDGE_SCHEMA


def _blanked(column: str, limit: int) -> str:
    return (
        f"CASE WHEN count({column}) OVER (PARTITION BY {column}) > {int(limit)} "
        f"THEN NULL ELSE {column} END AS {column}"
    )


def _store_comparison_table(space: Workspace, policy: FuzzyPolicy) -> None:
    blocks = ", ".join(_blanked(column, policy.block_limit) for column in BLOCKS)
    space.con.execute("SET preserve_insertion_order = true")
    try:
        space.con.execute(
            f"""
            CREATE TABLE fuzzy_sellers AS
            SELECT seller_id, store_name, address, email_local, ip, address_block, email_block
            FROM (
                SELECT row, seller_id, store_name, address_text AS address, email_local, {blocks}
                FROM seller_keys
            )
            ORDER BY row
            """
        )
    finally:
        space.con.execute("SET preserve_insertion_order = false")


def _blocked_pairs(space: Workspace) -> dict[str, int]:
    """How many pairs blocking on each column compares."""
    blocked = {}
    for column in BLOCKS:
        found = space.con.execute(
            f"""
            SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (
                SELECT count(*) AS n FROM fuzzy_sellers WHERE {column} IS NOT NULL
                GROUP BY {column}
            )
            """
        ).fetchall()
        blocked[column] = int(found[0][0])
    return blocked


def fuzzy_evidence(space: Workspace, sellers: int, policy: FuzzyPolicy) -> pl.DataFrame:
    """Pairs of sellers with fuzzy evidence (attribute ``fuzzy``), as exact evidence has it."""
    if sellers < policy.min_sellers:
        return pl.DataFrame(schema=EDGE_SCHEMA)
    _store_comparison_table(space, policy)
    db_api = DuckDBAPI(connection=space.con)
    table = db_api.register("fuzzy_sellers")
    return fuzzy_pairs(db_api, table, sellers, _blocked_pairs(space), policy)
