"""Labels and tactics: balance, every tactic present, every listing described."""

from __future__ import annotations

import re

import polars as pl

from truemark.simulate import SimulationSummary
from truemark.simulate.brands import load_brands
from truemark.simulate.plan import KINDS, MENTIONS

COUNTERFEIT_TACTICS = set(MENTIONS) | {
    "cue_word",
    "cue_multilingual",
    "no_cue",
    "cheap_price",
    "low_price",
    "mid_price",
    "stolen_photo",
    "known_fake_photo",
    "mixed_seller",
}
GENUINE_KINDS = (set(KINDS) - {"counterfeit"}) | {"authorized_photo", "shared_weak_attribute"}


def test_label_balance(labelled: pl.DataFrame) -> None:
    share = (labelled["label"] == "counterfeit").mean()
    assert share is not None
    assert 0.15 <= share <= 0.35
    assert set(labelled["label"].unique()) == {"counterfeit", "genuine"}


def test_every_tactic_and_kind_is_present(tactics: pl.DataFrame) -> None:
    assert set(tactics["tactic"].unique()) >= COUNTERFEIT_TACTICS | GENUINE_KINDS


def test_every_listing_has_a_tactic_row_of_its_class(
    labelled: pl.DataFrame, tactics: pl.DataFrame
) -> None:
    joined = tactics.join(labelled.select("listing_id", "label"), on="listing_id")
    assert set(labelled["listing_id"]) == set(tactics["listing_id"])
    fake_rows = joined.filter(pl.col("label") == "counterfeit")
    assert set(fake_rows["tactic"].unique()) <= COUNTERFEIT_TACTICS
    assert set(joined.filter(pl.col("label") == "genuine")["tactic"].unique()) <= GENUINE_KINDS
    mention = fake_rows.filter(pl.col("tactic").is_in(list(MENTIONS)))
    assert (
        mention["listing_id"].n_unique()
        == mention.height
        == (labelled["label"] == "counterfeit").sum()
    )


def test_not_every_fake_is_cheap_nor_every_cheap_item_fake(
    labelled: pl.DataFrame, tactics: pl.DataFrame, market: SimulationSummary
) -> None:
    mid = tactics.filter(pl.col("tactic") == "mid_price")["listing_id"]
    assert mid.len() > 0
    cheap_genuine = tactics.filter(
        pl.col("tactic").is_in(["compatible_accessory", "used_damaged", "genuine_clearance"])
    )
    assert cheap_genuine.height > 0


def test_cue_words_in_many_languages_and_homoglyph_scripts(
    labelled: pl.DataFrame, tactics: pl.DataFrame
) -> None:
    homoglyph = tactics.filter(pl.col("tactic") == "homoglyph")["listing_id"]
    titles = labelled.filter(pl.col("listing_id").is_in(homoglyph.implode()))["title"]
    assert not titles.str.contains(r"^[\x00-\x7f]*$").all()
    zero_width = tactics.filter(pl.col("tactic") == "zero_width")["listing_id"]
    text = labelled.filter(pl.col("listing_id").is_in(zero_width.implode()))
    assert text["title"].str.contains("[\u200b\u200c\u200d\u2060\ufeff]").mean() > 0.5


DISGUISED = ["homoglyph", "leetspeak", "spacing", "zero_width", "alias_only", "abbreviation_only",
             "misspelling", "description_only", "photo_only"]  # fmt: skip


def test_disguised_listings_never_spell_the_mark_in_the_title(
    labelled: pl.DataFrame, tactics: pl.DataFrame
) -> None:
    marks = "|".join(re.escape(b.name.lower()) for b in load_brands())
    disguised = tactics.filter(pl.col("tactic").is_in(DISGUISED))["listing_id"]
    rows = labelled.filter(pl.col("listing_id").is_in(disguised.implode()))
    assert rows.height > 0
    assert not rows["title"].str.to_lowercase().str.contains(rf"(^|\W)({marks})(\W|$)").any()
    photo_only = tactics.filter(pl.col("tactic") == "photo_only")["listing_id"]
    text = labelled.filter(pl.col("listing_id").is_in(photo_only.implode()))["description"]
    assert not text.str.to_lowercase().str.contains(rf"(^|\W)({marks})(\W|$)").any()
