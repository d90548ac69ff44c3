"""Titles and descriptions of one batch: which slots each listing fills, from which pools."""

from __future__ import annotations

import numpy as np
import polars as pl

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
from truemark.simulate.sellers import AUTHORIZED, RACKET
from truemark.simulate.subject import Subject, chance, only
from truemark.simulate.text_pools import FORMS, TextPools
from truemark.simulate.titles import arrange_title

# counterfeit mention tactic -> mention pool form (description_only uses the name, photo_only none)
_FORM_OF_MENTION = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0, 0])


def mentions(
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
        & ((plan.mention == DESCRIPTION_ONLY) | chance(rng, size, np.where(fake, 0.3, 0.4)))
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
    # a disguised mark must not sit in clear inside the product line ("Return to Tiffany")
    gives_away = fake & (plan.mention > 0) & pools.line_has_mark[product]
    line_rate = np.where(fake, 0.55, 0.7)
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
        "mention": only(mention, ~accessory),
        "line": p("line", product, named & ~accessory & ~gives_away & chance(rng, size, line_rate)),
        "target": only(mention, accessory),
        "target_line": p("line", product, accessory & chance(rng, size, 0.8)),
        "connector": p("connector", lang, accessory),
        "noun": nouns,
        "colour": p("colour", lang, ~lookalike & chance(rng, size, 0.5)),
        "material": p("material", cat, (branded | (kind == UNBRANDED)) & chance(rng, size, 0.4)),
        "size": p("size", cat, ~lookalike & chance(rng, size, 0.35)),
        "adjective": p("adjective", lang, ~lookalike & chance(rng, size, 0.5)),
        "model": p(
            "model",
            product,
            branded & (plan.brand >= 0) & chance(rng, size, np.where(fake, 0.2, 0.3)),
        ),
        "emoji": p("emoji", zero, chance(rng, size, np.where(plan.role == RACKET, 0.35, 0.12))),
        "fluff": p("fluff", lang, chance(rng, size, np.where(fake, 0.5, 0.25))),
        "claim": p(
            "claim",
            lang,
            chance(rng, size, np.where(fake, 0.12, np.where(plan.role == AUTHORIZED, 0.3, 0.1))),
        ),
        "condition": p("condition", lang, (kind == USED) & chance(rng, size, 0.85)),
        "discount": p(
            "discount",
            lang,
            ((kind == DISCOUNT) & chance(rng, size, 0.9))
            | ((kind == CLEARANCE) & chance(rng, size, 0.6)),
        ),
        "cue": p(
            "cue", np.clip(plan.cue - 1, 0, 1), fake & (plan.cue != NO_CUE) & plan.cue_in_title
        ),
        "generic": p("unbranded_fluff", zero, (kind == UNBRANDED) & chance(rng, size, 0.4)),
    }
    return arrange_title(rng, slots)
