"""The report as titled tables of formatted text, shared by the terminal, Markdown and HTML.

Each renderer only lays these tables out, so the three always show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from truemark.evaluate.reports import (
    ClusterScore,
    EvaluationReport,
    GroupRate,
    ListingReport,
    NetworkReport,
    OperatingPoint,
)

Row = tuple[str, ...]


@dataclass(frozen=True)
class TableView:
    """A titled table; the first column is a name, the others are figures."""

    key: str
    title: str
    caption: str
    headers: Row
    rows: tuple[Row, ...]


def metric(value: float | None) -> str:
    """A rate or score to three decimals; a dash where it is undefined."""
    return "—" if value is None else f"{value:.3f}"


def count(value: int) -> str:
    """A count with thousands separators."""
    return f"{value:,}"


def _confusion(point: OperatingPoint) -> tuple[int, int, int, int]:
    return (
        point.true_positives,
        point.false_positives,
        point.false_negatives,
        point.true_negatives,
    )


def _verdict_views(report: ListingReport) -> list[TableView]:
    share = report.counterfeit / report.listings if report.listings else 0.0
    points = report.operating_points
    return [
        TableView(
            "operating_points",
            "Verdicts",
            f"{count(report.listings)} listings: {count(report.counterfeit)} counterfeit "
            f"({share:.1%}), {count(report.genuine)} genuine. A listing is flagged when its "
            "verdict is one of those named.",
            ("flagged verdicts", "precision", "recall", "F1", "FPR"),
            tuple(
                (p.name, *(metric(v) for v in (p.precision, p.recall, p.f1, p.false_positive_rate)))
                for p in points
            ),
        ),
        TableView(
            "confusion",
            "Confusion counts",
            "TP: counterfeit and flagged; FP: genuine and flagged; FN: counterfeit, not flagged; "
            "TN: genuine, not flagged.",
            ("flagged verdicts", "TP", "FP", "FN", "TN"),
            tuple((p.name, *(count(n) for n in _confusion(p))) for p in points),
        ),
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


def _group_view(
    key: str, title: str, name: str, rate: str, groups: tuple[GroupRate, ...]
) -> TableView:
    return TableView(
        key,
        title,
        f"Share of each {name}'s listings that the verdicts flagged; columns with * also count "
        "suspect verdicts as flagged.",
        (name, "listings", "flagged", rate, "flagged*", f"{rate}*"),
        tuple(
            (g.name, count(g.listings), count(g.flagged), metric(g.rate),
             count(g.flagged_or_suspect), metric(g.rate_or_suspect))
            for g in groups
        ),
    )  # fmt: skip


def _brand_view(report: ListingReport) -> TableView:
    return TableView(
        "brands",
        "Per brand",
        "Listings grouped by the brand the results name; flagged when verdict is counterfeit.",
        ("brand", "listings", "counterfeit", "precision", "recall", "F1"),
        tuple(
            (b.brand_id, count(b.listings), count(b.counterfeit),
             *(metric(v) for v in (b.precision, b.recall, b.f1)))
            for b in report.brands
        ),
    )  # fmt: skip


def listing_views(report: ListingReport) -> list[TableView]:
    """Verdicts, confusion counts, ranking, tactics, hard negatives and brands."""
    views = _verdict_views(report)
    if report.tactics:
        title = "Recall per evasion tactic (counterfeit listings)"
        views.append(_group_view("tactics", title, "tactic", "recall", report.tactics))
    if report.hard_negatives:
        title = "False-positive rate per hard-negative kind (genuine listings)"
        views.append(_group_view("hard_negatives", title, "kind", "FPR", report.hard_negatives))
    return [*views, _brand_view(report)]


def _score_row(name: str, score: ClusterScore) -> Row:
    return (name, metric(score.precision), metric(score.recall), metric(score.f1))


def network_views(report: NetworkReport) -> list[TableView]:
    """Pairwise and B-cubed scores, then the counts behind them."""
    scores = (
        _score_row("pairwise (pairs of sellers)", report.pairwise),
        _score_row("B-cubed, racket sellers", report.bcubed),
        _score_row("B-cubed, all sellers", report.bcubed_all_sellers),
    )
    counts = (
        ("predicted networks (2+ sellers)", count(report.predicted_networks)),
        ("rackets recovered exactly", count(report.rackets_recovered_exactly)),
        ("honest sellers", count(report.honest_sellers)),
        ("honest sellers wrongly merged", count(report.honest_sellers_merged)),
    )
    return [
        TableView(
            "network_scores",
            "Seller networks",
            f"{count(report.true_rackets)} true rackets of two or more accounts "
            f"({count(report.racket_sellers)} sellers) among {count(report.sellers)} sellers.",
            ("measure", "precision", "recall", "F1"),
            scores,
        ),
        TableView(
            "network_counts",
            "Network counts",
            "Honest sellers: those the truth puts in no operation of two or more accounts.",
            ("count", "value"),
            counts,
        ),
    ]


def report_views(report: EvaluationReport) -> list[TableView]:
    """Every table of one evaluation, listings first."""
    views = listing_views(report.listings) if report.listings else []
    return views + (network_views(report.networks) if report.networks else [])
