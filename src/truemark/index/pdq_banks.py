"""The two PDQ banks the image detector searches: brand reference photos and known fakes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import orjson
import polars as pl

from truemark.cache import cached
from truemark.catalog import Catalog
from truemark.errors import InputError, ValidationError
from truemark.index.pdq import PdqIndex
from truemark.index.pdq_edits import edited_hashes
from truemark.io.bank_files import row_problems
from truemark.io.images import load_rgb, pdq_dihedral_hashes

REFERENCE = "reference"
KNOWN_FAKE = "known_fake"
BANK_COLUMNS = ("brand_id", "sku", "source", "provenance", "variant")
# pdqhash.compute_dihedral order: the photo, its rotations, then its mirror images
DIHEDRAL_VARIANTS = (
    "original",
    "rotate90",
    "rotate180",
    "rotate270",
    "flip_x",
    "flip_y",
    "flip_plus1",
    "flip_minus1",
)


Photo = tuple[Path, str | None, str | None, str, str]  # path, brand_id, sku, source, provenance


def _dihedral_bank(photos: Sequence[Photo], edits: bool = False) -> PdqIndex:
    """The 8 dihedral PDQ hashes of each photo (and with ``edits`` its edited copies, see
    :mod:`truemark.index.pdq_edits`), tagged with its metadata; id = photo number."""
    hashes: list[str] = []
    ids: list[int] = []
    rows: dict[str, list[str | None]] = {column: [] for column in BANK_COLUMNS}
    for number, (path, *tags) in enumerate(photos):
        rgb = load_rgb(path)
        variants = list(zip(DIHEDRAL_VARIANTS, pdq_dihedral_hashes(rgb), strict=True))
        variants += edited_hashes(rgb) if edits else []
        hashes += [digest for _, digest in variants]
        ids += [number] * len(variants)
        for column, value in zip(BANK_COLUMNS[:4], tags, strict=True):
            rows[column] += [value] * len(variants)
        rows["variant"] += [name for name, _ in variants]
    return PdqIndex.build(hashes, rows, np.array(ids, dtype=np.int64))


def reference_bank(catalog: Catalog) -> PdqIndex:
    """Every product photo of the catalog as its 8 dihedral PDQ hashes (mirrors and rotations)
    and 83 edited copies (crops, slight turns: :mod:`truemark.index.pdq_edits`).

    Each hash carries the photo's number as id and brand_id, sku, source "reference", the image
    path as provenance and the variant; an unreadable image is an InputError naming it. Hashing
    the edits takes ~36 ms a photo: the bank is kept in the build cache (:mod:`truemark.cache`)
    under the photos' content, so a catalog's bank is hashed once.
    """
    photos: list[Photo] = [
        (path, brand.id, product.sku, REFERENCE, str(path))
        for brand, product in catalog.products()
        for path in product.images
    ]
    return cached(
        "pdq-reference-bank",
        _photos_digest(photos),
        lambda: _dihedral_bank(photos, edits=True),
        code=__name__,
    )


def _photos_digest(photos: Sequence[Photo]) -> bytes:
    """What a bank of ``photos`` depends on: each one's tags and file content (an unreadable
    file digests as such; building the bank then reports it)."""
    digest = hashlib.sha256()
    for path, *tags in photos:
        digest.update(orjson.dumps([str(path), *tags]))
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as error:
            digest.update(f"unreadable: {error}".encode())
    return digest.digest()


def known_fake_photo_bank(
    paths: Sequence[Path],
    provenance: Sequence[str],
    brand_ids: Sequence[str | None] | None = None,
) -> PdqIndex:
    """Known fakes from their photo files, as 8 dihedral hashes each: a mirrored or rotated
    repost of a known fake still matches (a bank of bare hashes matches only as seen)."""
    if len(provenance) != len(paths) or (brand_ids is not None and len(brand_ids) != len(paths)):
        raise ValueError("known_fake_photo_bank needs one provenance (and brand id) per photo")
    brands = brand_ids if brand_ids is not None else [None] * len(paths)
    return _dihedral_bank(
        [
            (path, brand, None, KNOWN_FAKE, origin)
            for path, brand, origin in zip(paths, brands, provenance, strict=True)
        ]
    )


def known_fake_bank(
    hashes: Sequence[str],
    provenance: Sequence[str | None],
    brand_ids: Sequence[str | None] | None = None,
) -> PdqIndex:
    """Hashes of photos seen on confirmed counterfeit listings, each with where it came from.

    ``provenance`` says where each hash was observed (a case, a listing, an alliance feed);
    the hashes are stored as given, so they match the photo in the orientation it was seen.
    """
    if len(provenance) != len(hashes) or (brand_ids is not None and len(brand_ids) != len(hashes)):
        raise ValueError("known_fake_bank needs one provenance (and brand id) per hash")
    rows: dict[str, Sequence[str | None]] = {
        "brand_id": brand_ids if brand_ids is not None else [None] * len(hashes),
        "sku": [None] * len(hashes),
        "source": [KNOWN_FAKE] * len(hashes),
        "provenance": provenance,
        "variant": ["original"] * len(hashes),
    }
    return PdqIndex.build(hashes, rows)


def load_known_fakes(path: Path) -> PdqIndex:
    """Known fakes from a saved index (``.npz``) or a table (``.csv``, ``.jsonl``, ``.parquet``)
    with column ``pdq`` (and ``provenance`` and ``brand_id``, optional: without a provenance
    column, a hash's provenance is the file name and its row).

    InputError for a missing file or column; ValidationError naming every malformed hash's row.
    """
    if path.suffix == ".npz":
        return PdqIndex.load(path)
    readers: dict[str, Callable[[Path], pl.DataFrame]] = {
        ".csv": pl.read_csv,
        ".jsonl": pl.read_ndjson,
        ".parquet": pl.read_parquet,
    }
    if path.suffix not in readers or not path.is_file():
        raise InputError(f"{path}: no known-fakes file (.npz, .csv, .jsonl or .parquet) there")
    table = readers[path.suffix](path)
    if "pdq" not in table.columns:
        raise InputError(f"{path}: known-fakes table lacks column pdq")
    if "provenance" not in table.columns:
        rows = pl.int_range(1, table.height + 1, eager=True).cast(pl.String)
        table = table.with_columns((pl.lit(f"{path.name} row ") + rows).alias("provenance"))
    hashes = table["pdq"].cast(pl.String)
    valid = hashes.str.contains(r"^[0-9a-fA-F]{64}$").fill_null(False)
    ValidationError.raise_if_any(
        row_problems(path, ~valid.to_numpy(), "not a PDQ hash (64 hex characters)", "pdq")
    )
    brands = table["brand_id"].cast(pl.String).to_list() if "brand_id" in table.columns else None
    return known_fake_bank(hashes.to_list(), table["provenance"].cast(pl.String).to_list(), brands)


def merge_banks(reference: PdqIndex, known_fakes: PdqIndex) -> PdqIndex:
    """One index over both banks (one search per batch), each hash tagged ``bank`` reference or
    known_fake; metadata columns of BANK_COLUMNS that a bank lacks are null."""

    def tagged(index: PdqIndex, bank: str) -> pl.DataFrame:
        blank = pl.Series([None] * len(index), dtype=pl.String)
        columns = {
            name: index.metadata[name] if name in index.metadata.columns else blank
            for name in BANK_COLUMNS
        }
        return pl.DataFrame({**columns, "bank": pl.Series([bank] * len(index), dtype=pl.String)})

    metadata = pl.concat([tagged(reference, REFERENCE), tagged(known_fakes, KNOWN_FAKE)])
    hashes = np.concatenate([reference.hashes, known_fakes.hashes])
    return PdqIndex(hashes, np.concatenate([reference.ids, known_fakes.ids]), metadata)
