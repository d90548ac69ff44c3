"""Paragraph styles and table styling of the prosecutor's summary."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Table, TableStyle

SHEET = getSampleStyleSheet()
TITLE = ParagraphStyle("PackTitle", parent=SHEET["Title"], fontSize=24, leading=30, spaceAfter=18)
HEADING = ParagraphStyle("PackHeading", parent=SHEET["Heading2"], spaceBefore=12, spaceAfter=6)
BODY = ParagraphStyle("PackBody", parent=SHEET["BodyText"], fontSize=10, leading=13)
CELL = ParagraphStyle("PackCell", parent=SHEET["BodyText"], fontSize=7.5, leading=9)
HEADER_CELL = ParagraphStyle("PackHeaderCell", parent=CELL, textColor=colors.white)
NOTE = ParagraphStyle("PackNote", parent=BODY, fontSize=8, leading=10, textColor=colors.grey)
BAND = colors.HexColor("#2c3e50")
STRIPE = colors.HexColor("#f2f4f5")
CONTENT_WIDTH = 17 * cm


def _escape(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table(
    header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float] | None = None
) -> Table:
    """A striped table whose cells wrap; widths are shares of the content width."""
    data = [[Paragraph(_escape(name), HEADER_CELL) for name in header]]
    data += [[Paragraph(_escape(value), CELL) for value in row] for row in rows]
    shares = widths or [1 / len(header)] * len(header)
    grid = Table(data, colWidths=[CONTENT_WIDTH * share for share in shares], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, BAND),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return grid


def paragraph(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(_escape(text), style)
