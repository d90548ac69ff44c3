"""Listing titles from a generative grammar: slots filled from word pools, in varying order."""

from __future__ import annotations

import numpy as np
import polars as pl

# Each slot may appear at one of several places; a title is the non-empty places in this order.
ORDER = (
    ("emoji", 0),
    ("fluff", 0),
    ("cue", 0),
    ("claim", 0),
    ("mention", 0),
    ("adjective", 0),
    ("condition", 0),
    ("mention", 1),
    ("line", 0),
    ("colour", 0),
    ("material", 0),
    ("noun", 0),
    ("colour", 1),
    ("connector", 0),
    ("target", 0),
    ("target_line", 0),
    ("generic", 0),
    ("size", 0),
    ("model", 0),
    ("condition", 1),
    ("claim", 1),
    ("cue", 1),
    ("mention", 2),
    ("discount", 0),
    ("fluff", 1),
    ("emoji", 1),
)
PLACE_WEIGHTS = {
    "emoji": [0.5, 0.5],
    "fluff": [0.45, 0.55],
    "cue": [0.35, 0.65],
    "claim": [0.4, 0.6],
    "mention": [0.6, 0.3, 0.1],
    "condition": [0.5, 0.5],
    "colour": [0.6, 0.4],
}


def arrange_title(rng: np.random.Generator, slots: dict[str, pl.Series]) -> pl.Series:
    """Place each slot at one of its positions and join the non-empty ones with spaces."""
    size = len(next(iter(slots.values())))
    places = {
        f"{slot}@": rng.choice(
            len(PLACE_WEIGHTS.get(slot, [1.0])), size=size, p=PLACE_WEIGHTS.get(slot, [1.0])
        )
        for slot in slots
    }
    frame = pl.DataFrame({**slots, **places, "_case": rng.random(size)})
    parts = [
        pl.when(pl.col(f"{slot}@") == k).then(pl.col(slot)) for slot, k in ORDER if slot in slots
    ]
    title = pl.concat_str(parts, separator=" ", ignore_nulls=True)
    case = pl.col("_case")
    return frame.select(
        pl.when(case < 0.07)
        .then(title.str.to_uppercase())
        .when(case < 0.10)
        .then(title.str.to_lowercase())
        .otherwise(title)
        .alias("title")
    ).to_series()
