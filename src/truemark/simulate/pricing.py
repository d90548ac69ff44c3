"""Listing prices: a share of the product's MSRP by kind, converted and rounded as sellers do."""

from __future__ import annotations

import numpy as np

from truemark.simulate.plan import (
    ACCESSORY,
    BRANDED,
    CHEAP,
    CLEARANCE,
    DISCOUNT,
    FAKE,
    LOOKALIKE,
    LOW,
    MID,
    UNBRANDED,
    USED,
    Plan,
)
from truemark.simulate.sellers import AUTHORIZED

WHOLE_UNITS = frozenset({"JPY", "KRW", "INR", "RUB", "THB", "TRY"})
# (low, high) share of MSRP by kind; counterfeits by price band
_RATIO = {BRANDED: (0.8, 1.05), DISCOUNT: (0.4, 0.75), CLEARANCE: (0.35, 0.6), USED: (0.3, 0.8)}
_FAKE_RATIO = {CHEAP: (0.02, 0.12), LOW: (0.13, 0.35), MID: (0.4, 0.65)}


def _log_uniform(
    rng: np.random.Generator, low: np.ndarray | float, high: np.ndarray | float, size: int
) -> np.ndarray:
    return np.exp(rng.uniform(np.log(low), np.log(high), size))


def price_usd(
    rng: np.random.Generator, plan: Plan, msrp_usd: np.ndarray, unbranded_range: np.ndarray
) -> np.ndarray:
    """Unit price in US dollars per listing (``msrp_usd`` of its product, 0 when none)."""
    size = len(plan.kind)
    ratio = np.ones(size)
    for kind, (low, high) in _RATIO.items():
        rows = plan.kind == kind
        ratio[rows] = rng.uniform(low, high, rows.sum())
    authorized = (plan.role == AUTHORIZED) & (plan.kind == BRANDED)
    ratio[authorized] = rng.uniform(0.92, 1.0, authorized.sum())
    for band, (low, high) in _FAKE_RATIO.items():
        rows = (plan.kind == FAKE) & (plan.price_band == band)
        ratio[rows] = rng.uniform(low, high, rows.sum())
    usd = msrp_usd * ratio
    small = np.isin(plan.kind, [ACCESSORY, LOOKALIKE])
    usd[small] = _log_uniform(rng, 3.0, 60.0, size)[small]
    unbranded = plan.kind == UNBRANDED
    usd[unbranded] = _log_uniform(rng, unbranded_range[:, 0], unbranded_range[:, 1], size)[
        unbranded
    ]
    return usd


def local_price(
    rng: np.random.Generator, usd: np.ndarray, rate: np.ndarray, whole: np.ndarray
) -> np.ndarray:
    """Price in the listing's currency, rounded: whole units, or .99 / .00 / .50 / .95 endings."""
    amount = usd / rate
    endings = np.array([0.99, 0.0, 0.5, 0.95])[rng.integers(0, 4, len(usd))]
    cents = np.where(amount >= 1.0, np.floor(amount) + endings, np.round(amount, 2))
    big = np.where(amount > 2000, np.round(amount, -2), np.round(amount))
    return np.round(np.where(whole, np.maximum(big, 1.0), cents), 2)
