"""Evaluation: score a scan's results and predicted seller networks against labels.

``evaluate_listings`` and ``evaluate_networks`` read and check the inputs and return report
objects that serialize to JSON; ``write_report`` writes them as Markdown, JSON and HTML.
"""

from truemark.evaluate.evaluation import evaluate
from truemark.evaluate.listing_metrics import evaluate_listings
from truemark.evaluate.network_metrics import evaluate_networks
from truemark.evaluate.report_files import write_report
from truemark.evaluate.reports import (
    BrandScore,
    ClusterScore,
    Curve,
    EvaluationReport,
    GroupRate,
    ListingReport,
    NetworkReport,
    OperatingPoint,
)
from truemark.evaluate.summary import summary_tables

__all__ = [
    "BrandScore",
    "ClusterScore",
    "Curve",
    "EvaluationReport",
    "GroupRate",
    "ListingReport",
    "NetworkReport",
    "OperatingPoint",
    "evaluate",
    "evaluate_listings",
    "evaluate_networks",
    "summary_tables",
    "write_report",
]
