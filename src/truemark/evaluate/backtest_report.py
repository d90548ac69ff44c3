"""Write a backtest report as JSON and Markdown: flips with examples, scores before and after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from truemark.evaluate.backtest import BacktestReport
from truemark.evaluate.backtest_scores import GroupScore

SCORE_HEADER = (
    "| group | listings | counterfeit | flagged before | flagged after "
    "| precision before | precision after | recall before | recall after |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def percent(value: float | None) -> str:
    """``97.9 %``, or ``–`` when there is nothing to divide by."""
    return "–" if value is None else f"{100 * value:.1f} %"


def score_cells(score: GroupScore) -> list[str]:
    """The cells of one score row, in the order of :data:`SCORE_HEADER`."""
    return [
        score.group,
        str(score.listings),
        str(score.counterfeit),
        str(score.flagged_before),
        str(score.flagged_after),
        percent(score.precision_before),
        percent(score.precision_after),
        percent(score.recall_before),
        percent(score.recall_after),
    ]


def _scores(title: str, scores: list[GroupScore]) -> list[str]:
    rows = ["| " + " | ".join(score_cells(score)) + " |" for score in scores]
    return [f"## {title}", "", SCORE_HEADER, *rows, ""]


def _examples(title: str, examples: list[dict[str, Any]]) -> list[str]:
    lines = [f"## {title}", "", "| listing | brand | before | after | reasons | label |"]
    lines.append("|---|---|---|---|---|---|")
    for row in examples:
        label = {True: "counterfeit", False: "genuine"}.get(row["counterfeit"], "unlabelled")
        reasons = ", ".join(row["reasons"] or [])
        cells = [row["listing_id"], row["brand_id"] or "", row["before"], row["after"], reasons]
        lines.append("| " + " | ".join([*cells, label]) + " |")
    return [*lines, ""]


def backtest_markdown(report: BacktestReport) -> str:
    """The report as a Markdown page."""
    lines = [
        "# Policy backtest",
        "",
        f"- live policy: `{report.live_version}`",
        f"- candidate policy: `{report.candidate_version}`",
        f"- listings re-decided: {report.listings} ({report.labelled} labelled), "
        f"from {len(report.files)} results file(s)",
        f"- new flags: {report.new_flags}; dropped flags: {report.dropped_flags}",
        "",
        *_scores("Overall", [report.overall]),
        *_examples("New flags (examples)", report.new_examples),
        *_examples("Dropped flags (examples)", report.dropped_examples),
        *_scores("By brand", report.by_brand),
    ]
    if report.by_tactic:
        lines += _scores("By tactic", report.by_tactic)
    return "\n".join(lines)


def write_backtest(report: BacktestReport, folder: Path) -> list[Path]:
    """``backtest.json`` and ``backtest.md`` in ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    json_file, markdown_file = folder / "backtest.json", folder / "backtest.md"
    options = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY
    json_file.write_bytes(orjson.dumps(report.to_dict(), option=options))
    markdown_file.write_text(backtest_markdown(report) + "\n", encoding="utf-8")
    return [json_file, markdown_file]
