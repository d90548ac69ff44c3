"""What a valid catalog holds, in counts and per brand, and the warnings worth a look."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table

from truemark.catalog.model import Catalog
from truemark.errors import Problem


@dataclass(frozen=True, slots=True)
class CatalogSummary:
    """Counts over a whole catalog."""

    brands: int
    products: int
    aliases: int
    trademarks: int
    authorized_sellers: int
    images: int
    currencies: tuple[str, ...]  # the MSRP currencies in use, sorted

    def line(self) -> str:
        """One sentence: ``3 brands, 7 products, ...``."""
        return (
            f"{self.brands} brands, {self.products} products, {self.aliases} aliases, "
            f"{self.trademarks} trademarks, {self.authorized_sellers} authorized sellers, "
            f"{self.images} reference images; prices in {', '.join(self.currencies) or '-'}"
        )


def summarize(catalog: Catalog) -> CatalogSummary:
    """Count brands, products, aliases, trademarks, sellers, images and currencies."""
    products = [product for _brand, product in catalog.products()]
    return CatalogSummary(
        brands=len(catalog.brands),
        products=len(products),
        aliases=sum(len(brand.aliases) for brand in catalog.brands),
        trademarks=sum(len(brand.trademarks) for brand in catalog.brands),
        authorized_sellers=len(set().union(*(b.authorized_sellers for b in catalog.brands))),
        images=sum(len(product.images) for product in products),
        currencies=tuple(sorted({product.currency for product in products})),
    )


def catalog_warnings(catalog: Catalog) -> list[Problem]:
    """Things that load but are likely a mistake: today, a catalog with no brands."""
    file = str(catalog.source) if catalog.source else "<memory>"
    if not catalog.brands:
        hint = "add brands under `brands:`; see docs/catalog.md"
        return [Problem(file, "the catalog has no brands: nothing will be protected", hint=hint)]
    return []


def brand_table(catalog: Catalog) -> Table:
    """A rich table with one row per brand."""
    table = Table(title="Brands", title_justify="left")
    for column in ("id", "name", "owner", "products", "aliases", "trademarks", "sellers"):
        numeric = column in ("products", "aliases", "trademarks", "sellers")
        table.add_column(column, justify="right" if numeric else "left")
    for brand in catalog.brands:
        table.add_row(
            brand.id,
            brand.name,
            brand.owner,
            str(len(brand.products)),
            str(len(brand.aliases)),
            str(len(brand.trademarks)),
            str(len(brand.authorized_sellers)),
        )
    return table
