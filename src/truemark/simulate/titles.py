"""Listing titles from a generative grammar: slots filled from word pools, placed in varying order."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.simulate.fragments import join_columns

# Each slot may appear at one of several places; a title is the non-empty places in this order.
ORDER = (
    ("emoji", 0), ("fluff", 0), ("cue", 0), ("claim", 0), ("mention", 0), ("adjective", 0),
    ("condition", 0), ("mention", 1), ("line", 0), ("colour", 0), ("material", 0), ("noun", 0),
    ("colour", 1), ("connector", 0), ("target", 0), ("target_line", 0), ("generic", 0), ("size", 0),
    ("model", 0), ("condition", 1), ("claim", 1), ("cue", 1), ("mention", 2), ("discount", 0),
    ("fluff", 1), ("emoji", 1),
)  # fmt: skip
PLACE_WEIGHTS = {
    "emoji": [0.5, 0.5], "fluff": [0.45, 0.55], "cue": [0.35, 0.65], "claim": [0.4, 0.6],
    "mention": [0.6, 0.3, 0.1], "condition": [0.5, 0.5], "colour": [0.6, 0.4],
}  # fmt: skip


def arrange_title(rng: np.random.Generator, slots: dict[str, pl.Series]) -> pl.Series:
    """Place each slot at one of its positions and join the non-empty ones with spaces."""
    size = len(next(iter(slots.values())))
    placed: dict[str, pl.Series] = {}
    for slot, values in slots.items():
        weights = PLACE_WEIGHTS.get(slot, [1.0])
        place = rng.choice(len(weights), size=size, p=weights)
        for k in range(len(weights)):
            placed[f"{slot}#{k}"] = values.zip_with(
                pl.Series(place == k),
                pl.Series([None], dtype=pl.String).extend_constant(None, size - 1),
            )
    columns = [f"{slot}#{k}" for slot, k in ORDER if f"{slot}#{k}" in placed]
    title = join_columns(pl.DataFrame(placed), columns)
    shout = rng.random(size)
    frame = pl.DataFrame({"t": title, "s": shout})
    return frame.select(
        pl.when(pl.col("s") < 0.07).then(pl.col("t").str.to_uppercase())
        .when(pl.col("s") < 0.10).then(pl.col("t").str.to_lowercase())
        .otherwise(pl.col("t"))
    ).to_series().alias("title")  # fmt: skip
