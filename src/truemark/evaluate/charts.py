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


def element(tag: str, content: str = "", /, **attributes: str | float) -> str:
    """One SVG element; attribute ``class_`` is written ``class``, ``font_size`` ``font-size``."""
    rendered = " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{value:.1f}"'
        if isinstance(value, float)
        else f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
    )
    return f"<{tag} {rendered}>{content}</{tag}>" if rendered else f"<{tag}>{content}</{tag}>"


def _axes(left: float, top: float, size: float) -> list[str]:
    """A square plot frame with grid lines and tick labels every 0.2 on both axes."""
    parts = []
    for step in range(6):
        value, offset = step / 5, step / 5 * size
        x, y = left + offset, top + size - offset
        parts.append(element("line", x1=x, y1=top, x2=x, y2=top + size, stroke=GRID))
        parts.append(element("line", x1=left, y1=y, x2=left + size, y2=y, stroke=GRID))
        label = f"{value:.1f}"
        parts.append(element("text", label, x=x, y=top + size + 18.0, text_anchor="middle"))
        parts.append(element("text", label, x=left - 8.0, y=y + 4.0, text_anchor="end"))
    frame: dict[str, str | float] = {"width": size, "height": size, "fill": "none", "stroke": MUTED}
    parts.append(element("rect", x=left, y=top, **frame))
    return parts


def _step_path(curve: Curve, left: float, top: float, size: float) -> str:
    """The curve as average precision sees it: precision holds until the next recall."""

    def xy(recall: float, precision: float) -> str:
        return f"{left + recall * size:.1f},{top + size - precision * size:.1f}"

    points = list(zip(curve.recall, curve.precision, strict=True))  # recall falls along it
    if not points:
        return ""
    steps = [xy(*points[0])]
    for (_, precision), (recall, next_precision) in itertools.pairwise(points):
        steps += [xy(recall, precision), xy(recall, next_precision)]
    steps.append(xy(0.0, points[-1][1]))
    return element("path", d="M" + " L".join(steps), fill="none", stroke=INK, stroke_width=2.0)


def precision_recall_svg(curve: Curve, points: Sequence[OperatingPoint], prevalence: float) -> str:
    """The PR curve of ranking by risk, with the verdict operating points as dots."""
    left, top, size = 56.0, 16.0, 320.0
    parts = _axes(left, top, size)
    chance_y = top + size - prevalence * size
    chance = f"no skill: precision = share of counterfeit listings ({prevalence:.3f})"
    dashes: dict[str, str | float] = {"stroke": MUTED, "stroke_dasharray": "4 4"}
    title = element("title", escape(chance))
    parts.append(
        element("line", title, x1=left, y1=chance_y, x2=left + size, y2=chance_y, **dashes)
    )
    parts.append(_step_path(curve, left, top, size))
    for point, colour in zip(points, (STRONG, LIGHT), strict=False):
        if point.precision is None or point.recall is None:
            continue
        tip = f"verdict {point.name}: precision {point.precision:.3f}, recall {point.recall:.3f}"
        x, y = left + point.recall * size, top + size - point.precision * size
        dot: dict[str, str | float] = {"r": 6.0, "fill": colour, "stroke": INK}
        parts.append(element("circle", element("title", escape(tip)), cx=x, cy=y, **dot))
    middle = left + size / 2
    parts.append(element("text", "recall", x=middle, y=top + size + 38, class_="axis"))
    turned = f"translate(14 {top + size / 2:.1f}) rotate(-90)"
    parts.append(element("text", "precision", transform=turned, class_="axis"))
    return svg(left + size + 16, top + size + 48, parts, "Precision-recall curve of risk")


def rate_bars_svg(groups: Sequence[GroupRate], what: str) -> str:
    """One horizontal bar per group: the rate at verdict counterfeit, and with suspect added."""
    label_width, bar_width, row, top = 190.0, 360.0, 26.0, 24.0
    left = label_width + 8
    height = top + row * len(groups) + 8
    parts = [element("text", escape(what), x=left, y=14.0, class_="axis")]
    for step in range(6):
        x = left + step / 5 * bar_width
        parts.append(element("line", x1=x, y1=top - 4, x2=x, y2=height - 8, stroke=GRID))
        tick = f"{step / 5:.1f}"
        parts.append(element("text", tick, x=x, y=height + 6, text_anchor="middle", fill=MUTED))
    for index, group in enumerate(groups):
        y = top + index * row
        name = escape(group.name)
        parts.append(element("text", name, x=label_width, y=y + 16, text_anchor="end"))
        for rate, colour in ((group.rate_or_suspect, LIGHT), (group.rate, STRONG)):
            width = (rate or 0.0) * bar_width
            parts.append(element("rect", x=left, y=y + 4, width=width, height=16.0, fill=colour))
        tip = (
            f"{group.flagged:,} of {group.listings:,} listings flagged counterfeit; "
            f"{group.flagged_or_suspect:,} counterfeit or suspect"
        )
        shown = " / ".join(
            "—" if r is None else f"{r:.2f}" for r in (group.rate, group.rate_or_suspect)
        )
        label = escape(shown) + element("title", escape(tip))
        parts.append(element("text", label, x=left + bar_width + 8, y=y + 16))
    return svg(left + bar_width + 90, height + 12, parts, what)


def svg(width: float, height: float, parts: list[str], title: str) -> str:
    """An SVG document of the given size around ``parts``, titled for screen readers."""
    frame: dict[str, str | float] = {
        "viewBox": f"0 0 {width:.0f} {height:.0f}",
        "width": width,
        "height": height,
    }
    style: dict[str, str | float] = {
        "font_family": "system-ui, sans-serif",
        "font_size": "12",
        "fill": INK,
    }
    body = element("title", escape(title)) + "\n" + "\n".join(parts)
    labels: dict[str, str | float] = {"role": "img", "aria_label": title}
    return element("svg", body, xmlns="http://www.w3.org/2000/svg", **labels, **frame, **style)
