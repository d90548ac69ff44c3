"""Photos: rendered files match the hashes listings claim; reused photos stay within measured reach."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.catalog import load_catalog
from truemark.io.images import hamming_distance, load_rgb, pdq_dihedral_hashes, pdq_hash_file
from truemark.simulate import SimulationSummary
from truemark.simulate.brands import load_brands
from truemark.simulate.hashes import flip_bits, hamming, random_hashes
from truemark.simulate.photos import (
    EDITED,
    EditRenders,
    measure_transform_distances,
    reference_items,
    render_bank,
)
from truemark.simulate.transforms import TRANSFORMS


def test_rendered_listing_photos_match_their_hashes(
    market: SimulationSummary, listings: pl.DataFrame
) -> None:
    rendered = listings.filter(pl.col("images").is_not_null())
    assert 0 < rendered.height <= 40
    for images, hashes in rendered.select("images", "image_pdq").iter_rows():
        assert pdq_hash_file(market.out_dir / images[0])[0] == hashes[0]


def test_stolen_photos_are_near_a_reference(
    market: SimulationSummary, listings: pl.DataFrame, tactics: pl.DataFrame
) -> None:
    catalog = load_catalog(market.out_dir / "catalog.yaml")
    bank = [
        h
        for b in catalog.brands
        for p in b.products
        for path in p.images
        for h in pdq_dihedral_hashes(load_rgb(path))
    ]
    stolen = tactics.filter(pl.col("tactic") == "stolen_photo")["listing_id"]
    sample = listings.filter(pl.col("listing_id").is_in(stolen.implode())).head(60)
    nearest = [min(hamming_distance(h[0], ref) for ref in bank) for h in sample["image_pdq"]]
    assert np.median(nearest) <= 40
    reusing = tactics.filter(pl.col("tactic").is_in(["stolen_photo", "authorized_photo"]))[
        "listing_id"
    ]
    own = listings.filter(~pl.col("listing_id").is_in(reusing.implode())).head(30)
    assert (
        min(min(hamming_distance(h[0], ref) for ref in bank) for h in own["image_pdq"] if len(h))
        > 40
    )


def test_flip_distances_come_from_measurements(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    bank = render_bank(rng, reference_items(rng, load_brands())[:12], tmp_path)
    measured = measure_transform_distances(rng, bank, samples=6)
    assert set(measured) == set(TRANSFORMS)
    assert measured["jpeg"].max() < measured["collage"].min()
    counts = measured["resize"][rng.integers(0, 6, 200)]
    source = random_hashes(rng, 200)
    assert set(hamming(source, flip_bits(rng, source, counts))) <= set(measured["resize"])


def test_reference_photos_are_distinct(market: SimulationSummary) -> None:
    catalog = load_catalog(market.out_dir / "catalog.yaml")
    hashes = [
        pdq_hash_file(path)[0] for b in catalog.brands for p in b.products for path in p.images
    ]
    assert len(hashes) >= 60
    closest = min(hamming_distance(a, b) for i, a in enumerate(hashes) for b in hashes[i + 1 :])
    assert closest >= 40


def test_an_owner_reuses_its_own_edit_of_a_photo(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    bank = render_bank(rng, reference_items(rng, load_brands())[:3], tmp_path)
    renders = EditRenders(seed=5, bank=bank)
    owners, photos = np.array([0, 0, 1, 2, 0]), np.array([1, 1, 1, 1, 2])
    for edit, name in enumerate(EDITED):
        hashes = renders.hashes(owners, photos, np.full(5, edit))
        assert (hashes[0] == hashes[1]).all()  # one file, reused across the owner's listings
        apart = hamming(hashes[[0, 0, 2]], hashes[[2, 3, 3]])
        assert (apart > 0).all(), name  # another owner's crop or turn is another file
        # a real edit: far from the untouched photo, as measured for the transform
        source = np.repeat(bank.hashes[[1]], 3, axis=0)
        assert (hamming(hashes[[0, 2, 3]], source) > 16).all(), name
    again = EditRenders(seed=5, bank=bank).hashes(owners[::-1], photos[::-1], np.zeros(5, int))
    assert (again[::-1] == renders.hashes(owners, photos, np.zeros(5, int))).all()  # any order
