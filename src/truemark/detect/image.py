"""Image detector: a listing's photos matched against brand reference photos and known fakes.

All photo hashes of a batch are searched at once (exact PDQ radius search, flip-aware through
the reference bank's dihedral hashes) and the matches folded back per listing with polars.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from truemark.catalog import Catalog
from truemark.detect.base import Reason, reason_table
from truemark.index.pdq import PdqIndex, pdq_hex_to_array
from truemark.index.pdq_banks import (
    KNOWN_FAKE,
    REFERENCE,
    known_fake_bank,
    load_known_fakes,
    merge_banks,
    reference_bank,
)

DEFAULT_RADIUS = 31
PDQ_PATTERN = r"^[0-9a-fA-F]{64}$"

REASONS: Mapping[str, Reason] = reason_table(
    Reason(
        "image.reference_reuse",
        "a photo is the brand's own reference photo, used by a seller the brand has not authorized",
    ),
    Reason("image.known_fake", "a photo matches one seen on a confirmed counterfeit listing"),
)


def _authorized_pairs(authorized_sellers: Mapping[str, Iterable[str]]) -> pl.DataFrame:
    pairs = [(brand, seller) for brand, sellers in authorized_sellers.items() for seller in sellers]
    frame = pl.DataFrame(
        pairs, schema={"brand_id": pl.String, "seller_id": pl.String}, orient="row"
    )
    return frame.unique().with_columns(pl.lit(True).alias("authorized"))


def _photos(batch: pl.DataFrame) -> pl.DataFrame:
    """One row per well-formed photo hash: the listing's row number, its seller and the hash."""
    if "image_pdq" not in batch.columns or batch.schema["image_pdq"] == pl.Null:
        return pl.DataFrame(schema={"row": pl.UInt32, "seller_id": pl.String, "pdq": pl.String})
    listings = batch.select(
        pl.col("seller_id").cast(pl.String),
        pl.col("image_pdq").cast(pl.List(pl.String)).alias("pdq"),
    )
    exploded = listings.with_row_index("row").explode("pdq")
    return exploded.filter(pl.col("pdq").str.contains(PDQ_PATTERN).fill_null(False))


class ImageDetector:
    """Signals ``image.*`` for each listing, from its ``image_pdq`` hashes (64 hex characters):

    - ``ref_brand_id``, ``ref_sku``, ``ref_distance``: the nearest brand reference photo within
      the radius, in any of its 8 orientations (null when none);
    - ``reference_reuse``: a reference photo of a brand matched and the seller is not among that
      brand's authorized sellers;
    - ``known_fake_distance``, ``known_fake_source``, ``known_fake``: the nearest known fake
      within the radius and its provenance;
    - ``photo_count``: well-formed hashes examined (malformed ones are left to input checks).

    Listings with photo files but no hashes go through ``fill_image_pdq`` first.
    """

    name = "image"
    needs = ("seller_id", "image_pdq", "images")
    reasons = REASONS

    def __init__(
        self,
        reference: PdqIndex,
        known_fakes: PdqIndex,
        authorized_sellers: Mapping[str, Iterable[str]],
        radius: int = DEFAULT_RADIUS,
    ) -> None:
        self._banks = merge_banks(reference, known_fakes)
        self._authorized = _authorized_pairs(authorized_sellers)
        self._radius = radius

    @classmethod
    def from_catalog(
        cls,
        catalog: Catalog,
        known_fakes: PdqIndex | Path | None = None,
        radius: int = DEFAULT_RADIUS,
    ) -> ImageDetector:
        """Reference bank from the catalog's product photos; known fakes as an index, a file for
        :func:`load_known_fakes`, or none."""
        if isinstance(known_fakes, Path):
            known_fakes = load_known_fakes(known_fakes)
        fakes = known_fakes if known_fakes is not None else known_fake_bank([], [])
        sellers = {brand.id: brand.authorized_sellers for brand in catalog.brands}
        return cls(reference_bank(catalog), fakes, sellers, radius)

    def _matches(self, photos: pl.DataFrame) -> pl.DataFrame:
        """Every (photo, stored hash) pair within the radius, with the photo's row and seller."""
        found = self._banks.query_frame(pdq_hex_to_array(photos["pdq"]), self._radius)
        located = photos.select("row", "seller_id")[found["query"]]
        return pl.concat([located, found.drop("query")], how="horizontal")

    def _reference_signals(self, matches: pl.DataFrame) -> pl.DataFrame:
        authorized = matches.filter(pl.col("bank") == REFERENCE).join(
            self._authorized, on=["brand_id", "seller_id"], how="left"
        )
        nearest = pl.col("distance").arg_min()
        return authorized.group_by("row").agg(
            pl.col("brand_id").get(nearest).alias("image.ref_brand_id"),
            pl.col("sku").get(nearest).alias("image.ref_sku"),
            pl.col("distance").min().alias("image.ref_distance"),
            pl.col("authorized").is_null().any().alias("image.reference_reuse"),
        )

    def _known_fake_signals(self, matches: pl.DataFrame) -> pl.DataFrame:
        nearest = pl.col("distance").arg_min()
        return (
            matches.filter(pl.col("bank") == KNOWN_FAKE)
            .group_by("row")
            .agg(
                pl.col("distance").min().alias("image.known_fake_distance"),
                pl.col("provenance").get(nearest).alias("image.known_fake_source"),
            )
        )

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """One row of ``image.*`` signals per listing, in batch order."""
        photos = _photos(batch)
        matches = self._matches(photos)
        counts = photos.group_by("row").agg(pl.len().cast(pl.Int64).alias("image.photo_count"))
        reference = self._reference_signals(matches)
        known_fakes = self._known_fake_signals(matches)
        rows = pl.DataFrame({"row": pl.int_range(batch.height, dtype=pl.UInt32, eager=True)})
        for part in (counts, reference, known_fakes):
            rows = rows.join(part, on="row", how="left", maintain_order="left")
        return rows.select(
            pl.col("image.ref_brand_id", "image.ref_sku"),
            pl.col("image.ref_distance").cast(pl.Int64),
            pl.col("image.reference_reuse").fill_null(False),
            pl.col("image.known_fake_distance").cast(pl.Int64),
            pl.col("image.known_fake_distance").is_not_null().alias("image.known_fake"),
            pl.col("image.known_fake_source"),
            pl.col("image.photo_count").fill_null(0),
        )
