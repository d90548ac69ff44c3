"""Read a brand's products: SKU, name, category, MSRP in a known currency, reference images."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from PIL import Image

from truemark.catalog.checks import Checker
from truemark.catalog.locations import FieldPath
from truemark.catalog.model import BASE_CURRENCY, Product, extra_fields

CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")
PRODUCT_FIELDS = frozenset({"sku", "name", "category", "msrp", "currency", "images"})


class ProductReader:
    """Validates product entries against the catalog's exchange rates and image folder."""

    def __init__(
        self,
        checker: Checker,
        fx_to_usd: Mapping[str, float],
        listed_currencies: frozenset[str],
        image_root: Path,
    ) -> None:
        self.checker = checker
        self.fx_to_usd = fx_to_usd
        self.listed_currencies = listed_currencies  # in fx_to_usd, even with a bad rate
        self.image_root = image_root

    def product(self, entry: Any, path: FieldPath) -> Product | None:
        """The product at ``path``, or None after recording each of its problems."""
        record = self.checker.mapping(entry, path, "a product")
        if record is None:
            return None
        sku = self.checker.text(record, "sku", path)
        name = self.checker.text(record, "name", path)
        category = self.checker.text(record, "category", path)
        msrp = self.checker.number(record, "msrp", path)
        currency = self.currency(record, path)
        images = self.images(record, path)
        if sku is None or name is None or category is None or msrp is None or currency is None:
            return None
        rate = self.fx_to_usd.get(currency)
        if rate is None:  # the rate itself was invalid and has been reported
            return None
        extra = extra_fields(record, PRODUCT_FIELDS)
        return Product(sku, name, category, msrp, currency, msrp * rate, images, extra)

    def currency(self, record: Mapping[Any, Any], path: FieldPath) -> str | None:
        """The upper-cased ISO 4217 code of the MSRP, which must have an exchange rate."""
        code = self.checker.text(record, "currency", path)
        if code is None:
            return None
        here = (*path, "currency")
        if not CURRENCY_CODE.fullmatch(code):
            hint = "use the ISO 4217 code: USD, EUR, GBP, CNY, JPY, ..."
            self.checker.report(here, f"currency must be a 3-letter code, got {code!r}", hint)
            return None
        code = code.upper()
        if code != BASE_CURRENCY and code not in self.listed_currencies:
            hint = f"add `{code}: <USD for one {code}>` under fx_to_usd"
            self.checker.report(here, f"no exchange rate to USD for currency {code}", hint)
            return None
        return code

    def images(self, record: Mapping[Any, Any], path: FieldPath) -> tuple[Path, ...]:
        """Reference image paths resolved against the catalog folder; each must be a file there."""
        found: list[Path] = []
        for index, image in self.checker.indexed_texts(record, "images", path):
            resolved = self.image(image, (*path, "images", index))
            if resolved is not None:
                found.append(resolved)
        return tuple(found)

    def image(self, image: str, here: FieldPath) -> Path | None:
        if PurePosixPath(image).is_absolute() or PureWindowsPath(image).drive:
            hint = "write the path relative to the catalog's folder, e.g. images/sku-1.jpg"
            self.checker.report(here, f"image path {image!r} is absolute", hint)
            return None
        relative = os.path.normpath(image)
        if relative == ".." or relative.startswith("../"):
            hint = "keep reference images inside the catalog's folder"
            self.checker.report(here, f"image path {image!r} leads outside the catalog", hint)
            return None
        resolved = self.image_root / relative
        if not _is_file(resolved):
            hint = f"paths are relative to {self.image_root}; fix the path or add the file"
            self.checker.report(here, f"reference image {image!r} does not exist", hint)
            return None
        if not _is_image(resolved):
            hint = "use a JPEG, PNG or WebP photo of the genuine product"
            self.checker.report(here, f"reference image {image!r} is not an image file", hint)
            return None
        return resolved


def _is_image(path: Path) -> bool:
    """Whether Pillow recognises the file as an image (reads the header only)."""
    try:
        with Image.open(path) as image:
            return bool(image.format)
    except Exception:  # Pillow's format plugins fail in many ways on a corrupt header
        return False


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False for names the system refuses (too long, NUL bytes)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
