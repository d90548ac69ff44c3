"""Listing metrics with scikit-learn: operating points, ROC-AUC, PR-AUC, per tactic and brand.

The positive class is a listing labelled ``counterfeit``. A listing is *flagged* at an operating
point when its verdict is one of that point's verdicts.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    precision_recall_curve,
    precision_recall_fscore_support,
    recall_score,
    roc_auc_score,
)

from truemark.evaluate.listing_inputs import ListingInputs, load_listing_inputs
from truemark.evaluate.reports import BrandScore, Curve, GroupRate, ListingReport, OperatingPoint

FLAGGED = ("counterfeit",)
FLAGGED_OR_SUSPECT = ("counterfeit", "suspect")
CURVE_POINTS = 400
NO_BRAND = "(no brand)"


def _number(value: float) -> float | None:
    """A metric as a plain float, or None where it is undefined (NaN)."""
    return None if math.isnan(value) else float(value)


def _scores(labelled: np.ndarray, flagged: np.ndarray) -> tuple[float | None, ...]:
    precision, recall, f1, _ = precision_recall_fscore_support(
        labelled, flagged, average="binary", zero_division=np.nan
    )
    return _number(precision), _number(recall), _number(f1)


def operating_point(name: str, verdicts: tuple[str, ...], listings: pl.DataFrame) -> OperatingPoint:
    """Scores of flagging every listing whose verdict is in ``verdicts``."""
    labelled = listings.get_column("counterfeit").to_numpy()
    flagged = listings.get_column("verdict").is_in(verdicts).to_numpy()
    tn, fp, fn, tp = (
        int(n) for n in confusion_matrix(labelled, flagged, labels=[False, True]).ravel()
    )
    precision, recall, f1 = _scores(labelled, flagged)
    fpr = fp / (fp + tn) if fp + tn else None
    return OperatingPoint(name, verdicts, precision, recall, f1, fpr, tp, fp, fn, tn)


def _ranking(listings: pl.DataFrame) -> tuple[float | None, float | None, Curve]:
    """ROC-AUC, PR-AUC (average precision) and the PR curve of ranking listings by risk."""
    labelled = listings.get_column("counterfeit").to_numpy()
    risk = listings.get_column("risk").to_numpy()
    if labelled.all() or not labelled.any():
        return None, None, Curve((), (), ())  # one class only: the ranking measures nothing
    precision, recall, thresholds = precision_recall_curve(labelled, risk)
    keep = np.unique(np.linspace(0, len(thresholds) - 1, CURVE_POINTS).round().astype(int))
    curve = Curve(
        tuple(precision[keep].tolist()),
        tuple(recall[keep].tolist()),
        tuple(thresholds[keep].tolist()),
    )
    auc = float(roc_auc_score(labelled, risk))
    return auc, float(average_precision_score(labelled, risk)), curve


def _flag_rate(flagged: np.ndarray, counterfeit: bool) -> float:
    """Recall over a group of counterfeit listings, false-positive rate over genuine ones."""
    if counterfeit:
        return float(recall_score(np.ones_like(flagged), flagged, zero_division=np.nan))
    tn, fp, _, _ = confusion_matrix(np.zeros_like(flagged), flagged, labels=[False, True]).ravel()
    return float(fp / (fp + tn))


def group_rates(tactics: pl.DataFrame, counterfeit: bool) -> list[GroupRate]:
    """Flag rates per tactic, over the tactic rows whose listing's label equals ``counterfeit``."""
    rows = tactics.filter(pl.col("counterfeit") == counterfeit)
    rates = []
    for (name,), group in sorted(rows.partition_by("tactic", as_dict=True).items()):
        flagged = group.get_column("verdict").is_in(FLAGGED).to_numpy()
        either = group.get_column("verdict").is_in(FLAGGED_OR_SUSPECT).to_numpy()
        rate, rate_either = _flag_rate(flagged, counterfeit), _flag_rate(either, counterfeit)
        rates.append(
            GroupRate(str(name), group.height, int(flagged.sum()), _number(rate),
                      int(either.sum()), _number(rate_either))
        )  # fmt: skip
    return rates


def brand_scores(listings: pl.DataFrame) -> list[BrandScore]:
    """Precision, recall and F1 of verdict ``counterfeit`` per brand the results name."""
    by_brand = listings.with_columns(pl.col("brand_id").fill_null(NO_BRAND))
    scores = []
    for (brand,), group in sorted(by_brand.partition_by("brand_id", as_dict=True).items()):
        labelled = group.get_column("counterfeit").to_numpy()
        flagged = group.get_column("verdict").is_in(FLAGGED).to_numpy()
        scores.append(
            BrandScore(str(brand), group.height, int(labelled.sum()), *_scores(labelled, flagged))
        )
    return scores


def listing_report(inputs: ListingInputs, sources: dict[str, str]) -> ListingReport:
    """Every listing metric of one set of checked, joined inputs."""
    listings = inputs.listings
    counterfeit = int(listings.get_column("counterfeit").sum())
    points = (
        operating_point("counterfeit", FLAGGED, listings),
        operating_point("counterfeit+suspect", FLAGGED_OR_SUSPECT, listings),
    )
    roc_auc, pr_auc, curve = _ranking(listings)
    tactics = inputs.tactics
    evasions = group_rates(tactics, counterfeit=True) if tactics is not None else []
    hard_negatives = group_rates(tactics, counterfeit=False) if tactics is not None else []
    return ListingReport(
        listings=listings.height,
        counterfeit=counterfeit,
        genuine=listings.height - counterfeit,
        operating_points=points,
        roc_auc=roc_auc,
        pr_auc=pr_auc,
        pr_curve=curve,
        tactics=tuple(evasions),
        hard_negatives=tuple(hard_negatives),
        brands=tuple(brand_scores(listings)),
        sources=sources,
    )


def evaluate_listings(labels: Path, results: Path, tactics: Path | None = None) -> ListingReport:
    """Score a scan's results against labels; raises ValidationError naming every bad row."""
    inputs = load_listing_inputs(labels, results, tactics)
    sources = {"labels": str(labels), "results": str(results)}
    if tactics is not None:
        sources["tactics"] = str(tactics)
    return listing_report(inputs, sources)
