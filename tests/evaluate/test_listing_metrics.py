"""Listing metrics against the ten-listing case, computed by hand in the comments."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from truemark.evaluate import evaluate_listings

CsvFile = Callable[[str, list[str], Sequence[tuple[object, ...]]], Path]


def test_operating_point_counterfeit(ten: dict[str, Path]) -> None:
    # flagged: L1, L2 (counterfeit) and L5 (genuine); missed: L3, L4.
    report = evaluate_listings(ten["labels"], ten["results"])
    point = report.operating_points[0]
    assert point.name == "counterfeit"
    assert (point.true_positives, point.false_positives) == (2, 1)
    assert (point.false_negatives, point.true_negatives) == (2, 5)
    assert point.precision == pytest.approx(2 / 3)
    assert point.recall == pytest.approx(1 / 2)
    assert point.f1 == pytest.approx(4 / 7)  # 2PR/(P+R) = (2/3)/(7/6)
    assert point.false_positive_rate == pytest.approx(1 / 6)


def test_operating_point_counterfeit_or_suspect(ten: dict[str, Path]) -> None:
    # flagged: L1, L2, L3 (counterfeit) and L5, L6 (genuine); missed: L4.
    point = evaluate_listings(ten["labels"], ten["results"]).operating_points[1]
    assert point.verdicts == ("counterfeit", "suspect")
    assert (point.true_positives, point.false_positives) == (3, 2)
    assert (point.false_negatives, point.true_negatives) == (1, 4)
    assert point.precision == pytest.approx(3 / 5)
    assert point.recall == pytest.approx(3 / 4)
    assert point.f1 == pytest.approx(2 / 3)
    assert point.false_positive_rate == pytest.approx(2 / 6)


def test_ranking_by_risk(ten: dict[str, Path]) -> None:
    report = evaluate_listings(ten["labels"], ten["results"])
    # ROC-AUC: of 4 x 6 (counterfeit, genuine) pairs, the counterfeit one is riskier in
    # 6 (L1) + 6 (L2) + 5 (L3) + 3 (L4) = 20.
    assert report.roc_auc == pytest.approx(20 / 24)
    # Average precision: precision at each counterfeit listing down the ranking
    # .9 .8 (.7) .6 (.5 .3) .2 -> 1/1, 2/2, 3/4, 4/7, averaged over the 4.
    assert report.pr_auc == pytest.approx((1 + 1 + 3 / 4 + 4 / 7) / 4)
    assert (report.listings, report.counterfeit, report.genuine) == (10, 4, 6)
    assert report.pr_curve.recall[0] == pytest.approx(1.0)
    assert len(report.pr_curve.precision) == len(report.pr_curve.threshold)


def test_recall_per_tactic(ten: dict[str, Path]) -> None:
    report = evaluate_listings(ten["labels"], ten["results"], ten["tactics"])
    tactics = {group.name: group for group in report.tactics}
    assert set(tactics) == {"homoglyph", "cue_word"}
    assert tactics["homoglyph"].listings == 2  # L1, L2; L8 is genuine
    assert tactics["homoglyph"].rate == pytest.approx(1.0)
    cue = tactics["cue_word"]  # L2 counterfeit, L3 suspect, L4 clear
    assert (cue.listings, cue.flagged, cue.flagged_or_suspect) == (3, 1, 2)
    assert cue.rate == pytest.approx(1 / 3)
    assert cue.rate_or_suspect == pytest.approx(2 / 3)


def test_false_positive_rate_per_hard_negative_kind(ten: dict[str, Path]) -> None:
    report = evaluate_listings(ten["labels"], ten["results"], ten["tactics"])
    kinds = {group.name: group for group in report.hard_negatives}
    assert set(kinds) == {"used_damaged", "compatible_accessory", "homoglyph"}
    used = kinds["used_damaged"]  # L5 counterfeit verdict, L6 suspect
    assert (used.listings, used.flagged, used.flagged_or_suspect) == (2, 1, 2)
    assert used.rate == pytest.approx(1 / 2)
    assert used.rate_or_suspect == pytest.approx(1.0)
    assert kinds["compatible_accessory"].rate == 0.0
    assert kinds["homoglyph"].listings == 1  # L8 by its label, not by the tactic's name


def test_per_brand(ten: dict[str, Path]) -> None:
    brands = {b.brand_id: b for b in evaluate_listings(ten["labels"], ten["results"]).brands}
    gucci = brands["gucci"]  # L1-L5: counterfeit L1-L4, flagged L1, L2, L5
    assert (gucci.listings, gucci.counterfeit) == (5, 4)
    assert gucci.precision == pytest.approx(2 / 3)
    assert gucci.recall == pytest.approx(1 / 2)
    unbranded = brands["(no brand)"]  # L6-L10, all genuine, none flagged counterfeit
    assert (unbranded.listings, unbranded.counterfeit) == (5, 0)
    assert unbranded.precision is None  # nothing flagged: undefined, not 0
    assert unbranded.recall is None


def test_one_class_only_has_no_auc(csv_file: CsvFile) -> None:
    labels = csv_file("l.csv", ["listing_id", "label"], [("a", "genuine")])
    results = csv_file("r.csv", ["listing_id", "risk", "verdict"], [("a", "0.2", "clear")])
    report = evaluate_listings(labels, results)
    assert report.roc_auc is None
    assert report.pr_auc is None
    assert report.operating_points[0].recall is None
    assert report.operating_points[0].false_positive_rate == 0.0
