"""Listing photos beside the photos they match: brand reference photos (a store reusing the
brand's own pictures) and photos of known fakes, by PDQ hash within the detector's radius.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from truemark.catalog import Catalog
from truemark.detect.image import DEFAULT_RADIUS
from truemark.errors import InputError
from truemark.index.pdq import PdqIndex
from truemark.index.pdq_banks import load_known_fakes, merge_banks, reference_bank
from truemark.io.images import pdq_hash_file

MATCH_SCHEMA = {
    "listing_id": pl.String,
    "listing_photo": pl.String,
    "bank": pl.String,
    "brand_id": pl.String,
    "sku": pl.String,
    "matched_photo": pl.String,
    "distance": pl.Int64,
}


@dataclass(frozen=True, slots=True)
class PhotoFile:
    """A file to put into the pack: its path inside the ZIP and where it is read from."""

    arcname: str
    source: Path


def listing_photos(listings: pl.DataFrame, root: Path | None) -> pl.DataFrame:
    """One row per readable listing photo: listing_id, arcname, path, pdq."""
    rows: list[dict[str, object]] = []
    if root is None:
        return pl.DataFrame(
            schema={
                "listing_id": pl.String,
                "arcname": pl.String,
                "path": pl.String,
                "pdq": pl.String,
            }
        )
    photos = listings.select("listing_id", "images").explode("images").drop_nulls("images")
    for number, (listing_id, image) in enumerate(photos.iter_rows()):
        path = (root / image).resolve()
        try:
            pdq, _quality = pdq_hash_file(path)
        except InputError:
            continue  # a photo that is gone or unreadable is reported as missing, not packed
        suffix = path.suffix.lower() or ".img"
        arcname = f"photos/{listing_id}/listing-{number + 1}{suffix}"
        rows.append({"listing_id": listing_id, "arcname": arcname, "path": str(path), "pdq": pdq})
    return pl.DataFrame(
        rows,
        schema={"listing_id": pl.String, "arcname": pl.String, "path": pl.String, "pdq": pl.String},
    )


def photo_banks(catalog: Catalog | None, known_fakes: Path | None) -> PdqIndex | None:
    """Reference photos of the catalog and known fakes in one index (None when neither)."""
    if catalog is None and known_fakes is None:
        return None
    reference = reference_bank(catalog) if catalog is not None else PdqIndex.build([])
    fakes = load_known_fakes(known_fakes) if known_fakes is not None else PdqIndex.build([])
    return merge_banks(reference, fakes)


def photo_matches(photos: pl.DataFrame, banks: PdqIndex | None) -> pl.DataFrame:
    """The closest bank photo of every listing photo that matches one."""
    if banks is None or photos.is_empty() or len(banks) == 0:
        return pl.DataFrame(schema=MATCH_SCHEMA)
    found = banks.query_frame(photos["pdq"], DEFAULT_RADIUS)
    if found.is_empty():
        return pl.DataFrame(schema=MATCH_SCHEMA)
    numbered = photos.with_row_index("query").with_columns(pl.col("query").cast(pl.Int64))
    best = (
        found.with_columns(pl.col("query").cast(pl.Int64))
        .sort("query", "distance")
        .unique("query", keep="first", maintain_order=True)
    )
    return best.join(numbered, on="query").select(
        "listing_id",
        pl.col("arcname").alias("listing_photo"),
        "bank",
        "brand_id",
        "sku",
        pl.col("provenance").alias("matched_photo"),
        pl.col("distance").cast(pl.Int64),
    )


def match_files(
    matches: pl.DataFrame, known_fakes: Path | None
) -> tuple[pl.DataFrame, list[PhotoFile]]:
    """Matched photos that are files, copied next to the listing photo they match."""
    files: list[PhotoFile] = []
    arcnames: list[str | None] = []
    base = known_fakes.parent if known_fakes is not None else Path.cwd()
    for number, row in enumerate(matches.iter_rows(named=True)):
        source = Path(row["matched_photo"] or "")
        source = source if source.is_absolute() else base / source
        if not row["matched_photo"] or not source.is_file():
            arcnames.append(None)
            continue
        folder = row["listing_photo"].rsplit("/", 1)[0]
        arcname = f"{folder}/match-{number + 1}-{row['bank']}{source.suffix.lower()}"
        files.append(PhotoFile(arcname, source))
        arcnames.append(arcname)
    return matches.with_columns(pl.Series("matched_file", arcnames, dtype=pl.String)), files
