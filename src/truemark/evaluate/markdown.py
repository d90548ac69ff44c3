"""The evaluation report as Markdown: one section per table, figures right-aligned."""

from __future__ import annotations

from truemark.evaluate.reports import EvaluationReport
from truemark.evaluate.views import TableView, report_views


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table_markdown(view: TableView) -> str:
    """One table view as a Markdown section."""
    lines = [f"## {view.title}", "", view.caption, ""]
    lines.append("| " + " | ".join(_cell(h) for h in view.headers) + " |")
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(view.headers) - 1)) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in view.rows]
    return "\n".join(lines)


def _sources(report: EvaluationReport) -> list[str]:
    sources = {
        **(report.listings.sources if report.listings else {}),
        **(report.networks.sources if report.networks else {}),
    }
    return [f"- {role}: `{path}`" for role, path in sources.items()]


def report_markdown(report: EvaluationReport) -> str:
    """The whole report: inputs, then every table."""
    head = [f"# truemark evaluation (truemark {report.truemark_version})", "", "Inputs:", ""]
    body = [table_markdown(view) for view in report_views(report)]
    return "\n\n".join(["\n".join(head + _sources(report)), *body]) + "\n"
