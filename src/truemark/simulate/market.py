"""Where a listing ships from, its currency and price, sales and date: the marketplace columns."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.simulate.plan import ACCESSORY, FAKE, LOOKALIKE, UNBRANDED, Plan
from truemark.simulate.pricing import WHOLE_UNITS, local_price
from truemark.simulate.subject import Subject
from truemark.simulate.world import World

YEAR_START, YEAR_END = 1_733_011_200, 1_764_547_200  # 2024-12-01 .. 2025-12-01 (UTC)


def market_category(
    rng: np.random.Generator, world: World, plan: Plan, subject: Subject
) -> pl.Series:
    """Marketplace category: the product's, an accessories shelf, or "other" (misfiled)."""
    names = pl.Series(list(world.text.categories), dtype=pl.String).gather(subject.category)
    draw = rng.random(len(plan.kind))
    fake = plan.kind == FAKE
    shelf = ((plan.kind == ACCESSORY) & (draw < 0.7)) | (fake & (draw < 0.04))
    other = (plan.kind == LOOKALIKE) | (fake & (draw > 0.94)) | (~fake & (draw > 0.98))
    frame = pl.DataFrame({"c": names, "shelf": shelf, "other": other})
    return frame.select(
        pl.when(pl.col("other"))
        .then(pl.lit("other"))
        .when(pl.col("shelf"))
        .then(pl.concat_str(pl.col("c"), pl.lit("_accessories")))
        .otherwise(pl.col("c"))
        .alias("category")
    ).to_series()


def market_columns(
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
