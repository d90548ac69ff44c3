"""The report as titled tables of formatted text, shared by the terminal, Markdown and HTML.

Each renderer only lays these tables out, so the three always show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from truemark.evaluate.reports import ClusterScore, EvaluationReport, GroupRate, ListingReport
from truemark.evaluate.reports import NetworkReport


@dataclass(frozen=True)
class TableView:
    """A titled table; the first column is a name, the others are figures."""

    key: str
    title: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def metric(value: float | None) -> str:
    """A rate or score to three decimals; a dash where it is undefined."""
    return "—" if value is None else f"{value:.3f}"


def count(value: int) -> str:
    """A count with thousands separators."""
    return f"{value:,}"


def listing_views(report: ListingReport) -> list[TableView]:
    """Operating points, ranking, tactics, hard negatives and brands."""
    share = report.counterfeit / report.listings if report.listings else 0.0
    views = [
        TableView(
            "operating_points",
            "Verdicts",
            f"{count(report.listings)} listings: {count(report.counterfeit)} counterfeit "
            f"({share:.1%}), {count(report.genuine)} genuine.",
            ("flagged when verdict is", "precision", "recall", "F1", "FPR", "TP", "FP", "FN", "TN"),
            tuple(
                (
                    p.name,
                    metric(p.precision),
                    metric(p.recall),
                    metric(p.f1),
                    metric(p.false_positive_rate),
                    count(p.true_positives),
                    count(p.false_positives),
                    count(p.false_negatives),
                    count(p.true_negatives),
                )
                for p in report.operating_points
            ),
        ),  # fmt: skip
        TableView(
            "ranking",
            "Ranking by risk",
            "Areas under the curves of every threshold on risk; independent of the verdicts.",
            ("measure", "value"),
            (
                ("ROC-AUC", metric(report.roc_auc)),
                ("PR-AUC (average precision)", metric(report.pr_auc)),
            ),
        ),
    ]
    if report.tactics:
        views.append(_group_view("tactics", "Recall per evasion tactic", "tactic",
                                 "counterfeit listings", "recall", report.tactics))  # fmt: skip
    if report.hard_negatives:
        views.append(_group_view("hard_negatives", "False-positive rate per hard-negative kind",
                                 "kind", "genuine listings", "FPR", report.hard_negatives))  # fmt: skip
    views.append(
        TableView(
            "brands",
            "Per brand",
            "Listings grouped by the brand the results name; flagged when verdict is counterfeit.",
            ("brand", "listings", "counterfeit", "precision", "recall", "F1"),
            tuple(
                (
                    b.brand_id,
                    count(b.listings),
                    count(b.counterfeit),
                    metric(b.precision),
                    metric(b.recall),
                    metric(b.f1),
                )
                for b in report.brands
            ),
        )  # fmt: skip
    )
    return views


def _group_view(key: str, title: str, name: str, population: str, rate: str,
                groups: tuple[GroupRate, ...]) -> TableView:  # fmt: skip
    return TableView(
        key,
        title,
        f"Share of the {population} of each {name} that the verdicts flagged.",
        (name, population, "counterfeit", rate, "counterfeit or suspect", f"{rate} with suspect"),
        tuple(
            (g.name, count(g.listings), count(g.flagged), metric(g.rate),
             count(g.flagged_or_suspect), metric(g.rate_or_suspect))
            for g in groups
        ),
    )  # fmt: skip


def _score_row(name: str, score: ClusterScore) -> tuple[str, ...]:
    return (name, metric(score.precision), metric(score.recall), metric(score.f1))


def network_views(report: NetworkReport) -> list[TableView]:
    """Pairwise and B-cubed scores, then the counts behind them."""
    return [
        TableView(
            "network_scores",
            "Seller networks",
            f"{count(report.true_rackets)} true rackets of two or more accounts "
            f"({count(report.racket_sellers)} sellers) among {count(report.sellers)} sellers.",
            ("measure", "precision", "recall", "F1"),
            (
                _score_row("pairwise (pairs of sellers)", report.pairwise),
                _score_row("B-cubed, racket sellers", report.bcubed),
                _score_row("B-cubed, all sellers", report.bcubed_all_sellers),
            ),
        ),
        TableView(
            "network_counts",
            "Network counts",
            "Honest sellers are those the truth puts in no operation of two or more accounts.",
            ("count", "value"),
            (
                ("predicted networks (2+ sellers)", count(report.predicted_networks)),
                ("rackets recovered exactly", count(report.rackets_recovered_exactly)),
                ("honest sellers", count(report.honest_sellers)),
                ("honest sellers wrongly merged", count(report.honest_sellers_merged)),
            ),
        ),
    ]


def report_views(report: EvaluationReport) -> list[TableView]:
    """Every table of one evaluation, listings first."""
    views = listing_views(report.listings) if report.listings else []
    return views + (network_views(report.networks) if report.networks else [])
