"""Load a catalog from a file or a dict, and turn a catalog back into the dict of the format."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from truemark.catalog.checks import Checker
from truemark.catalog.documents import read_document
from truemark.catalog.model import Brand, Catalog, Product, Trademark
from truemark.catalog.parse import build_catalog
from truemark.errors import Problem, ValidationError


def load_catalog(path: Path) -> Catalog:
    """Read and validate ``catalog.yaml`` / ``.yml`` / ``.json``.

    Raises ValidationError listing every problem with its line and field path, and InputError
    for a file that is missing, unreadable or not named as a catalog.
    """
    path = Path(path)
    document = read_document(path)
    checker = Checker(str(path), document.locations)
    for duplicate in document.duplicate_keys:
        message = f"duplicate key {duplicate[-1]!r}: the later value replaces the earlier one"
        checker.report(duplicate, message, "keep one of them")
    catalog = build_catalog(document.data, checker, path.resolve(), path.resolve().parent)
    return _valid(catalog, checker.in_line_order(), str(path))


def catalog_from_dict(
    data: Mapping[str, Any], source: str = "<memory>", *, image_root: Path | None = None
) -> Catalog:
    """Validate a catalog given as plain values (same rules as :func:`load_catalog`, no lines).

    Image paths are relative to ``image_root``; without it, to the folder of ``source`` when
    that names a file, else to the working directory.
    """
    named = not source.startswith("<")
    root = image_root or (Path(source).resolve().parent if named else Path.cwd())
    checker = Checker(source)
    catalog = build_catalog(data, checker, Path(source) if named else None, root.resolve())
    return _valid(catalog, checker.in_line_order(), source)


def _valid(catalog: Catalog | None, problems: list[Problem], file: str) -> Catalog:
    if catalog is None or problems:
        count = len(problems)
        summary = f"{file}: {count} problem{'s' if count != 1 else ''} in the catalog"
        raise ValidationError(problems, summary)
    return catalog


def catalog_to_dict(catalog: Catalog) -> dict[str, Any]:
    """The catalog as the plain values of the file format, extra fields included.

    Image paths are written relative to the catalog's image root, so the result loads back
    with :func:`catalog_from_dict` (given the same ``image_root``) into an equal catalog.
    """
    root = catalog.image_root or Path.cwd()
    return {
        **catalog.extra,
        "version": catalog.version,
        "fx_to_usd": dict(catalog.fx_to_usd),
        "brands": [_brand_dict(brand, root) for brand in catalog.brands],
    }


def _brand_dict(brand: Brand, root: Path) -> dict[str, Any]:
    return {
        **brand.extra,
        "id": brand.id,
        "name": brand.name,
        "owner": brand.owner,
        "aliases": list(brand.aliases),
        "trademarks": [_trademark_dict(mark) for mark in brand.trademarks],
        "authorized_sellers": sorted(brand.authorized_sellers),
        "products": [_product_dict(product, root) for product in brand.products],
    }


def _trademark_dict(mark: Trademark) -> dict[str, Any]:
    return {**mark.extra, "number": mark.number, "office": mark.office, "classes": [*mark.classes]}


def _product_dict(product: Product, root: Path) -> dict[str, Any]:
    return {
        **product.extra,
        "sku": product.sku,
        "name": product.name,
        "category": product.category,
        "msrp": product.msrp,
        "currency": product.currency,
        "images": [Path(os.path.relpath(image, root)).as_posix() for image in product.images],
    }
