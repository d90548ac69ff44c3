"""Inline SVG charts for the HTML report: the precision-recall curve and per-group rate bars.

Drawn as plain SVG text so that the report is one self-contained file with no script, font
or stylesheet fetched from anywhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

from truemark.evaluate.reports import Curve, GroupRate, OperatingPoint

INK, GRID, MUTED = "#1f2933", "#e4e7eb", "#7b8794"
STRONG, LIGHT = "#c0392b", "#f0b3a8"  # flagged counterfeit / counterfeit or suspect


def _axes(left: int, top: int, width: int, height: int) -> list[str]:
    """A square plot frame with grid lines and tick labels every 0.2 on both axes."""
    parts = []
    for step in range(6):
        value = step / 5
        x, y = left + value * width, top + height - value * height
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + height}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top + height + 18}" text-anchor="middle">{value:.1f}</text>'
        )
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{value:.1f}</text>')
    parts.append(
        f'<rect x="{left}" y="{top}" width="{width}" height="{height}" fill="none" stroke="{MUTED}"/>'
    )
    return parts  # fmt: skip


def precision_recall_svg(curve: Curve, points: Sequence[OperatingPoint], prevalence: float) -> str:
    """The PR curve of ranking by risk, as a step line, with the verdict operating points."""
    left, top, size = 56, 16, 320
    parts = _axes(left, top, size, size)

    def xy(recall: float, precision: float) -> str:
        return f"{left + recall * size:.1f},{top + size - precision * size:.1f}"

    chance = top + size - prevalence * size
    parts.append(f'<line x1="{left}" y1="{chance:.1f}" x2="{left + size}" y2="{chance:.1f}" '
                 f'stroke="{MUTED}" stroke-dasharray="4 4"><title>no skill: precision = share '
                 f'of counterfeit listings ({prevalence:.3f})</title></line>')  # fmt: skip
    points_on_curve = list(zip(curve.recall, curve.precision, strict=True))  # recall falls
    if points_on_curve:
        steps = [xy(*points_on_curve[0])]
        for (_, precision), (recall, next_precision) in itertools.pairwise(points_on_curve):
            steps += [xy(recall, precision), xy(recall, next_precision)]
        steps.append(xy(0.0, points_on_curve[-1][1]))  # average precision's last step
        parts.append(f'<path d="M{" L".join(steps)}" fill="none" stroke="{INK}" stroke-width="2"/>')
    for point, colour in zip(points, (STRONG, LIGHT), strict=False):
        if point.precision is None or point.recall is None:
            continue
        parts.append(f'<circle cx="{left + point.recall * size:.1f}" '
                     f'cy="{top + size - point.precision * size:.1f}" r="6" fill="{colour}" '
                     f'stroke="{INK}"><title>verdict {escape(point.name)}: precision '
                     f'{point.precision:.3f}, recall {point.recall:.3f}</title></circle>')  # fmt: skip
    parts.append(f'<text x="{left + size / 2}" y="{top + size + 38}" text-anchor="middle" '
                 f'class="axis">recall</text>')  # fmt: skip
    parts.append(f'<text transform="translate(14 {top + size / 2}) rotate(-90)" '
                 f'text-anchor="middle" class="axis">precision</text>')  # fmt: skip
    return _svg(left + size + 16, top + size + 48, parts, "Precision-recall curve of risk")


def rate_bars_svg(groups: Sequence[GroupRate], what: str) -> str:
    """One horizontal bar per group: the rate at verdict counterfeit, and with suspect added."""
    label_width, bar_width, row = 190, 360, 26
    left, top = label_width + 8, 24
    height = top + row * len(groups) + 8
    parts = [f'<text x="{left}" y="14" class="axis">{escape(what)} (0 to 1)</text>']
    for step in range(6):
        x = left + step / 5 * bar_width
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 8}" stroke="{GRID}"/>')  # fmt: skip
    for index, group in enumerate(groups):
        y = top + index * row
        parts.append(f'<text x="{label_width}" y="{y + 16}" text-anchor="end">{escape(group.name)}</text>')  # fmt: skip
        for rate, colour in ((group.rate_or_suspect, LIGHT), (group.rate, STRONG)):
            length = (rate or 0.0) * bar_width
            parts.append(f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="16" fill="{colour}"/>')  # fmt: skip
        shown = "n/a" if group.rate is None else f"{group.rate:.2f}"
        parts.append(f'<text x="{left + bar_width + 8}" y="{y + 16}">{shown}'
                     f'<title>{group.flagged:,} of {group.listings:,} listings flagged '
                     f'counterfeit; {group.flagged_or_suspect:,} counterfeit or suspect</title></text>')  # fmt: skip
    return _svg(left + bar_width + 52, height, parts, what)


def _svg(width: float, height: float, parts: list[str], title: str) -> str:
    body = "\n".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title)}" '
            f'font-family="system-ui, sans-serif" font-size="12" fill="{INK}">'
            f"<title>{escape(title)}</title>\n{body}\n</svg>")  # fmt: skip
