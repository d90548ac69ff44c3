"""QR images and label sheets; reading a code back from a synthetic photo of its label."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageFilter

from truemark.errors import InputError
from truemark.serial.codec import CodeFields, encode
from truemark.serial.labels import Label, write_label_sheet
from truemark.serial.qr import make_qr, qr_png_bytes, read_code_from_photo, write_qr

CODE = encode(CodeFields("1a2b3c4d", 99, 3, 12345).payload(), bytes(range(64)))


def _photograph(code: str, angle: float, scale: float, blur: float) -> bytes:
    """The QR as a phone might see it: scaled, rotated, blurred, on a grey desk, as JPEG."""
    label = Image.open(io.BytesIO(qr_png_bytes(code))).convert("RGB")
    label = label.resize((int(label.width * scale), int(label.height * scale)))
    label = label.rotate(angle, expand=True, fillcolor=(255, 255, 255))
    desk = Image.new("RGB", (label.width + 200, label.height + 160), (120, 118, 110))
    desk.paste(label, (90, 70))
    desk = desk.filter(ImageFilter.GaussianBlur(blur))
    buffer = io.BytesIO()
    desk.save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def test_the_qr_is_small_and_alphanumeric() -> None:
    symbol = make_qr(CODE)

    assert symbol.mode == "alphanumeric"
    assert isinstance(symbol.version, int)
    assert symbol.version <= 7


@pytest.mark.parametrize(("angle", "scale", "blur"), [(0, 1.0, 0), (13, 1.6, 1.0), (-31, 2.3, 1.5)])
def test_a_photo_of_the_label_reads_back_the_code(angle: float, scale: float, blur: float) -> None:
    assert read_code_from_photo(_photograph(CODE, angle, scale, blur)) == CODE


def test_a_photo_without_a_qr_says_so() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 10, 10)).save(buffer, "PNG")

    with pytest.raises(InputError, match="no QR code could be read"):
        read_code_from_photo(buffer.getvalue())


def test_a_file_that_is_not_an_image_says_so() -> None:
    with pytest.raises(InputError, match="not a photo"):
        read_code_from_photo(b"%PDF-1.7 not an image")


def test_a_qr_that_is_not_a_truemark_code_says_so() -> None:
    buffer = io.BytesIO()
    segno.make_qr("https://example.com").save(buffer, kind="png", scale=6)
    with pytest.raises(InputError, match="not a truemark code"):
        read_code_from_photo(buffer.getvalue())


def test_png_and_svg_are_written(tmp_path: Path) -> None:
    png, svg = write_qr(CODE, tmp_path / "7")

    assert Image.open(png).size[0] > 100
    assert svg.read_text().startswith("<svg")


def test_the_label_sheet_has_a_page_per_21_labels(tmp_path: Path) -> None:
    labels = [Label(CODE, "gucci", "BAG", 3, serial) for serial in range(22)]
    path = tmp_path / "labels.pdf"

    pages = write_label_sheet(labels, path)

    assert pages == 2
    assert path.read_bytes().startswith(b"%PDF")
    assert b"/Count 2" in path.read_bytes()
