"""Listing descriptions: a few sentences in the listing's language, some carrying brand or cue."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.simulate.fragments import join_columns
from truemark.simulate.plan import ACCESSORY, FAKE, NO_CUE, USED, Plan
from truemark.simulate.sellers import MIXED, RACKET
from truemark.simulate.subject import Subject, chance
from truemark.simulate.text_pools import TextPools


def descriptions(
    rng: np.random.Generator, pools: TextPools, plan: Plan, subject: Subject, mention: pl.Series
) -> pl.Series:
    """One description per listing: a few sentences, in the listing's language where possible."""
    size = len(plan.kind)
    kind, lang = plan.kind, subject.language
    fake = kind == FAKE
    p = lambda name, group, present: pools[name].pick(rng, group, present)  # noqa: E731
    genuine_brand = ~fake & (kind != ACCESSORY)
    cue_here = fake & (plan.cue != NO_CUE) & (~plan.cue_in_title | chance(rng, size, 0.3))
    contact = np.select([plan.role == RACKET, plan.role == MIXED], [0.35, 0.1], 0.02)
    frame = pl.DataFrame(
        {
            "opening": p("openings", lang, chance(rng, size, 0.7)),
            "detail": p("detail_prefix", lang, chance(rng, size, 0.5)),
            "material": p("material", subject.category, None),
            "mention": mention,
            "fake_pre": p("brand_fake_prefix", lang, None),
            "fake_post": p("brand_fake_suffix", lang, None),
            "real_pre": p("brand_genuine_prefix", lang, None),
            "real_post": p("brand_genuine_suffix", lang, None),
            "acc_pre": p("brand_neutral_prefix", lang, None),
            "acc_post": p("brand_neutral_suffix", lang, None),
            "cue_pre": p("cue_prefix", lang, cue_here),
            "cue": p("cue", np.clip(plan.cue - 1, 0, 1), cue_here),
            "cue_post": p("cue_suffix", lang, cue_here),
            "condition": p("condition_sentences", lang, kind == USED),
            "claim": p("claim", lang, chance(rng, size, np.where(fake, 0.15, 0.25))),
            "contact": p("contact", lang, chance(rng, size, contact)),
            "shipping": p("shipping", lang, chance(rng, size, 0.6)),
            "fake": fake,
            "real": genuine_brand,
        }
    )
    c = pl.col
    brand_sentence = (
        pl.when(c("fake"))
        .then(pl.concat_str(c("fake_pre"), pl.lit(" "), c("mention"), c("fake_post")))
        .when(c("real"))
        .then(pl.concat_str(c("real_pre"), pl.lit(" "), c("mention"), pl.lit(" "), c("real_post")))
        .otherwise(
            pl.concat_str(c("acc_pre"), pl.lit(" "), c("mention"), pl.lit(" "), c("acc_post"))
        )
    )
    frame = frame.with_columns(
        brand_sentence.alias("brand"),
        pl.concat_str(c("detail"), pl.lit(" "), c("material"), pl.lit(".")).alias("detail"),
        pl.concat_str(c("cue_pre"), pl.lit(" "), c("cue"), c("cue_post")).alias("cue"),
        pl.concat_str(c("claim"), pl.lit(".")).alias("claim"),
    )
    order = ["opening", "detail", "brand", "condition", "claim", "cue", "contact", "shipping"]
    return join_columns(frame, order).alias("description")
