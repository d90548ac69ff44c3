"""Where a pack's listings and photos come from: the database's listing snapshots, or the
listings file itself (full rows, photos beside it), plus the catalog and known fakes to match."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from truemark.io import read_listings

LISTING_COLUMNS: dict[str, pl.DataType] = {
    "listing_id": pl.String(),
    "seller_id": pl.String(),
    "title": pl.String(),
    "description": pl.String(),
    "price": pl.Float64(),
    "currency": pl.String(),
    "category": pl.String(),
    "ship_from": pl.String(),
    "quantity_sold": pl.Int64(),
    "created_at": pl.String(),
    "images": pl.List(pl.String()),
    "status": pl.String(),
}


@dataclass(frozen=True, slots=True)
class PackSources:
    """Files that enrich a pack; every one is optional."""

    listings: Path | None = None  # the listings file (spec §2); its photos are relative to it
    catalog: Path | None = None  # brand reference photos and fx rates
    known_fakes: Path | None = None  # table of known-fake photos (pdq, provenance = photo path)


def conform(listings: pl.DataFrame) -> pl.DataFrame:
    """The pack's listing columns, in order, missing ones null."""
    frame = listings
    for name, dtype in LISTING_COLUMNS.items():
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype).alias(name))
    return frame.select(pl.col(name).cast(dtype) for name, dtype in LISTING_COLUMNS.items())


def listings_from_file(path: Path, seller_ids: tuple[str, ...]) -> pl.DataFrame:
    """The referred sellers' listings from a listings file (validated by truemark.io)."""
    wanted = pl.Series(seller_ids, dtype=pl.String).implode()
    frames = []
    for batch in read_listings(path):
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        frame = frame.with_columns(pl.col("seller_id").cast(pl.String))
        if "created_at" in frame.columns:
            frame = frame.with_columns(pl.col("created_at").cast(pl.String))
        frames.append(conform(frame.filter(pl.col("seller_id").is_in(wanted))))
    return pl.concat(frames) if frames else conform(pl.DataFrame())


def photo_root(sources: PackSources) -> Path | None:
    """The folder listing photo paths are relative to."""
    return sources.listings.parent if sources.listings is not None else None
