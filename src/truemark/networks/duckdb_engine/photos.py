"""Shared photos with a bounded index: the distinct hashes stay in DuckDB, searched by slices.

The distinct hashes are numbered in DuckDB (their row ids). Those near a reference photo are set
aside, then the rest are searched for near-duplicates a slice at a time: a PDQ index over one
slice (about 600 bytes per hash while it is built), every later hash streamed past it. Only
the near-duplicate pairs found are held (16 bytes each); their connected components give each
photo its group (the smallest hash among its near-duplicates), as :func:`photo_groups` does in
memory.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from truemark.index.pdq import PdqIndex, pdq_hex_to_array
from truemark.networks.duckdb_engine.workspace import Workspace
from truemark.networks.shared_photos import SAME_PHOTO_RADIUS

FETCH_ROWS = 1 << 16
INDEX_BYTES_PER_HASH = 600


def _hashes(space: Workspace, table: str, first: int = 0, last: int | None = None
            ) -> Iterator[tuple[np.ndarray, np.ndarray]]:  # fmt: skip
    """(row ids, (k, 32) hashes) of the rows ``first`` <= rowid < ``last`` of ``table``."""
    until = "" if last is None else f"AND rowid < {int(last)}"
    reader = space.con.sql(
        f"SELECT rowid, value FROM {table} WHERE rowid >= {int(first)} {until}"
    ).to_arrow_reader(FETCH_ROWS)
    for batch in reader:
        rows = batch.column(0).to_numpy()
        yield rows, pdq_hex_to_array(pl.Series("pdq", batch.column(1)))


def _number_photos(space: Workspace, references: PdqIndex | None) -> int:
    """Tables ``photo_hashes`` (each distinct hash) and ``kept_photos`` (those not near a
    reference photo; a photo's row id there is its number); how many are kept."""
    space.con.execute(
        f"CREATE TABLE photo_hashes AS SELECT DISTINCT value FROM {space.parquet('photos')}"
    )
    stolen = [np.zeros(0, dtype=np.int64)]
    if references is not None and len(references):
        for rows, hashes in _hashes(space, "photo_hashes"):
            stolen.append(rows[np.unique(references.query(hashes, SAME_PHOTO_RADIUS).query)])
    space.con.register("stolen_photos", pa.table({"row": np.concatenate(stolen)}))
    space.con.execute(
        "CREATE TABLE kept_photos AS SELECT value FROM photo_hashes "
        "WHERE rowid NOT IN (SELECT row FROM stolen_photos)"
    )
    return int(space.con.execute("SELECT count(*) FROM kept_photos").fetchall()[0][0])


def _near_pairs(space: Workspace, kept: int, slice_rows: int) -> np.ndarray:
    """(2, m) numbers of the kept photos within the radius of each other (each pair once:
    the later photo first), searched slice by slice."""
    pairs = [np.zeros((2, 0), dtype=np.int64)]
    for first in range(0, kept, slice_rows):
        sliced = list(_hashes(space, "kept_photos", first, first + slice_rows))
        numbers = np.concatenate([rows for rows, _ in sliced])
        index = PdqIndex.build(np.concatenate([hashes for _, hashes in sliced]))
        del sliced
        for rows, hashes in _hashes(space, "kept_photos", first):
            matches = index.query(hashes, SAME_PHOTO_RADIUS)
            found = np.stack([rows[matches.query], numbers[matches.row]])
            pairs.append(found[:, found[0] > found[1]])
        del index
    return np.concatenate(pairs, axis=1)


def _components(pairs: np.ndarray, kept: int) -> pa.Table:
    """number -> component of every kept photo with a near-duplicate."""
    if pairs.shape[1] == 0:
        return pa.table({"number": pairs[0], "component": pairs[1]})
    graph = coo_matrix(
        (np.ones(pairs.shape[1], dtype=np.int8), (pairs[0], pairs[1])), shape=(kept, kept)
    )
    labels = connected_components(graph, directed=False)[1]
    paired = np.unique(pairs)
    return pa.table({"number": paired, "component": labels[paired].astype(np.int64)})


def store_image_values(space: Workspace, references: PdqIndex | None, index_bytes: int) -> None:
    """Table ``image_values``: seller_id and value (its photo group: the smallest hash among
    its near-duplicates) of every photo listed, copies of the reference photos left out; the
    index of a slice takes about ``index_bytes``."""
    kept = _number_photos(space, references)
    slice_rows = max(FETCH_ROWS, index_bytes // INDEX_BYTES_PER_HASH)
    space.con.register("photo_components", _components(_near_pairs(space, kept, slice_rows), kept))
    space.con.execute(
        f"""
        CREATE TABLE photo_group_of AS
        SELECT c.number, min(k.value) OVER (PARTITION BY c.component) AS photo_group
        FROM photo_components c JOIN (SELECT rowid AS number, value FROM kept_photos) k
        USING (number);
        CREATE TABLE image_values AS
        SELECT DISTINCT p.seller_id, coalesce(g.photo_group, k.value) AS value
        FROM {space.parquet("photos")} p
        JOIN (SELECT rowid AS number, value FROM kept_photos) k USING (value)
        LEFT JOIN photo_group_of g USING (number);
        """
    )
