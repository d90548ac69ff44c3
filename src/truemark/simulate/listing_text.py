"""Titles and descriptions of one batch: which slots each listing fills, from which pools."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from truemark.simulate.fragments import join_columns
from truemark.simulate.plan import (
    ACCESSORY,
    BRANDED,
    CLEARANCE,
    DESCRIPTION_ONLY,
    DISCOUNT,
    FAKE,
    LOOKALIKE,
    NO_CUE,
    PHOTO_ONLY,
    UNBRANDED,
    USED,
    Plan,
)
from truemark.simulate.sellers import AUTHORIZED, MIXED, RACKET
from truemark.simulate.text_pools import FORMS, TextPools
from truemark.simulate.titles import arrange_title

# counterfeit mention tactic -> mention pool form (description_only uses the name, photo_only none)
_FORM_OF_MENTION = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0, 0])


@dataclass(frozen=True)
class Subject:
    """What a listing is about: product (-1 none), text category, language, official replica."""

    product: np.ndarray
    category: np.ndarray
    language: np.ndarray
    official: np.ndarray


def _chance(rng: np.random.Generator, size: int, p: float | np.ndarray) -> np.ndarray:
    return rng.random(size) < p


def _only(values: pl.Series, keep: np.ndarray) -> pl.Series:
    """``values`` where ``keep``, null elsewhere."""
    return pl.select(pl.when(pl.Series(keep)).then(values)).to_series()


def _mentions(
    rng: np.random.Generator, pools: TextPools, plan: Plan, subject: Subject
) -> tuple[pl.Series, pl.Series]:
    """The brand as written in the title and in the description (null where absent)."""
    size = len(plan.kind)
    brand = np.maximum(plan.brand, 0)
    fake = plan.kind == FAKE
    form = np.where(fake, _FORM_OF_MENTION[np.maximum(plan.mention, 0)], 0)
    has_brand = plan.brand >= 0
    in_title = has_brand & ~(fake & np.isin(plan.mention, [DESCRIPTION_ONLY, PHOTO_ONLY]))
    title = pools["mention"].pick(rng, brand * len(FORMS) + form, in_title)
    described_form = np.where(
        plan.mention == DESCRIPTION_ONLY, rng.integers(0, len(FORMS), size), form
    )
    described_form = np.where(
        pools["mention"].lengths[brand * len(FORMS) + described_form] == 0, 0, described_form
    )
    in_description = (
        has_brand
        & (plan.mention != PHOTO_ONLY)
        & ((plan.mention == DESCRIPTION_ONLY) | _chance(rng, size, np.where(fake, 0.3, 0.4)))
    )
    return title, pools["mention"].pick(rng, brand * len(FORMS) + described_form, in_description)


def titles(
    rng: np.random.Generator, pools: TextPools, plan: Plan, subject: Subject, mention: pl.Series
) -> pl.Series:
    """One title per listing."""
    size = len(plan.kind)
    kind, lang, cat = plan.kind, subject.language, subject.category
    product = np.maximum(subject.product, 0)
    fake, accessory = kind == FAKE, kind == ACCESSORY
    branded = np.isin(kind, [BRANDED, DISCOUNT, CLEARANCE, USED]) | fake
    generic_noun = branded & ~subject.official
    named = (plan.brand >= 0) & ~(fake & np.isin(plan.mention, [DESCRIPTION_ONLY, PHOTO_ONLY]))
    p = lambda name, group, present: pools[name].pick(rng, group, present)  # noqa: E731
    n_lang = len(pools.languages)
    lookalike = (kind == LOOKALIKE) & ~subject.official
    zero = np.zeros(size, np.int64)
    nouns = pl.select(
        pl.coalesce(
            p("noun", cat * n_lang + lang, generic_noun),
            p("accessory", cat, accessory),
            p("unbranded", cat, kind == UNBRANDED),
            p("lookalike", zero, lookalike),
            p("official_replica", zero, subject.official),
        )
    ).to_series()
    slots = {
        "mention": _only(mention, ~accessory),
        "line": p(
            "line", product, named & ~accessory & _chance(rng, size, np.where(fake, 0.55, 0.7))
        ),
        "target": _only(mention, accessory),
        "target_line": p("line", product, accessory & _chance(rng, size, 0.8)),
        "connector": p("connector", lang, accessory),
        "noun": nouns,
        "colour": p("colour", lang, ~lookalike & _chance(rng, size, 0.5)),
        "material": p("material", cat, (branded | (kind == UNBRANDED)) & _chance(rng, size, 0.4)),
        "size": p("size", cat, ~lookalike & _chance(rng, size, 0.35)),
        "adjective": p("adjective", lang, ~lookalike & _chance(rng, size, 0.5)),
        "model": p(
            "model",
            product,
            branded & (plan.brand >= 0) & _chance(rng, size, np.where(fake, 0.2, 0.3)),
        ),
        "emoji": p("emoji", zero, _chance(rng, size, np.where(plan.role == RACKET, 0.35, 0.12))),
        "fluff": p("fluff", lang, _chance(rng, size, np.where(fake, 0.5, 0.25))),
        "claim": p(
            "claim",
            lang,
            _chance(rng, size, np.where(fake, 0.12, np.where(plan.role == AUTHORIZED, 0.3, 0.1))),
        ),
        "condition": p("condition", lang, (kind == USED) & _chance(rng, size, 0.85)),
        "discount": p(
            "discount",
            lang,
            ((kind == DISCOUNT) & _chance(rng, size, 0.9))
            | ((kind == CLEARANCE) & _chance(rng, size, 0.6)),
        ),
        "cue": p(
            "cue", np.clip(plan.cue - 1, 0, 1), fake & (plan.cue != NO_CUE) & plan.cue_in_title
        ),
        "generic": p("unbranded_fluff", zero, (kind == UNBRANDED) & _chance(rng, size, 0.4)),
    }
    return arrange_title(rng, slots)


def descriptions(
    rng: np.random.Generator, pools: TextPools, plan: Plan, subject: Subject, mention: pl.Series
) -> pl.Series:
    """One description per listing: a few sentences, in the listing's language where possible."""
    size = len(plan.kind)
    kind, lang = plan.kind, subject.language
    fake = kind == FAKE
    p = lambda name, group, present: pools[name].pick(rng, group, present)  # noqa: E731
    genuine_brand = ~fake & (kind != ACCESSORY)
    cue_here = fake & (plan.cue != NO_CUE) & (~plan.cue_in_title | _chance(rng, size, 0.3))
    contact = np.select([plan.role == RACKET, plan.role == MIXED], [0.35, 0.1], 0.02)
    frame = pl.DataFrame(
        {
            "opening": p("openings", lang, _chance(rng, size, 0.7)),
            "detail": p("detail_prefix", lang, _chance(rng, size, 0.5)),
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
            "claim": p("claim", lang, _chance(rng, size, np.where(fake, 0.15, 0.25))),
            "contact": p("contact", lang, _chance(rng, size, contact)),
            "shipping": p("shipping", lang, _chance(rng, size, 0.6)),
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
