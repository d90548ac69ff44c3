"""The report objects of an evaluation: plain frozen dataclasses that serialize to JSON.

A metric that is undefined on the data (precision when nothing was flagged, ROC-AUC when only
one class is labelled) is ``None``, never a made-up 0 or 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import orjson

from truemark import __version__


class JsonReport:
    """A report dataclass that serializes itself: plain data, and indented JSON."""

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready plain data."""
        return asdict(self)  # type: ignore[call-overload]

    def to_json(self) -> bytes:
        """The report as indented JSON."""
        return orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2)


@dataclass(frozen=True)
class OperatingPoint:
    """Precision, recall and confusion counts when the listings with these verdicts are flagged."""

    name: str
    verdicts: tuple[str, ...]
    precision: float | None
    recall: float | None
    f1: float | None
    false_positive_rate: float | None
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int


@dataclass(frozen=True)
class GroupRate:
    """How many listings of one group were flagged: recall for a tactic, FPR for a hard negative."""

    name: str
    listings: int
    flagged: int  # verdict counterfeit
    rate: float | None
    flagged_or_suspect: int  # verdict counterfeit or suspect
    rate_or_suspect: float | None


@dataclass(frozen=True)
class BrandScore:
    """Scores over the listings that the results attribute to one brand (verdict counterfeit)."""

    brand_id: str
    listings: int
    counterfeit: int  # labelled counterfeit
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class Curve:
    """A precision-recall curve, thinned for drawing; ``threshold[i]`` gives point ``i``."""

    precision: tuple[float, ...]
    recall: tuple[float, ...]
    threshold: tuple[float, ...]


@dataclass(frozen=True)
class ListingReport(JsonReport):
    """Everything measured on listings: operating points, ranking quality, tactics, brands."""

    listings: int
    counterfeit: int
    genuine: int
    operating_points: tuple[OperatingPoint, ...]
    roc_auc: float | None
    pr_auc: float | None
    pr_curve: Curve
    tactics: tuple[GroupRate, ...]  # recall per evasion tactic, over counterfeit listings
    hard_negatives: tuple[GroupRate, ...]  # false-positive rate per kind, over genuine listings
    brands: tuple[BrandScore, ...]
    sources: dict[str, str]


@dataclass(frozen=True)
class ClusterScore:
    """Precision, recall and F1 of one way of comparing two clusterings of sellers."""

    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class NetworkReport(JsonReport):
    """How well the predicted seller networks recover the true rackets."""

    sellers: int
    true_rackets: int  # truth networks of two or more sellers
    racket_sellers: int
    predicted_networks: int  # predicted networks of two or more sellers
    rackets_recovered_exactly: int
    pairwise: ClusterScore
    bcubed: ClusterScore  # averaged over racket sellers
    bcubed_all_sellers: ClusterScore  # averaged over every seller, singletons included
    honest_sellers: int
    honest_sellers_merged: int  # honest sellers put into a predicted network of two or more
    sources: dict[str, str]


@dataclass(frozen=True)
class EvaluationReport(JsonReport):
    """One evaluation run: the listing report, the network report, or both."""

    listings: ListingReport | None
    networks: NetworkReport | None
    truemark_version: str = __version__
