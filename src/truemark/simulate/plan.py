"""What each listing is: its seller, its kind, its product and the evasion tactics it uses.

Everything here is hidden truth; only its consequences (words, prices, photos) reach the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truemark.simulate.sellers import AUTHORIZED, RACKET, SellerPopulation

KINDS = (
    "genuine_branded",
    "authorized_discount",
    "genuine_clearance",
    "used_damaged",
    "compatible_accessory",
    "unbranded",
    "cue_lookalike",
    "counterfeit",
)
BRANDED, DISCOUNT, CLEARANCE, USED, ACCESSORY, UNBRANDED, LOOKALIKE, FAKE = range(len(KINDS))
# rows: seller roles honest, authorized, second_hand, mixed, racket; columns: KINDS
KIND_BY_ROLE = np.array(
    [
        [0.15, 0.00, 0.10, 0.12, 0.20, 0.35, 0.08, 0.00],
        [0.62, 0.25, 0.00, 0.00, 0.13, 0.00, 0.00, 0.00],
        [0.15, 0.00, 0.05, 0.70, 0.00, 0.10, 0.00, 0.00],
        [0.20, 0.00, 0.05, 0.15, 0.00, 0.15, 0.00, 0.45],
        [0.00, 0.00, 0.00, 0.00, 0.00, 0.08, 0.00, 0.92],
    ]
)
ROLE_SHARE = np.array([0.38, 0.12, 0.22, 0.06, 0.22])  # of listings, by seller role
MENTIONS = (
    "plain",
    "homoglyph",
    "leetspeak",
    "spacing",
    "zero_width",
    "alias_only",
    "abbreviation_only",
    "misspelling",
    "description_only",
    "photo_only",
)
MENTION_WEIGHTS = np.array([0.18, 0.10, 0.09, 0.09, 0.08, 0.10, 0.07, 0.10, 0.10, 0.09])
ALIAS, ABBREVIATION, MISSPELLING, DESCRIPTION_ONLY, PHOTO_ONLY = 5, 6, 7, 8, 9
NO_CUE, ENGLISH_CUE, FOREIGN_CUE = range(3)
CHEAP, LOW, MID = range(3)
OWN, REFERENCE, STOLEN, KNOWN_FAKE = range(4)


@dataclass
class Plan:
    """Per-listing hidden choices of one batch (parallel arrays)."""

    seller: np.ndarray
    role: np.ndarray
    kind: np.ndarray
    brand: np.ndarray  # -1 when no brand is involved
    mention: np.ndarray  # MENTIONS index for counterfeits, -1 otherwise
    cue: np.ndarray
    cue_in_title: np.ndarray
    price_band: np.ndarray
    photo: np.ndarray

    @property
    def counterfeit(self) -> np.ndarray:
        return self.kind == FAKE


def _choose_rows(
    rng: np.random.Generator, probabilities: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """One category per row, row i drawn from ``probabilities[rows[i]]``."""
    cumulative = np.cumsum(probabilities, axis=1)
    draws = rng.random(len(rows))[:, None]
    return np.minimum((draws > cumulative[rows]).sum(axis=1), probabilities.shape[1] - 1)


def _sellers(
    rng: np.random.Generator, sellers: SellerPopulation, size: int
) -> tuple[np.ndarray, np.ndarray]:
    present = np.array([(sellers.role == r).any() for r in range(len(ROLE_SHARE))])
    share = ROLE_SHARE * present
    role = rng.choice(len(share), size=size, p=share / share.sum())
    chosen = np.empty(size, dtype=np.int64)
    for r in np.flatnonzero(present):
        members = np.flatnonzero(sellers.role == r)
        weight = np.cumsum(sellers.activity[members])
        rows = np.flatnonzero(role == r)
        chosen[rows] = members[np.searchsorted(weight, rng.random(len(rows)) * weight[-1])]
    return chosen, role


def make_plan(
    rng: np.random.Generator,
    sellers: SellerPopulation,
    brand_count: int,
    size: int,
) -> Plan:
    """Draw sellers, kinds, brands and tactics for ``size`` listings."""
    seller, role = _sellers(rng, sellers, size)
    kind = _choose_rows(rng, KIND_BY_ROLE, role)
    fake = kind == FAKE
    brand = np.where(role == AUTHORIZED, sellers.brand[seller], rng.integers(0, brand_count, size))
    brand = np.where(np.isin(kind, [UNBRANDED, LOOKALIKE]), -1, brand)
    mention = np.where(fake, rng.choice(len(MENTIONS), size=size, p=MENTION_WEIGHTS), -1)
    cue = np.where(fake, rng.choice(3, size=size, p=[0.3, 0.35, 0.35]), NO_CUE)
    cue_in_title = rng.random(size) < 0.8
    band = rng.choice(3, size=size, p=[0.55, 0.25, 0.2])
    band = np.where((band == MID) & (cue == NO_CUE), LOW, band)
    photo = _photos(rng, kind, role, mention, cue)
    return Plan(seller, role, kind, brand, mention, cue, cue_in_title, band, photo)


def settle_mentions(plan: Plan, abbreviated: np.ndarray, aliased: np.ndarray) -> None:
    """Once brands are final: a brand without an abbreviation falls back to an alias, and one
    without a pure alias to a misspelling (edits ``plan.mention`` in place)."""
    brand = np.maximum(plan.brand, 0)
    mention = plan.mention
    mention[(mention == ABBREVIATION) & ~abbreviated[brand]] = ALIAS
    mention[(mention == ALIAS) & ~aliased[brand]] = MISSPELLING


def _photos(
    rng: np.random.Generator,
    kind: np.ndarray,
    role: np.ndarray,
    mention: np.ndarray,
    cue: np.ndarray,
) -> np.ndarray:
    size = len(kind)
    draw = rng.random(size)
    photo = np.full(size, OWN, dtype=np.int8)
    photo[(role == AUTHORIZED) & np.isin(kind, [BRANDED, DISCOUNT]) & (draw < 0.7)] = REFERENCE
    fake = kind == FAKE
    racket_fake, other_fake = fake & (role == RACKET), fake & (role != RACKET)
    needs_photo = (mention == PHOTO_ONLY) | ((cue == NO_CUE) & (rng.random(size) < 0.7))
    photo[racket_fake & (draw < 0.35)] = KNOWN_FAKE
    photo[racket_fake & (draw >= 0.35) & (draw < 0.7)] = STOLEN
    photo[racket_fake & (draw >= 0.7) & needs_photo] = STOLEN
    photo[other_fake & ((draw < 0.4) | needs_photo)] = STOLEN
    return photo
