"""Shared product photos as identity evidence: the same photo in the listings of two sellers.

Photos are compared by PDQ hash within a Hamming radius, so a re-compressed or resized copy is
still "the same photo": near-identical hashes are grouped (connected components over the exact
radius search of the PDQ index) and each group is one value. Photos of the brand's own catalog,
and copies of them, are excluded: authorized resellers share them legitimately and counterfeiters
steal them independently, so they say nothing about who runs an account.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from truemark.index.pdq import PdqIndex, pdq_hex_to_array
from truemark.networks.links import VALUE_SCHEMA

SAME_PHOTO_RADIUS = 31
QUERY_CHUNK = 65_536


def listing_photos(listings: pl.DataFrame) -> pl.DataFrame:
    """seller_id and value (a lower-case PDQ hash) of every photo a seller lists, once each."""
    return (
        listings.select(pl.col("seller_id").cast(pl.String), pl.col("image_pdq").alias("value"))
        .explode("value")
        .drop_nulls("value")
        .with_columns(pl.col("value").str.to_lowercase())
        .unique()
    )


def _near_duplicates(index: PdqIndex, hashes: np.ndarray, radius: int) -> np.ndarray:
    """(2, m) positions of every pair of ``hashes`` within ``radius`` of each other (in the index),
    queried a chunk at a time so the matches of one chunk are all that is held at once."""
    pairs = [np.zeros((2, 0), dtype=np.int64)]
    for start in range(0, len(hashes), QUERY_CHUNK):
        matches = index.query(hashes[start : start + QUERY_CHUNK], radius)
        pairs.append(np.stack([matches.query + start, matches.row.astype(np.int64)]))
    return np.concatenate(pairs, axis=1)


def photo_groups(
    hashes: np.ndarray, references: PdqIndex | None = None, radius: int = SAME_PHOTO_RADIUS
) -> np.ndarray:
    """For each of the distinct, sorted ``hashes`` ((n, 32) uint8), the position of its group:
    the smallest hash among its near-duplicates; -1 for a copy of a reference photo."""
    group = np.full(len(hashes), -1, dtype=np.int64)
    keep = np.ones(len(hashes), dtype=bool)
    if references is not None and len(references) and len(hashes):
        keep[np.unique(_near_duplicates(references, hashes, radius)[0])] = False
    kept = np.flatnonzero(keep)
    if kept.size == 0:
        return group
    pairs = _near_duplicates(PdqIndex.build(hashes[kept]), hashes[kept], radius)
    graph = coo_matrix(
        (np.ones(pairs.shape[1], dtype=np.int8), (pairs[0], pairs[1])),
        shape=(kept.size, kept.size),
    )
    _, labels = connected_components(graph, directed=False)
    smallest = np.full(labels.max() + 1, kept.size, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(kept.size))
    group[kept] = kept[smallest[labels]]
    return group


def photo_values(
    listings: pl.DataFrame,
    references: PdqIndex | None = None,
    radius: int = SAME_PHOTO_RADIUS,
) -> pl.DataFrame:
    """seller_id, attribute ``image``, value (a photo group) for every photo a seller lists."""
    if "image_pdq" not in listings.columns:
        return pl.DataFrame(schema=VALUE_SCHEMA)
    photos = listing_photos(listings)
    distinct = photos["value"].unique().sort()
    if distinct.len() == 0:
        return pl.DataFrame(schema=VALUE_SCHEMA)
    group = photo_groups(pdq_hex_to_array(distinct), references, radius)
    kept = group >= 0
    groups = pl.DataFrame({"value": distinct.filter(kept), "group": distinct.gather(group[kept])})
    grouped = photos.join(groups, on="value")
    return grouped.select(
        "seller_id", pl.lit("image").alias("attribute"), pl.col("group").alias("value")
    ).unique()
