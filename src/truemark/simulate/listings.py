"""One batch of listings: plan, subject, text, price, photos, the listings rows and the truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from truemark.simulate import listing_text
from truemark.simulate.descriptions import descriptions
from truemark.simulate.listing_images import image_columns
from truemark.simulate.listing_photos import choose_photos, racket_photos
from truemark.simulate.market import market_category, market_columns
from truemark.simulate.plan import LOOKALIKE, Plan, make_plan, settle_mentions
from truemark.simulate.pricing import price_usd
from truemark.simulate.subject import Subject
from truemark.simulate.truth import labels_frame, tactics_frame
from truemark.simulate.vocabulary import vocabulary
from truemark.simulate.world import World


@dataclass(frozen=True)
class Batch:
    listings: pl.DataFrame
    labels: pl.DataFrame
    tactics: pl.DataFrame


def _subject(
    rng: np.random.Generator, world: World, plan: Plan, known_product: np.ndarray
) -> Subject:
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
    return Subject(product, category, language, official)


def generate_batch(
    rng: np.random.Generator, world: World, listing_ids: pl.Series, render: int, out_dir: Path
) -> Batch:
    """``len(listing_ids)`` listings; the first ``render`` renderable ones get image files."""
    size = len(listing_ids)
    plan = make_plan(rng, world.sellers, len(world.brands), size)
    racket = world.sellers.racket[plan.seller]
    racket_photo = racket_photos(rng, world, plan.photo, racket)
    known_product = np.where(racket_photo >= 0, world.fakes.product[racket_photo], -1)
    plan.brand[known_product >= 0] = world.products.brand[known_product[known_product >= 0]]
    subject = _subject(rng, world, plan, known_product)
    settle_mentions(plan, world.text.abbreviated, world.text.aliased)
    product = np.maximum(subject.product, 0)
    choice = choose_photos(rng, world, plan.photo, product, racket_photo, plan.seller)
    title_mention, text_mention = listing_text.mentions(rng, world.text, plan, subject)
    msrp = np.where(
        subject.product >= 0, world.products.msrp_usd[np.maximum(subject.product, 0)], 0.0
    )
    usd = price_usd(rng, plan, msrp, world.unbranded_range[subject.category])
    usd[subject.official] = msrp[subject.official] * rng.uniform(0.85, 1.0, subject.official.sum())
    money = market_columns(rng, world, plan, usd)
    images, hashes = image_columns(rng, world, plan, subject, choice, listing_ids, render, out_dir)
    frame = pl.DataFrame(
        {
            "listing_id": listing_ids,
            "seller_id": world.sellers.ids.gather(plan.seller),
            "title": listing_text.titles(rng, world.text, plan, subject, title_mention),
            "description": descriptions(rng, world.text, plan, subject, text_mention),
            "price": money["price"],
            "currency": money["currency"],
            "category": market_category(rng, world, plan, subject),
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
