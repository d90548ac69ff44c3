"""The network drawn for the PDF: accounts as nodes (red when a test buy confirmed a fake),
links as lines as thick as their evidence, laid out with igraph."""

from __future__ import annotations

import igraph
import polars as pl
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

FAKE = colors.HexColor("#c0392b")
ACCOUNT = colors.HexColor("#2c3e50")
EDGE = colors.HexColor("#7f8c8d")
MARGIN = 40.0


def _positions(
    sellers: list[str], links: pl.DataFrame, width: float, height: float
) -> list[tuple[float, float]]:
    index = {seller: number for number, seller in enumerate(sellers)}
    edges = [(index[a], index[b]) for a, b in links.select("seller_a", "seller_b").iter_rows()]
    graph = igraph.Graph(n=len(sellers), edges=edges)
    layout = (
        graph.layout_kamada_kawai(seed=graph.layout_circle().coords)
        if edges
        else graph.layout_circle()
    )
    xs = [x for x, _ in layout.coords] or [0.0]
    ys = [y for _, y in layout.coords] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return [
        (
            MARGIN + (x - min(xs)) / span_x * (width - 2 * MARGIN),
            MARGIN + (y - min(ys)) / span_y * (height - 2 * MARGIN),
        )
        for x, y in layout.coords
    ]


def network_drawing(
    sellers: list[str],
    links: pl.DataFrame,
    fakes: set[str],
    width: float = 460,
    height: float = 300,
) -> Drawing:
    """The accounts and their links; edge labels name the shared attributes (small graphs)."""
    drawing = Drawing(width, height)
    if not sellers:
        return drawing
    where = dict(zip(sellers, _positions(sellers, links, width, height), strict=True))
    strongest = max(links["bits"].max() or 1.0, 1.0) if links.height else 1.0
    label_edges = links.height <= 15
    for a, b, bits, attributes in links.select(
        "seller_a", "seller_b", "bits", "attributes"
    ).iter_rows():
        (x1, y1), (x2, y2) = where[a], where[b]
        drawing.add(
            Line(x1, y1, x2, y2, strokeColor=EDGE, strokeWidth=0.6 + 3.4 * bits / strongest)
        )
        if label_edges:
            _edge_label(drawing, ", ".join(attributes), (x1 + x2) / 2, (y1 + y2) / 2)
    radius = 7 if len(sellers) <= 30 else 4
    for seller, (x, y) in where.items():
        fill = FAKE if seller in fakes else ACCOUNT
        drawing.add(Circle(x, y, radius, fillColor=fill, strokeColor=colors.white, strokeWidth=1))
        if len(sellers) <= 40:
            drawing.add(String(x, y - radius - 9, seller, fontSize=7, textAnchor="middle"))
    return drawing


def _edge_label(drawing: Drawing, label: str, x: float, y: float) -> None:
    """The shared attributes at the middle of an edge, on a white ground so the line stays out."""
    width = stringWidth(label, "Helvetica", 6)
    drawing.add(
        Rect(x - width / 2 - 2, y - 3, width + 4, 9, fillColor=colors.white, strokeColor=None)
    )
    drawing.add(String(x, y, label, fontSize=6, fillColor=EDGE, textAnchor="middle"))
