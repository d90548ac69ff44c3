"""Exact evidence in SQL: shared values, their rarity, the pairs they tie, the linked pairs.

The same rules as :mod:`truemark.networks.links`, over tables that may not fit in memory. The
bits of each piece are computed once more in polars, by the same expression, for the pairs
whose evidence adds up to a link: those pieces are all that leaves the database.
"""

from __future__ import annotations

import polars as pl

from truemark.networks.duckdb_engine.workspace import Workspace
from truemark.networks.links import EDGE_SCHEMA, LinkPolicy, piece_bits, rule_table

# a pair within this many bits of the threshold (by DuckDB's arithmetic) is summed again in
# polars, where the last bit of the in-memory engine's arithmetic decides
SUM_SLACK = 1e-6


def store_values(space: Workspace, attributes: list[str], images: bool) -> None:
    """Table ``identity_values``: seller_id, attribute, value, each distinct triple once.

    Already distinct without a DISTINCT (which would hold every value in a hash table): seller
    ids are unique once validated, each seller has one value per attribute, and the photo values
    are distinct by construction."""
    columns = ", ".join(attributes)
    photos = "UNION ALL SELECT seller_id, 'image', value FROM image_values" if images else ""
    space.con.execute(
        f"""
        CREATE TABLE identity_values AS
        SELECT seller_id, attribute, value FROM (
            UNPIVOT (SELECT seller_id, {columns} FROM seller_keys)
            ON {columns} INTO NAME attribute VALUE value
        )
        {photos}
        """
    )


def store_pieces(space: Workspace, policy: LinkPolicy) -> None:
    """Tables ``shared_values`` (every value with its sharers and rule) and ``pieces``: one row
    per pair of sellers (seller_a < seller_b) sharing a value that is rare enough."""
    space.con.register("evidence_rules", rule_table(policy).to_arrow())
    space.con.execute(
        """
        CREATE TABLE shared_values AS
        SELECT v.attribute, v.value, count(*) AS sharers, r.base_bits, r.common_limit
        FROM identity_values v JOIN evidence_rules r USING (attribute)
        GROUP BY v.attribute, v.value, r.base_bits, r.common_limit
        """
    )
    space.con.execute(
        """
        CREATE TABLE pieces AS
        WITH evidence_values AS (
            SELECT v.seller_id, v.attribute, v.value, s.sharers, s.base_bits
            FROM identity_values v JOIN shared_values s USING (attribute, value)
            WHERE s.sharers >= 2 AND s.sharers <= s.common_limit
        )
        SELECT a.seller_id AS seller_a, b.seller_id AS seller_b, a.attribute, a.value,
               a.sharers, a.base_bits, CAST(NULL AS DOUBLE) AS bits
        FROM evidence_values a JOIN evidence_values b USING (attribute, value)
        WHERE a.seller_id < b.seller_id
        """
    )


def add_fuzzy_pieces(space: Workspace, fuzzy: pl.DataFrame) -> None:
    """Add splink's pieces to ``pieces``, but not for pairs whose addresses match exactly."""
    space.con.register("fuzzy_found", fuzzy.to_arrow())
    space.con.execute(
        """
        INSERT INTO pieces
        SELECT f.seller_a, f.seller_b, f.attribute, f.value, NULL, NULL, f.bits
        FROM fuzzy_found f
        WHERE NOT EXISTS (
            SELECT 1 FROM pieces p
            WHERE p.attribute = 'address' AND p.seller_a = f.seller_a AND p.seller_b = f.seller_b
        )
        """
    )


def linked_pieces(space: Workspace, policy: LinkPolicy) -> pl.DataFrame:
    """The pieces of every pair whose evidence reaches the link threshold (EDGE_SCHEMA)."""
    found = space.con.sql(
        """
        WITH linked AS (
            SELECT seller_a, seller_b FROM pieces
            GROUP BY seller_a, seller_b
            HAVING sum(coalesce(bits, base_bits - log2(sharers))) >= ?
        )
        SELECT p.* FROM pieces p SEMI JOIN linked USING (seller_a, seller_b)
        """,
        params=[policy.link_bits - SUM_SLACK],
    ).pl()
    bits = pl.coalesce(pl.col("bits"), piece_bits())
    return found.select("seller_a", "seller_b", "attribute", "value", bits.alias("bits")).cast(
        EDGE_SCHEMA
    )


def common_values(space: Workspace) -> pl.DataFrame:
    """Values too common to be evidence: attribute, value, how many sellers share it."""
    found = space.con.sql(
        """
        SELECT attribute, value, sharers FROM shared_values WHERE sharers > common_limit
        ORDER BY sharers DESC, attribute, value
        """
    ).pl()
    return found.cast({"attribute": pl.String, "value": pl.String, "sharers": pl.UInt32})
