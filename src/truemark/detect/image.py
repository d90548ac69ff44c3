"""Image detector: a listing's photos matched against brand reference photos and known fakes.

All photo hashes of a batch are searched at once (exact PDQ radius search, flip-aware through
the reference bank's dihedral hashes) and the matches folded back per listing with numpy
(each listing's nearest match of each bank, and whether any reference match is a reuse).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.authorized import AuthorizedSellers
from truemark.detect.base import Reason, reason_table
from truemark.index.pdq import HASH_BYTES, PdqIndex, pdq_hex_to_array
from truemark.index.pdq_banks import (
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


def _photos(batch: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray]:
    """One row per well-formed photo hash (the listing's row number, its seller and the hash),
    and the hashes as (n, 32) uint8.

    Hashes of the right length are read at once; only where one of them is not hex digits
    (rare: the readers reject such rows) are they checked one by one with a pattern."""
    if "image_pdq" not in batch.columns or batch.schema["image_pdq"] == pl.Null:
        none = pl.DataFrame(schema={"row": pl.UInt32, "seller_id": pl.String, "pdq": pl.String})
        return none, np.zeros((0, HASH_BYTES), dtype=np.uint8)
    listings = batch.select(
        pl.col("seller_id").cast(pl.String),
        pl.col("image_pdq").cast(pl.List(pl.String)).alias("pdq"),
    )
    exploded = listings.with_row_index("row").explode("pdq")
    photos = exploded.filter(pl.col("pdq").str.len_bytes() == 2 * HASH_BYTES)
    try:
        return photos, pdq_hex_to_array(photos.get_column("pdq"))
    except ValueError:
        photos = photos.filter(pl.col("pdq").str.contains(PDQ_PATTERN))
        return photos, pdq_hex_to_array(photos.get_column("pdq"))


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
        self._radius = radius
        groups = {brand: tuple(sellers) for brand, sellers in authorized_sellers.items()}
        metadata = self._banks.metadata
        self._reference = (metadata.get_column("bank") == REFERENCE).to_numpy()
        self._authorized = AuthorizedSellers(groups, metadata["brand_id"].drop_nulls().to_list())
        self._brand = self._authorized.brands(metadata.get_column("brand_id"))

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

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """One row of ``image.*`` signals per listing, in batch order."""
        photos, hashes = _photos(batch)
        found = self._banks.query(hashes, self._radius)
        photo_rows = photos.get_column("row").to_numpy()
        rows, distance = photo_rows[found.query], found.distance
        reference = self._reference[found.row]
        sellers = photos.get_column("seller_id").gather(found.query[reference])
        trusted = self._authorized.authorized(self._brand[found.row[reference]], sellers)
        reuse = np.zeros(batch.height, dtype=bool)
        reuse[rows[reference][~trusted]] = True
        nearest_reference = _nearest(found.row, rows, distance, reference, batch.height)
        nearest_fake = _nearest(found.row, rows, distance, ~reference, batch.height)
        metadata = self._banks.metadata
        return pl.DataFrame(
            {
                "image.ref_brand_id": metadata["brand_id"].gather(nearest_reference.bank_row),
                "image.ref_sku": metadata["sku"].gather(nearest_reference.bank_row),
                "image.ref_distance": nearest_reference.distance,
                "image.reference_reuse": reuse,
                "image.known_fake_distance": nearest_fake.distance,
                "image.known_fake": nearest_fake.distance.is_not_null(),
                "image.known_fake_source": metadata["provenance"].gather(nearest_fake.bank_row),
                "image.photo_count": np.bincount(photo_rows, minlength=batch.height).astype(
                    np.int64
                ),
            }
        )


@dataclass(frozen=True, slots=True)
class _Nearest:
    """Per listing, the bank row and distance of its nearest match of one bank (null: none)."""

    bank_row: pl.Series
    distance: pl.Series


def _nearest(
    bank_rows: np.ndarray, rows: np.ndarray, distance: np.ndarray, keep: np.ndarray, height: int
) -> _Nearest:
    """The nearest of the ``keep`` matches of each listing; matches come ordered by photo, then
    distance, then bank row, and of equally near ones the first in that order counts."""
    rows, distance, bank_rows = rows[keep], distance[keep].astype(np.int64), bank_rows[keep]
    order = np.argsort(rows.astype(np.int64) * 256 + distance, kind="stable")
    first = order[np.r_[True, rows[order][1:] != rows[order][:-1]]] if order.size else order
    best = np.full(height, -1, dtype=np.int64)
    best[rows[first]] = first
    return _Nearest(_pick(bank_rows, best, pl.UInt32()), _pick(distance, best, pl.Int64()))


def _pick(values: np.ndarray, at: np.ndarray, dtype: pl.DataType) -> pl.Series:
    """``values[at]`` as a Series, null where ``at`` is -1."""
    if not values.size:
        return pl.Series([None] * at.size, dtype=dtype)
    return pl.Series(values[np.maximum(at, 0)], dtype=dtype).scatter(np.flatnonzero(at < 0), None)
