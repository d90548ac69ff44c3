"""One evaluation run: listings always, seller networks when both network files are given."""

from __future__ import annotations

from pathlib import Path

from truemark.errors import InputError
from truemark.evaluate.listing_metrics import evaluate_listings
from truemark.evaluate.network_metrics import evaluate_networks
from truemark.evaluate.reports import EvaluationReport


def evaluate(
    labels: Path,
    results: Path,
    tactics: Path | None = None,
    networks: Path | None = None,
    truth: Path | None = None,
) -> EvaluationReport:
    """Score listings, and networks when ``networks`` and ``truth`` are both given."""
    if (networks is None) != (truth is None):
        raise InputError("--networks and --truth go together: give both files or neither")
    listing_report = evaluate_listings(labels, results, tactics)
    network_report = None
    if networks is not None and truth is not None:
        network_report = evaluate_networks(truth, networks)
    return EvaluationReport(listings=listing_report, networks=network_report)
