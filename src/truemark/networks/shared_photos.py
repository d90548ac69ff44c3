"""Shared product photos as identity evidence: the same photo in the listings of two sellers.

Photos of the brand's own catalog (reference photos) are excluded: authorized resellers share
them legitimately, so they say nothing about who runs an account.
"""

from __future__ import annotations

import polars as pl


def photo_values(listings: pl.DataFrame, excluded: frozenset[str]) -> pl.DataFrame:
    """seller_id, attribute ``image``, value (PDQ hex) for every photo hash a seller lists."""
    if "image_pdq" not in listings.columns:
        return pl.DataFrame(
            schema={"seller_id": pl.String, "attribute": pl.String, "value": pl.String}
        )
    photos = (
        listings.select(pl.col("seller_id").cast(pl.String), pl.col("image_pdq").alias("value"))
        .explode("value")
        .drop_nulls("value")
        .with_columns(pl.col("value").str.to_lowercase())
        .filter(~pl.col("value").is_in(sorted(excluded)))
        .unique()
    )
    return photos.select("seller_id", pl.lit("image").alias("attribute"), "value")
