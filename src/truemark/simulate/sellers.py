"""The seller population: honest independents, authorized resellers, second-hand dealers,
sellers who mix fakes into genuine stock, and counterfeit rackets of 2-50 linked accounts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from truemark.simulate.ids import seller_ids
from truemark.simulate.rackets import SHARED_ATTRIBUTES, link_racket, racket_sizes
from truemark.simulate.seller_table import seller_table

HONEST, AUTHORIZED, SECOND_HAND, MIXED, RACKET = range(5)
ROLE_NAMES = ("honest", "authorized", "second_hand", "mixed", "racket")
_ROLE_SHARE = {SECOND_HAND: 0.12, MIXED: 0.05, RACKET: 0.18}


@dataclass(frozen=True)
class SellerPopulation:
    """Every seller account with the simulator's hidden truth about it."""

    ids: pl.Series
    role: np.ndarray
    racket: np.ndarray  # racket number, -1 for sellers outside any racket
    brand: np.ndarray  # brand an authorized seller may sell, -1 otherwise
    weak_shared: np.ndarray  # honest account sharing a fulfilment-centre address or office IP
    home: np.ndarray  # index into the locations table
    registered_at: np.ndarray  # epoch seconds
    activity: np.ndarray  # relative number of listings
    table: pl.DataFrame  # the sellers file

    @property
    def count(self) -> int:
        return len(self.role)

    def network_ids(self) -> pl.Series:
        """True operation per seller: the racket, or the seller alone."""
        racket = pl.Series(self.racket)
        labels = pl.concat_str(pl.lit("racket-"), racket.cast(pl.String).str.zfill(5))
        alone = pl.concat_str(pl.lit("solo-"), self.ids.str.slice(2))
        return pl.select(pl.when(racket >= 0).then(labels).otherwise(alone)).to_series()


def default_seller_count(listings: int) -> int:
    """About one account per 40 listings, at least 200, at most 250,000."""
    return int(np.clip(listings // 40, 200, 250_000))


def _roles(rng: np.random.Generator, count: int, brands: int) -> tuple[np.ndarray, np.ndarray]:
    authorized = int(min(max(brands, count // 30), 4 * brands))
    role = np.full(count, HONEST, dtype=np.int8)
    brand = np.full(count, -1, dtype=np.int64)
    role[:authorized] = AUTHORIZED
    brand[:authorized] = np.arange(authorized) % brands
    start = authorized
    for kind, share in _ROLE_SHARE.items():
        size = round(count * share)
        role[start : start + size] = kind
        start += size
    order = rng.permutation(count)
    return role[order], brand[order]


def build_sellers(
    rng: np.random.Generator, count: int, brands: int, locations: pl.DataFrame
) -> SellerPopulation:
    """Draw ``count`` sellers, form rackets, share identities, and write the sellers table."""
    role, brand = _roles(rng, count, brands)
    racket = np.full(count, -1, dtype=np.int64)
    racketeers = np.flatnonzero(role == RACKET)
    sizes = racket_sizes(rng, len(racketeers))
    racket[racketeers[: sum(sizes)]] = np.repeat(np.arange(len(sizes)), sizes)
    role[racketeers[sum(sizes) :]] = MIXED
    source = {a: np.arange(count) for a in SHARED_ATTRIBUTES}
    used = {a: np.zeros(count, dtype=bool) for a in SHARED_ATTRIBUTES}
    for members in np.split(racketeers[: sum(sizes)], np.cumsum(sizes)[:-1]) if sizes else []:
        link_racket(rng, members, source, used)
    home = _homes(rng, role, racket, locations)
    weak = (role != RACKET) & (rng.random(count) < 0.09)
    registered = _registration_times(rng, role)
    activity = rng.pareto(1.6, count) + 0.2
    ids = seller_ids(rng, count)
    table = seller_table(
        rng, ids, role == RACKET, racket, source, used, weak, home, registered, locations
    )
    return SellerPopulation(ids, role, racket, brand, weak, home, registered, activity, table)


def _homes(
    rng: np.random.Generator, role: np.ndarray, racket: np.ndarray, locations: pl.DataFrame
) -> np.ndarray:
    """Home location per seller; a racket's accounts mostly ship from its own hub."""
    weights = (
        locations.select(["w_honest", "w_authorized", "w_second_hand", "w_racket"])
        .to_numpy()
        .astype(float)
    )
    column = np.array([0, 1, 2, 0, 3])[role]
    home = np.empty(len(role), dtype=np.int64)
    for k in range(weights.shape[1]):
        chosen = np.flatnonzero(column == k)
        home[chosen] = rng.choice(
            len(weights), size=len(chosen), p=weights[:, k] / weights[:, k].sum()
        )
    in_racket = racket >= 0
    if in_racket.any():
        hub = rng.choice(len(weights), size=racket.max() + 1, p=weights[:, 3] / weights[:, 3].sum())
        stays = in_racket & (rng.random(len(role)) < 0.75)
        home[stays] = hub[racket[stays]]
    return home


def _registration_times(rng: np.random.Generator, role: np.ndarray) -> np.ndarray:
    """Account creation: established sellers over a decade, rackets mostly in the last two years."""
    start, end = 1_420_070_400, 1_759_276_800  # 2015-01-01 .. 2025-10-01
    young = 1_704_067_200  # 2024-01-01
    old = rng.integers(start, end, len(role))
    recent = rng.integers(young, end, len(role))
    pick_recent = (role == RACKET) & (rng.random(len(role)) < 0.8)
    return np.where(pick_recent, recent, old)
