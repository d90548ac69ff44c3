"""Validate a whole catalog document and build the model, reporting every problem at once."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from truemark.catalog.brands import BrandReader
from truemark.catalog.checks import Checker, Record, describe, is_number
from truemark.catalog.locations import FieldPath
from truemark.catalog.model import BASE_CURRENCY, Brand, Catalog, extra_fields
from truemark.catalog.products import CURRENCY_CODE, ProductReader

SUPPORTED_VERSIONS = (1,)
CATALOG_FIELDS = frozenset({"version", "fx_to_usd", "brands"})


def build_catalog(
    data: Any, checker: Checker, source: Path | None, image_root: Path
) -> Catalog | None:
    """The catalog described by ``data``, or None when ``checker`` has recorded problems."""
    hint = "a catalog starts with `version: 1`, then `fx_to_usd:` and `brands:`"
    if not isinstance(data, Mapping):
        checker.report((), f"the catalog must be a mapping of fields, got {describe(data)}", hint)
        return None
    version = read_version(data, checker)
    rates, listed = read_fx_table(data, checker)
    products = ProductReader(checker, rates, frozenset(listed), image_root)
    brands = read_brands(data, checker, BrandReader(checker, products))
    if checker.problems or version is None:
        return None
    extra = extra_fields(data, CATALOG_FIELDS)
    return Catalog(version, rates, brands, source, image_root, extra)


def read_version(record: Record, checker: Checker) -> int | None:
    """The format version (1 when absent); None and a problem when this truemark cannot read it."""
    version = record.get("version", 1)
    if is_number(version) and version in SUPPORTED_VERSIONS:
        return int(version)
    supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
    message = f"unsupported catalog version: {describe(version)}; this truemark reads {supported}"
    checker.report(("version",), message, f"write `version: {SUPPORTED_VERSIONS[-1]}`")
    return None


def read_fx_table(record: Record, checker: Checker) -> tuple[dict[str, float], set[str]]:
    """Valid USD rates by currency code, and every code listed (valid rate or not)."""
    table = record.get("fx_to_usd")
    rates: dict[str, float] = {BASE_CURRENCY: 1.0}
    listed: set[str] = set()
    if table is None:
        return rates, listed
    if checker.mapping(table, ("fx_to_usd",), "fx_to_usd") is None:
        return rates, listed
    for key, rate in table.items():
        here = ("fx_to_usd", key)
        if not isinstance(key, str) or not CURRENCY_CODE.fullmatch(key):
            message = f"currency must be a 3-letter code, got {describe(key)}"
            checker.report(here, message, "use ISO 4217 codes such as EUR: 1.08")
            continue
        code = key.upper()
        if code in listed:
            checker.report(here, f"{code} is listed twice", "keep one rate per currency")
        listed.add(code)
        if not is_number(rate) or not math.isfinite(rate) or rate <= 0:
            message = f"fx rate for {code} must be a positive number, got {describe(rate)}"
            checker.report(here, message, f"how many USD one {code} buys, e.g. 1.08")
        elif code == BASE_CURRENCY and rate != 1:
            message = f"USD is the base currency; its rate is always 1.0, got {rate}"
            checker.report(here, message, "remove USD from fx_to_usd or set it to 1.0")
        else:
            rates[code] = float(rate)
    return rates, listed


def read_brands(record: Record, checker: Checker, reader: BrandReader) -> tuple[Brand, ...]:
    """Every valid brand; problems for invalid ones and for ids used twice."""
    entries = checker.items(record, "brands", ())
    first_at: dict[str, FieldPath] = {}
    brands: list[Brand] = []
    for index, entry in enumerate(entries):
        path = ("brands", index)
        brand = reader.brand(entry, path)
        raw_id = entry.get("id") if isinstance(entry, Mapping) else None
        brand_id = raw_id.strip() if isinstance(raw_id, str) else None
        if brand_id is not None and brand_id in first_at:
            first = checker.place((*first_at[brand_id], "id"))
            message = f"duplicate brand id {brand_id!r}"
            checker.report((*path, "id"), message, f"first defined at {first}; ids must be unique")
        elif brand_id is not None:
            first_at[brand_id] = path
        if brand is not None:
            brands.append(brand)
    return tuple(brands)
