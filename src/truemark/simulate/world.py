"""Everything a simulation shares across batches: brands, sellers, photo banks, word pools."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from truemark.simulate.brands import ProductTable, SimBrand, load_brands, product_table
from truemark.simulate.photos import (
    EditRenders,
    PhotoBank,
    measure_transform_distances,
    reference_items,
    render_bank,
)
from truemark.simulate.places import fx_to_usd, locations_frame
from truemark.simulate.sellers import SellerPopulation, build_sellers
from truemark.simulate.text_pools import TextPools, build_text_pools
from truemark.simulate.vocabulary import vocabulary

RENDERED_RACKETS = 40  # rackets whose counterfeit product photos are real renders


@dataclass(frozen=True)
class FakePhotos:
    """Each racket's own counterfeit product photos (they recur across its accounts' listings)."""

    racket: np.ndarray
    product: np.ndarray
    hashes: np.ndarray
    mirrored: np.ndarray
    rendered: np.ndarray  # index into ``bank`` or -1 when the photo exists only as a hash
    bank: PhotoBank


@dataclass(frozen=True)
class World:
    seed: int
    brands: tuple[SimBrand, ...]
    products: ProductTable
    fx: dict[str, float]
    currencies: tuple[str, ...]
    locations: pl.DataFrame
    sellers: SellerPopulation
    references: PhotoBank
    fakes: FakePhotos
    distances: dict[str, np.ndarray]
    edits: EditRenders
    text: TextPools
    unbranded_range: np.ndarray  # per text category: (low, high) USD


def _fake_photos(
    rng: np.random.Generator, sellers: SellerPopulation, products: ProductTable
) -> FakePhotos:
    rackets = int(sellers.racket.max()) + 1
    per_racket = 1 + rng.poisson(2.0, rackets)
    racket = np.repeat(np.arange(rackets), per_racket)
    product = rng.integers(0, len(products.brand), len(racket))
    rendered_rows = np.flatnonzero(racket < RENDERED_RACKETS)
    items = [
        (int(racket[i]), str(products.category[product[i]]), None, f"fake-{i}")
        for i in rendered_rows
    ]
    bank = render_bank(rng, items, None)
    hashes = rng.integers(0, 256, (len(racket), 32), dtype=np.uint8)
    mirrored = rng.integers(0, 256, (len(racket), 32), dtype=np.uint8)
    hashes[rendered_rows], mirrored[rendered_rows] = bank.hashes, bank.mirrored
    rendered = np.full(len(racket), -1, dtype=np.int64)
    rendered[rendered_rows] = np.arange(len(rendered_rows))
    return FakePhotos(racket, product, hashes, mirrored, rendered, bank)


def build_world(seed: int, out_dir: Path, seller_count: int) -> World:
    """Brands, sellers, reference photos (written under ``out_dir/images``) and word pools."""
    rng = np.random.default_rng([seed, 0])
    brands = load_brands()
    fx = fx_to_usd()
    products = product_table(brands, fx)
    locations = locations_frame()
    sellers = build_sellers(np.random.default_rng([seed, 1]), seller_count, len(brands), locations)
    references = render_bank(rng, reference_items(rng, brands), out_dir)
    distances = measure_transform_distances(np.random.default_rng([seed, 2]), references)
    edits = EditRenders(seed, references)
    fakes = _fake_photos(np.random.default_rng([seed, 3]), sellers, products)
    text = build_text_pools(brands, np.random.default_rng([seed, 4]))
    ranges = vocabulary("accessories")["unbranded_price_usd"]
    unbranded_range = np.array([ranges.get(c, [5, 100]) for c in text.categories], dtype=float)
    return World(
        seed,
        brands,
        products,
        fx,
        tuple(fx),
        locations,
        sellers,
        references,
        fakes,
        distances,
        edits,
        text,
        unbranded_range,
    )
