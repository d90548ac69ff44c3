"""Cue terms from alliance intel: folded like the packaged cues, matched by the text detector, and
each match says whose intelligence it was (``text.cue_source``)."""

from __future__ import annotations

import pickle
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from truemark.catalog import Catalog, catalog_from_dict
from truemark.detect.intel_cues import load_cue_terms, with_intel_cues
from truemark.detect.lexicon import fold_terms, lexicon
from truemark.detect.text import TextDetector
from truemark.errors import InputError, ValidationError

CUES = pl.DataFrame(
    {
        "term": ["Tribute  Grade", "REPLICA", "ｓｕｐｅｒ ａａ"],
        "provenance": ["intel:brand-a:aaaa", "intel:brand-c:cccc", "intel:brand-c:dddd"],
    }
)
SCHEMA = {"title": pl.String, "description": pl.String}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    product = {"sku": "g-1", "name": "Marmont bag", "category": "handbags", "msrp": 100.0,
               "currency": "USD"}  # fmt: skip
    brand = {"id": "gucci", "name": "Gucci", "owner": "Kering", "products": [product]}
    return catalog_from_dict({"version": 1, "brands": [brand]})


@pytest.fixture(scope="module")
def detector(catalog: Catalog) -> TextDetector:
    return TextDetector(catalog, words=with_intel_cues(lexicon(), CUES))


def _signals(detector: TextDetector, *titles: str) -> list[dict[str, object]]:
    batch = pl.DataFrame({"title": titles, "description": [None] * len(titles)}, schema=SCHEMA)
    return detector.signals(batch).select(pl.all().name.map(lambda n: n[5:])).to_dicts()


def test_intel_cues_follow_the_packaged_ones_with_their_provenance() -> None:
    words = with_intel_cues(lexicon(), CUES)
    packaged = len(lexicon().cues)
    assert words.cues[packaged:] == ("tribute grade", "super aa")  # "replica" is packaged already
    assert words.cue_labels[packaged:] == ("tribute grade", "ｓｕｐｅｒ ａａ")
    assert words.cue_sources[packaged:] == ("intel:brand-a:aaaa", "intel:brand-c:dddd")
    assert set(words.cue_sources[:packaged]) == {None}
    assert lexicon().cues == words.cues[:packaged]  # the cached lexicon is left alone


def test_a_listing_caught_by_an_intel_cue_says_whose_it_was(detector: TextDetector) -> None:
    caught, packaged, neither, both = _signals(
        detector,
        "Gucci Marmont bag TRIBUTE grade",
        "Gucci replica bag",
        "Gucci Marmont bag",
        "ＳＵＰＥＲ ＡＡ gucci bag, tribute-grade",
    )
    assert (caught["cue_count"], caught["cue_terms"]) == (1, ["tribute grade"])
    assert caught["cue_source"] == "intel:brand-a:aaaa"
    assert (packaged["cue_count"], packaged["cue_source"]) == (1, None)
    assert (neither["cue_count"], neither["cue_source"]) == (0, None)
    assert both["cue_count"] == 1  # "tribute-grade" is another spelling, not the shared term
    assert both["cue_source"] == "intel:brand-c:dddd"


def test_several_intel_cues_name_every_source(detector: TextDetector) -> None:
    (row,) = _signals(detector, "Gucci bag tribute grade super aa")
    assert row["cue_count"] == 2
    assert row["cue_source"] == "intel:brand-a:aaaa, intel:brand-c:dddd"


def test_the_detector_with_intel_cues_travels_to_workers(detector: TextDetector) -> None:
    copy = pickle.loads(pickle.dumps(detector))
    assert _signals(copy, "Gucci tribute grade") == _signals(detector, "Gucci tribute grade")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20))
def test_an_intel_term_is_folded_as_a_packaged_one(term: str) -> None:
    words = with_intel_cues(lexicon(), pl.DataFrame({"term": [term], "provenance": ["intel:x:1"]}))
    folded = fold_terms([term])
    added = words.cues[len(lexicon().cues) :]
    assert added == tuple(t for t in folded if t not in lexicon().cues)


def test_the_bank_file_is_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "cues.csv"
    good.write_text("term,provenance\n1:1 aaa,intel:brand-a:1\n007,intel:brand-a:2\n")
    assert load_cue_terms(good).rows() == [
        ("1:1 aaa", "intel:brand-a:1"),
        ("007", "intel:brand-a:2"),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("term,provenance\n ,intel:brand-a:1\nfine,\n,\n")
    with pytest.raises(ValidationError) as caught:
        load_cue_terms(bad)
    where = sorted((p.where, p.field) for p in caught.value.problems)
    assert where == [("row 1", "term"), ("row 2", "provenance"), ("row 3", "provenance"),
                     ("row 3", "term")]  # fmt: skip
    header_only = tmp_path / "empty.csv"
    header_only.write_text("term,provenance\n")
    assert load_cue_terms(header_only).is_empty()
    no_column = tmp_path / "terms.csv"
    no_column.write_text("term\ntribute grade\n")
    with pytest.raises(InputError, match="lacks column"):
        load_cue_terms(no_column)
    with pytest.raises(InputError, match="no cue-terms file"):
        load_cue_terms(tmp_path / "missing.csv")
