"""Ground truth of a batch: each listing's label and its tactics or hard-negative kinds."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.simulate.plan import (
    CHEAP,
    ENGLISH_CUE,
    FAKE,
    FOREIGN_CUE,
    KINDS,
    KNOWN_FAKE,
    LOW,
    MENTIONS,
    MID,
    NO_CUE,
    REFERENCE,
    STOLEN,
    Plan,
)
from truemark.simulate.sellers import MIXED


def labels_frame(listing_ids: pl.Series, plan: Plan) -> pl.DataFrame:
    """``listing_id, label`` with ``counterfeit`` or ``genuine``."""
    label = np.where(plan.kind == FAKE, "counterfeit", "genuine")
    return pl.DataFrame({"listing_id": listing_ids, "label": pl.Series(label, dtype=pl.String)})


def tactic_masks(
    plan: Plan, photo_source: np.ndarray, weak_seller: np.ndarray
) -> dict[str, np.ndarray]:
    """Every tactic (counterfeits) and hard-negative kind (genuine listings) -> its listings."""
    fake = plan.kind == FAKE
    masks = {name: fake & (plan.mention == k) for k, name in enumerate(MENTIONS)}
    masks |= {
        "cue_word": fake & (plan.cue == ENGLISH_CUE),
        "cue_multilingual": fake & (plan.cue == FOREIGN_CUE),
        "no_cue": fake & (plan.cue == NO_CUE),
        "cheap_price": fake & (plan.price_band == CHEAP),
        "low_price": fake & (plan.price_band == LOW),
        "mid_price": fake & (plan.price_band == MID),
        "stolen_photo": fake & (photo_source == STOLEN),
        "known_fake_photo": fake & (photo_source == KNOWN_FAKE),
        "mixed_seller": fake & (plan.role == MIXED),
    }
    masks |= {name: ~fake & (plan.kind == k) for k, name in enumerate(KINDS) if k != FAKE}
    masks["authorized_photo"] = ~fake & (photo_source == REFERENCE)
    masks["shared_weak_attribute"] = ~fake & weak_seller
    return masks


def tactics_frame(
    listing_ids: pl.Series, plan: Plan, photo_source: np.ndarray, weak_seller: np.ndarray
) -> pl.DataFrame:
    """``listing_id, tactic``: one row per tactic or kind of each listing."""
    parts = [
        pl.DataFrame({"listing_id": listing_ids.filter(pl.Series(mask))}).with_columns(
            pl.lit(name, dtype=pl.String).alias("tactic")
        )
        for name, mask in tactic_masks(plan, photo_source, weak_seller).items()
        if mask.any()
    ]
    return (
        pl.concat(parts)
        if parts
        else pl.DataFrame(schema={"listing_id": pl.String, "tactic": pl.String})
    )
