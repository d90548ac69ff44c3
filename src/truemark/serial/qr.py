"""QR codes of serial codes (PNG and SVG, segno), and reading a code from a photo (zxing-cpp)."""

from __future__ import annotations

import io
from pathlib import Path

import segno
import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from truemark.errors import InputError
from truemark.serial.codec import InvalidCode, parse

MAX_PHOTO_PIXELS = 40_000_000
QR_FORMATS = zxingcpp.barcode_formats_from_str("QRCode")


def make_qr(code: str) -> segno.QRCode:
    """The smallest QR symbol (error correction M) holding the code in alphanumeric mode."""
    return segno.make_qr(code, error="m", mode="alphanumeric", boost_error=False)


def write_qr(code: str, stem: Path, scale: int = 4) -> tuple[Path, Path]:
    """Write ``stem.png`` and ``stem.svg``; return both paths."""
    symbol = make_qr(code)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    symbol.save(str(png), scale=scale, border=4)
    symbol.save(str(svg), scale=scale, border=4, xmldecl=False)
    return png, svg


def qr_png_bytes(code: str, scale: int = 4) -> bytes:
    """The QR code as PNG bytes."""
    buffer = io.BytesIO()
    make_qr(code).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def read_code_from_photo(photo: bytes) -> str:
    """The serial code in a photo of its QR label.

    InputError with a sentence a buyer understands when the file is not an image, holds no
    readable QR code, or holds a QR code that is not a truemark code.
    """
    try:
        with Image.open(io.BytesIO(photo)) as opened:
            if opened.width * opened.height > MAX_PHOTO_PIXELS:
                raise InputError("the photo is too large; send one under 40 megapixels")
            image = ImageOps.exif_transpose(opened).convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise InputError("the file is not a photo we can open (use JPEG or PNG)") from None
    texts = [found.text for found in zxingcpp.read_barcodes(image, formats=QR_FORMATS)]
    if not texts:
        raise InputError("no QR code could be read in the photo; take it closer, sharp and flat")
    for text in texts:
        try:
            return parse(text).text
        except InvalidCode:
            continue
    raise InputError("the QR code in the photo is not a truemark code")
