"""One batch of listings: plan, subject, text, price, photos, the listings rows and the truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from truemark.simulate import listing_text
from truemark.simulate.hashes import random_hashes, to_hex_series
from truemark.simulate.listing_photos import (
    PhotoChoice,
    choose_photos,
    racket_photos,
    render_photo,
    renderable,
)
from truemark.simulate.plan import ACCESSORY, FAKE, LOOKALIKE, UNBRANDED, Plan, make_plan
from truemark.simulate.pricing import WHOLE_UNITS, local_price, price_usd
from truemark.simulate.truth import labels_frame, tactics_frame
from truemark.simulate.vocabulary import vocabulary
from truemark.simulate.world import World

YEAR_START, YEAR_END = 1_733_011_200, 1_764_547_200  # 2024-12-01 .. 2025-12-01 (UTC)


@dataclass(frozen=True)
class Batch:
    listings: pl.DataFrame
    labels: pl.DataFrame
    tactics: pl.DataFrame


def _subject(
    rng: np.random.Generator, world: World, plan: Plan, known_product: np.ndarray
) -> listing_text.Subject:
    size = len(plan.kind)
    product = np.where(
        plan.brand >= 0, world.products.products_of(np.maximum(plan.brand, 0), rng.random(size)), -1
    )
    product = np.where(known_product >= 0, known_product, product)
    official = (plan.kind == LOOKALIKE) & (rng.random(size) < 0.25)
    replica_skus = [item["sku"] for item in vocabulary("cues")["official_replicas"]]
    skus = [p.sku for b in world.brands for p in b.products]
    replica_products = np.array([skus.index(s) for s in replica_skus])
    product = np.where(
        official, replica_products[rng.integers(0, len(replica_products), size)], product
    )
    plan.brand[official] = world.products.brand[product[official]]
    categories = np.array(world.text.categories, dtype=object)
    category = np.where(
        product >= 0,
        np.searchsorted(categories, world.products.category[np.maximum(product, 0)]),
        rng.integers(0, len(categories), size),
    )
    language = rng.choice(len(world.text.languages), size=size, p=world.text.language_weights)
    return listing_text.Subject(product, category, language, official)


def _market_category(world: World, plan: Plan, subject: listing_text.Subject) -> pl.Series:
    names = pl.Series(list(world.text.categories), dtype=pl.String).gather(subject.category)
    frame = pl.DataFrame({"c": names, "k": plan.kind})
    return frame.select(
        pl.when(pl.col("k") == ACCESSORY)
        .then(pl.concat_str(pl.col("c"), pl.lit("_accessories")))
        .when(pl.col("k") == LOOKALIKE)
        .then(pl.lit("other"))
        .otherwise(pl.col("c"))
        .alias("category")
    ).to_series()


def _places_and_money(
    rng: np.random.Generator, world: World, plan: Plan, usd: np.ndarray
) -> dict[str, pl.Series | np.ndarray]:
    size = len(usd)
    loc = world.locations
    home = world.sellers.home[plan.seller]
    where = np.where(rng.random(size) < 0.85, home, rng.integers(0, len(loc), size))
    codes = list(world.currencies)
    home_currency = np.array([codes.index(c) for c in loc["currency"]])[home]
    usd_or_eur = np.where(rng.random(size) < 0.75, codes.index("USD"), codes.index("EUR"))
    currency = np.where(rng.random(size) < 0.7, home_currency, usd_or_eur)
    rate = np.array([world.fx[c] for c in codes])[currency]
    whole = np.array([c in WHOLE_UNITS for c in codes])[currency]
    registered = world.sellers.registered_at[plan.seller]
    created = np.maximum(rng.integers(YEAR_START, YEAR_END, size), registered + 86_400)
    mean = np.select(
        [plan.kind == FAKE, plan.kind == UNBRANDED, plan.kind == ACCESSORY], [25.0, 8.0, 15.0], 3.0
    )
    mean = mean * np.sqrt(world.sellers.activity[plan.seller])
    sold = rng.negative_binomial(0.6, 0.6 / (0.6 + mean))
    return {
        "price": local_price(rng, usd, rate, whole),
        "currency": pl.Series(codes, dtype=pl.String).gather(currency),
        "ship_from": loc["code"].gather(where),
        "quantity_sold": sold.astype(np.int64),
        "created_at": pl.Series(np.minimum(created, YEAR_END) * 1_000_000).cast(
            pl.Datetime("us", "UTC")
        ),
    }


def generate_batch(
    rng: np.random.Generator, world: World, listing_ids: pl.Series, render: int, out_dir: Path
) -> Batch:
    """``len(listing_ids)`` listings; the first ``render`` renderable ones get image files."""
    size = len(listing_ids)
    plan = make_plan(rng, world.sellers, len(world.brands), world.text.abbreviated, size)
    racket = world.sellers.racket[plan.seller]
    racket_photo = racket_photos(rng, world, plan.photo, racket)
    known_product = np.where(racket_photo >= 0, world.fakes.product[racket_photo], -1)
    plan.brand[known_product >= 0] = world.products.brand[known_product[known_product >= 0]]
    subject = _subject(rng, world, plan, known_product)
    choice = choose_photos(rng, world, plan.photo, np.maximum(subject.product, 0), racket_photo)
    title_mention, text_mention = listing_text._mentions(rng, world.text, plan, subject)
    msrp = np.where(
        subject.product >= 0, world.products.msrp_usd[np.maximum(subject.product, 0)], 0.0
    )
    usd = price_usd(rng, plan, msrp, world.unbranded_range[subject.category])
    usd[subject.official] = msrp[subject.official] * rng.uniform(0.85, 1.0, subject.official.sum())
    money = _places_and_money(rng, world, plan, usd)
    images, hashes = _images(rng, world, plan, subject, choice, listing_ids, render, out_dir)
    frame = pl.DataFrame(
        {
            "listing_id": listing_ids,
            "seller_id": world.sellers.ids.gather(plan.seller),
            "title": listing_text.titles(rng, world.text, plan, subject, title_mention),
            "description": listing_text.descriptions(rng, world.text, plan, subject, text_mention),
            "price": money["price"],
            "currency": money["currency"],
            "category": _market_category(world, plan, subject),
            "images": images,
            "image_pdq": hashes,
            "ship_from": money["ship_from"],
            "quantity_sold": money["quantity_sold"],
            "created_at": money["created_at"],
        }
    )
    weak = world.sellers.weak_shared[plan.seller]
    return Batch(
        frame,
        labels_frame(listing_ids, plan),
        tactics_frame(listing_ids, plan, choice.source, weak),
    )


def _images(
    rng: np.random.Generator,
    world: World,
    plan: Plan,
    subject: listing_text.Subject,
    choice: PhotoChoice,
    listing_ids: pl.Series,
    render: int,
    out_dir: Path,
) -> tuple[pl.Series, pl.Series]:
    size = len(listing_ids)
    hashes = choice.hashes.copy()
    has_photo = (rng.random(size) >= 0.03) | (choice.source != 0)
    second = has_photo & (rng.random(size) < 0.1)
    rendered = np.flatnonzero(has_photo & renderable(world, choice))[:render]
    second[rendered] = False
    written = np.full(size, None, dtype=object)
    for row in rendered:
        relative = f"images/listings/{listing_ids[int(row)]}.jpg"
        category = world.text.categories[int(subject.category[row])]
        label = (
            world.brands[int(plan.brand[row])].name
            if plan.kind[row] == FAKE and rng.random() < 0.5
            else None
        )
        hashes[row] = render_photo(world, choice, int(row), category, label, out_dir / relative)
        written[int(row)] = relative
    path = pl.Series("p", written, dtype=pl.String)
    paths = pl.select(pl.when(path.is_not_null()).then(pl.concat_list(path))).to_series()
    first = to_hex_series(hashes)
    extra = pl.Series("b", [None], dtype=pl.String).extend_constant(None, size - 1)
    extra = extra.scatter(
        np.flatnonzero(second), to_hex_series(random_hashes(rng, int(second.sum())))
    )
    frame = pl.DataFrame({"a": first, "b": extra, "has": has_photo, "two": second})
    pdq = frame.select(
        pl.when(~pl.col("has"))
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .when(pl.col("two"))
        .then(pl.concat_list("a", "b"))
        .otherwise(pl.concat_list("a"))
        .alias("image_pdq")
    ).to_series()
    return paths.alias("images"), pdq
