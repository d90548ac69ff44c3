"""A printable PDF sheet of serial labels (A4, reportlab): QR code, brand, SKU, serial, code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from truemark.serial.codec import group
from truemark.serial.qr import make_qr

COLUMNS, ROWS = 3, 7
MARGIN = 10 * mm
QR_SIZE = 24 * mm


@dataclass(frozen=True, slots=True)
class Label:
    """What one label shows."""

    code: str
    brand: str
    sku: str
    batch: int
    serial: int


def _draw_qr(canvas: Canvas, code: str, x: float, y: float, size: float) -> None:
    """Draw the QR symbol as vector squares, so it prints sharp at any resolution."""
    matrix = make_qr(code).matrix
    module = size / len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        for column, dark in enumerate(row):
            if dark:
                top = y + size - (row_index + 1) * module
                path.rect(x + column * module, top, module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_label(canvas: Canvas, label: Label, x: float, y: float, width: float) -> None:
    _draw_qr(canvas, label.code, x, y, QR_SIZE)
    text_x = x + QR_SIZE + 2 * mm
    canvas.setFont("Helvetica-Bold", 7)
    canvas.drawString(text_x, y + QR_SIZE - 3 * mm, label.brand)
    canvas.setFont("Helvetica", 6)
    canvas.drawString(text_x, y + QR_SIZE - 6 * mm, f"SKU {label.sku}")
    canvas.drawString(text_x, y + QR_SIZE - 9 * mm, f"batch {label.batch} · serial {label.serial}")
    canvas.setFont("Courier", 3.6)
    groups = group(label.code).split("-")
    per_line = max(1, int((width - QR_SIZE - 2 * mm) // (5 * 3.6 * 0.6)))
    for line_no in range(0, len(groups), per_line):
        line = "-".join(groups[line_no : line_no + per_line])
        canvas.drawString(text_x, y + QR_SIZE - 12 * mm - line_no // per_line * 4.2, line)


def write_label_sheet(labels: Sequence[Label], path: Path) -> int:
    """Write the labels, 21 to an A4 page; return the number of pages."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle("truemark serial labels")
    width, height = A4
    cell_w = (width - 2 * MARGIN) / COLUMNS
    cell_h = (height - 2 * MARGIN) / ROWS
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(labels) // per_page))
    for page in range(pages):
        for slot, label in enumerate(labels[page * per_page : (page + 1) * per_page]):
            column, row = slot % COLUMNS, slot // COLUMNS
            x = MARGIN + column * cell_w + 2 * mm
            y = height - MARGIN - (row + 1) * cell_h + (cell_h - QR_SIZE) / 2
            _draw_label(canvas, label, x, y, cell_w - 4 * mm)
        canvas.showPage()
    canvas.save()
    return pages
