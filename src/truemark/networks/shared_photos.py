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

from truemark.index.pdq import PdqIndex
from truemark.networks.links import VALUE_SCHEMA

SAME_PHOTO_RADIUS = 31


def _listing_photos(listings: pl.DataFrame) -> pl.DataFrame:
    return (
        listings.select(pl.col("seller_id").cast(pl.String), pl.col("image_pdq").alias("value"))
        .explode("value")
        .drop_nulls("value")
        .with_columns(pl.col("value").str.to_lowercase())
        .unique()
    )


def _photo_groups(distinct: pl.Series, radius: int) -> pl.DataFrame:
    """Each distinct hash and its group: the smallest hash among its near-duplicates."""
    index = PdqIndex.build(distinct.to_list())
    matches = index.query(distinct.to_list(), radius)
    size = distinct.len()
    graph = coo_matrix(
        (np.ones(matches.query.size, dtype=np.int8), (matches.query, matches.row)),
        shape=(size, size),
    )
    _, labels = connected_components(graph, directed=False)
    groups = pl.DataFrame({"value": distinct, "label": labels})
    return groups.with_columns(pl.col("value").min().over("label").alias("group")).drop("label")


def photo_values(
    listings: pl.DataFrame,
    references: PdqIndex | None = None,
    radius: int = SAME_PHOTO_RADIUS,
) -> pl.DataFrame:
    """seller_id, attribute ``image``, value (a photo group) for every photo a seller lists."""
    if "image_pdq" not in listings.columns:
        return pl.DataFrame(schema=VALUE_SCHEMA)
    photos = _listing_photos(listings)
    distinct = photos["value"].unique().sort()
    if references is not None and len(references) and distinct.len():
        stolen = np.unique(references.query(distinct.to_list(), radius).query)
        keep = np.ones(distinct.len(), dtype=bool)
        keep[stolen] = False
        distinct = distinct.filter(pl.Series(keep))
    if distinct.len() == 0:
        return pl.DataFrame(schema=VALUE_SCHEMA)
    grouped = photos.join(_photo_groups(distinct, radius), on="value")
    return grouped.select(
        "seller_id", pl.lit("image").alias("attribute"), pl.col("group").alias("value")
    ).unique()
