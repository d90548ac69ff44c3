"""Store names: honest sellers' own, and a racket's name stem reused with small changes."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.simulate.vocabulary import vocabulary


def _words(words: list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(words, dtype=pl.String).gather(index)


def store_names(rng: np.random.Generator, racket: np.ndarray) -> pl.Series:
    """Store names; most accounts of one racket reuse its name stem with small changes."""
    words = vocabulary("places")["store_words"]
    count = len(racket)
    first = rng.integers(0, len(words["first"]), count)
    second = rng.integers(0, len(words["second"]), count)
    stems = max(int(racket.max()) + 1, 1)
    stem_first, stem_second = (
        rng.integers(0, len(words["first"]), stems),
        rng.integers(0, len(words["second"]), stems),
    )
    keeps_stem = (racket >= 0) & (rng.random(count) < 0.6)
    first = np.where(keeps_stem, stem_first[racket], first)
    second = np.where(keeps_stem, stem_second[racket], second)
    frame = pl.DataFrame(
        {
            "a": _words(words["first"], first),
            "b": _words(words["second"], second),
            "s": _words(words["suffix"], rng.integers(0, len(words["suffix"]), count)),
            "v": rng.integers(0, 4, count),
        }
    )
    a, b, s = pl.col("a"), pl.col("b"), pl.col("s")
    name = (
        pl.when(pl.col("v") == 0)
        .then(pl.concat_str(a, pl.lit(" "), b, s))
        .when(pl.col("v") == 1)
        .then(pl.concat_str(a, b, s))
        .when(pl.col("v") == 2)
        .then(pl.concat_str(a.str.to_lowercase(), pl.lit("_"), b.str.to_lowercase()))
        .otherwise(
            pl.concat_str(a, pl.lit(" "), b, pl.lit(" "), s.str.strip_chars()).str.strip_chars()
        )
    )
    return frame.select(name).to_series()
