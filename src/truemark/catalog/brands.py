"""Read one brand entry: slug id, word mark, owner, aliases, trademarks, sellers and products."""

from __future__ import annotations

import re
from typing import Any

from truemark.catalog.checks import Checker, Record, describe, is_number
from truemark.catalog.locations import FieldPath
from truemark.catalog.model import Brand, Product, Trademark, extra_fields
from truemark.catalog.products import ProductReader

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
NICE_CLASSES = range(1, 46)
BRAND_FIELDS = frozenset(
    {"id", "name", "owner", "aliases", "trademarks", "authorized_sellers", "products"}
)
TRADEMARK_FIELDS = frozenset({"number", "office", "classes"})


def slugify(text: str) -> str:
    """A slug suggestion for ``text``: ``"Guccio Gucci!"`` -> ``"guccio-gucci"``."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "my-brand"


class BrandReader:
    """Validates brand entries; product checks are delegated to a :class:`ProductReader`."""

    def __init__(self, checker: Checker, products: ProductReader) -> None:
        self.checker = checker
        self.products = products

    def brand(self, entry: Any, path: FieldPath) -> Brand | None:
        """The brand at ``path``, or None after recording each of its problems."""
        record = self.checker.mapping(entry, path, "a brand")
        if record is None:
            return None
        brand_id = self.brand_id(record, path)
        name = self.checker.text(record, "name", path)
        owner = self.checker.text(record, "owner", path, required=False)
        aliases = self.checker.texts(record, "aliases", path)
        sellers = frozenset(self.checker.texts(record, "authorized_sellers", path))
        entries = self.checker.items(record, "trademarks", path)
        marks = [self.trademark(m, (*path, "trademarks", i)) for i, m in enumerate(entries)]
        products = self.brand_products(record, path)
        if brand_id is None or name is None or None in marks or products is None:
            return None
        extra = extra_fields(record, BRAND_FIELDS)
        trademarks = tuple(m for m in marks if m is not None)
        owner = owner or name
        return Brand(brand_id, name, owner, aliases, trademarks, sellers, products, extra)

    def brand_id(self, record: Record, path: FieldPath) -> str | None:
        brand_id = self.checker.text(record, "id", path)
        if brand_id is None or SLUG.fullmatch(brand_id):
            return brand_id
        hint = f"use lower-case letters, digits and '-', e.g. {slugify(brand_id)!r}"
        self.checker.report((*path, "id"), f"brand id {brand_id!r} is not a slug", hint)
        return None

    def trademark(self, entry: Any, path: FieldPath) -> Trademark | None:
        record = self.checker.mapping(entry, path, "a trademark")
        if record is None:
            return None
        number = self.checker.text(record, "number", path)
        office = self.checker.text(record, "office", path)
        classes = self.nice_classes(record.get("classes"), (*path, "classes"))
        if number is None or office is None or classes is None:
            return None
        return Trademark(number, office, classes, extra_fields(record, TRADEMARK_FIELDS))

    def nice_classes(self, value: Any, path: FieldPath) -> tuple[int, ...] | None:
        if value is None:
            return ()
        if not isinstance(value, list):
            message = f"'classes' must be a list of Nice classes, got {describe(value)}"
            self.checker.report(path, message, "write e.g. `classes: [18, 25]`")
            return None
        bad = [i for i, c in enumerate(value) if not is_number(c) or c not in NICE_CLASSES]
        for index in bad:
            message = f"trademark class must be a Nice class 1 to 45, got {describe(value[index])}"
            self.checker.report((*path, index), message, "see the Nice classification")
        return None if bad else tuple(int(c) for c in value)

    def brand_products(self, record: Record, path: FieldPath) -> tuple[Product, ...] | None:
        first_at: dict[str, FieldPath] = {}
        products: list[Product] = []
        valid = True
        for index, entry in enumerate(self.checker.items(record, "products", path)):
            here = (*path, "products", index)
            product = self.products.product(entry, here)
            if product is None:
                valid = False
            elif product.sku in first_at:
                valid = False
                self.checker.report(
                    (*here, "sku"),
                    f"duplicate sku {product.sku!r} in this brand",
                    f"first defined at {self.checker.place(first_at[product.sku] + ('sku',))}",
                )
            else:
                first_at[product.sku] = here
                products.append(product)
        return tuple(products) if valid else None
