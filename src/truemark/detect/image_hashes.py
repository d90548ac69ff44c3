"""Hash listing photos into ``image_pdq`` before the image detector runs (it reads hashes only)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from truemark.io.images import pdq_hash_file


def hash_listing_images(paths: list[Path]) -> list[str]:
    """PDQ hex hash of each photo, in order; InputError naming the first missing or broken path."""
    return [pdq_hash_file(path)[0] for path in paths]


def fill_image_pdq(batch: pl.DataFrame, base: Path) -> pl.DataFrame:
    """``batch`` with ``image_pdq`` computed from ``images`` (relative to ``base``) where absent.

    Listings that already carry hashes keep them; decoding photos is the slow part of a scan,
    so only listings with photos and no hashes are read.
    """
    if "images" not in batch.columns:
        return batch
    given = (
        (pl.col("image_pdq").list.len().fill_null(0) > 0)
        if "image_pdq" in batch.columns
        else pl.lit(False)
    )
    missing = batch.with_row_index("row").filter(~given & (pl.col("images").list.len() > 0))
    if missing.height == 0:
        return batch
    hashed = [
        hash_listing_images([base / name for name in names])
        for names in missing["images"].to_list()
    ]
    filled = pl.DataFrame(
        {"row": missing["row"], "hashed": hashed},
        schema={"row": pl.UInt32, "hashed": pl.List(pl.String)},
    )
    merged = batch.with_row_index("row").join(filled, on="row", how="left", maintain_order="left")
    current = pl.col("image_pdq") if "image_pdq" in batch.columns else pl.lit(None)
    image_pdq = pl.coalesce(pl.col("hashed"), current.cast(pl.List(pl.String)))
    return merged.with_columns(image_pdq.alias("image_pdq")).drop("row", "hashed")
