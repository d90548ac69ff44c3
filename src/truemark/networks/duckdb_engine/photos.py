"""Shared photos in SQL: the distinct hashes are grouped in memory, the sellers' photos not.

The near-duplicate search needs every distinct hash at hand (32 bytes each, plus the index:
about 400 bytes per distinct photo). The listings' photos (one row per seller and photo) stay
in DuckDB and are mapped to their groups there.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.index.pdq import HASH_BYTES, PdqIndex, pdq_hex_to_array
from truemark.networks.duckdb_engine.workspace import Workspace
from truemark.networks.shared_photos import SAME_PHOTO_RADIUS, photo_groups

FETCH_ROWS = 1 << 18


def _distinct_hashes(space: Workspace) -> np.ndarray:
    """Table ``photo_hashes`` (value, position in sorted order) and those hashes as (n, 32)."""
    space.con.execute(
        f"""
        CREATE TABLE photo_hashes AS
        SELECT value, row_number() OVER (ORDER BY value) - 1 AS position
        FROM (SELECT DISTINCT value FROM {space.parquet("photos")})
        """
    )
    reader = space.con.sql("SELECT value FROM photo_hashes ORDER BY position").fetch_record_batch(
        FETCH_ROWS
    )
    parts = [pdq_hex_to_array(pl.Series("pdq", batch.column(0))) for batch in reader]
    return np.concatenate(parts) if parts else np.zeros((0, HASH_BYTES), dtype=np.uint8)


def store_image_values(space: Workspace, references: PdqIndex | None) -> None:
    """Table ``image_values``: seller_id and value (its photo group) of every photo listed,
    copies of the reference photos left out."""
    hashes = _distinct_hashes(space)
    group = photo_groups(hashes, references, SAME_PHOTO_RADIUS)
    kept = np.flatnonzero(group >= 0)
    space.con.register("photo_group_of", pa.table({"position": kept, "photo_group": group[kept]}))
    space.con.execute(
        f"""
        CREATE TABLE image_values AS
        SELECT DISTINCT p.seller_id, g.value
        FROM {space.parquet("photos")} p
        JOIN photo_hashes h USING (value)
        JOIN photo_group_of m ON m.position = h.position
        JOIN photo_hashes g ON g.position = m.photo_group
        """
    )
