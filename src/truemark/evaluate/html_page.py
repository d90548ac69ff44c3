"""The evaluation report as one self-contained HTML page: headline figures, charts, tables.

No script, font or stylesheet is fetched: the charts are inline SVG and the style is inline.
"""

from __future__ import annotations

from html import escape

from truemark.evaluate.charts import LIGHT, STRONG, precision_recall_svg, rate_bars_svg
from truemark.evaluate.reports import EvaluationReport, ListingReport
from truemark.evaluate.views import TableView, metric, report_views

BESIDE_PREVIOUS = frozenset({"confusion", "network_counts"})
STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933;
       background: #f5f7fa; margin: 0; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0 0 4px; }
.meta { color: #616e7c; margin: 0 0 20px; } .meta code { background: #e4e7eb; padding: 1px 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 12px;
         margin-bottom: 20px; }
.card { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px #0002; }
.card .value { font-size: 26px; font-weight: 600; } .card .name { color: #616e7c; }
section { background: #fff; border-radius: 8px; padding: 18px 20px; margin-bottom: 16px;
          box-shadow: 0 1px 2px #0002; }
.caption { color: #616e7c; margin: 0 0 10px; }
section.row { gap: 40px; } .panel { flex: 1 1 0; min-width: 340px; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; border-bottom: 1px solid #e4e7eb; text-align: right; }
th { font-weight: 600; color: #3e4c59; border-bottom: 2px solid #cbd2d9; }
th:first-child, td:first-child { text-align: left; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px -1px 12px;
               border-radius: 2px; }
.legend { color: #616e7c; margin: 6px 0 10px; }
svg .axis { fill: #3e4c59; font-weight: 600; }
"""


def _legend(extra: str = "") -> str:
    """What the two colours mean: the two sets of verdicts that count as flagged."""
    return (
        f'<p class="legend"><span style="background:{STRONG}"></span>verdict counterfeit'
        f'<span style="background:{LIGHT}"></span>counterfeit or suspect{extra}</p>'
    )


def _table(view: TableView) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in view.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in view.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _charts(listings: ListingReport | None) -> dict[str, str]:
    """SVG figures keyed by the table they illustrate."""
    if listings is None:
        return {}
    share = listings.counterfeit / listings.listings if listings.listings else 0.0
    curve = precision_recall_svg(listings.pr_curve, listings.operating_points, share)
    charts = {"ranking": _legend(" &nbsp;(dots); dashed: no skill") + curve}
    if listings.tactics:
        charts["tactics"] = _legend() + rate_bars_svg(listings.tactics, "recall")
    if listings.hard_negatives:
        charts["hard_negatives"] = _legend() + rate_bars_svg(
            listings.hard_negatives, "false-positive rate"
        )
    return charts


def _cards(report: EvaluationReport) -> str:
    figures: list[tuple[str, float | None]] = []
    if report.listings:
        point = report.listings.operating_points[0]
        figures += [
            ("precision (verdict counterfeit)", point.precision),
            ("recall (verdict counterfeit)", point.recall),
            ("F1", point.f1),
            ("ROC-AUC", report.listings.roc_auc),
            ("PR-AUC", report.listings.pr_auc),
        ]
    if report.networks:
        figures += [
            ("pairwise F1 (networks)", report.networks.pairwise.f1),
            ("B-cubed F1 (rackets)", report.networks.bcubed.f1),
        ]
    cards = "".join(
        f'<div class="card"><div class="value">{metric(value)}</div>'
        f'<div class="name">{escape(name)}</div></div>'
        for name, value in figures
    )
    return f'<div class="cards">{cards}</div>'


def _panel(view: TableView, charts: dict[str, str]) -> str:
    figure = f"<div>{charts[view.key]}</div>" if view.key in charts else ""
    return (
        f'<div class="panel" id="{view.key}"><h2>{escape(view.title)}</h2>'
        f'<p class="caption">{escape(view.caption)}</p>'
        f'<div class="row">{figure}<div>{_table(view)}</div></div></div>'
    )


def _sections(report: EvaluationReport) -> str:
    """One white section per topic; a companion table sits beside the table it explains."""
    charts = _charts(report.listings)
    groups: list[list[str]] = []
    for view in report_views(report):
        if view.key in BESIDE_PREVIOUS and groups:
            groups[-1].append(_panel(view, charts))
        else:
            groups.append([_panel(view, charts)])
    return "".join(f'<section class="row">{"".join(group)}</section>' for group in groups)


def report_html(report: EvaluationReport) -> str:
    """The whole report as an HTML document."""
    sources = {
        **(report.listings.sources if report.listings else {}),
        **(report.networks.sources if report.networks else {}),
    }
    inputs = ", ".join(
        f"{escape(role)} <code>{escape(path)}</code>" for role, path in sources.items()
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>truemark evaluation</title><style>{STYLE}</style></head><body><main>"
        f'<h1>truemark evaluation</h1><p class="meta">truemark {escape(report.truemark_version)}'
        f" · {inputs}</p>{_cards(report)}{_sections(report)}</main></body></html>\n"
    )
