"""The simulated brands and their products, as Python records and as columnar product arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truemark.simulate.vocabulary import vocabulary


@dataclass(frozen=True, slots=True)
class SimProduct:
    """One genuine product of a simulated brand."""

    sku: str
    name: str
    line: str
    category: str
    msrp: float
    currency: str


@dataclass(frozen=True, slots=True)
class SimBrand:
    """A simulated brand: its word mark, the other marks counterfeiters use, its products."""

    id: str
    name: str
    owner: str
    aliases: tuple[str, ...]
    abbreviations: tuple[str, ...]
    misspellings: tuple[str, ...]
    trademarks: tuple[dict[str, object], ...]
    products: tuple[SimProduct, ...]


@dataclass(frozen=True)
class ProductTable:
    """Every product of every brand as parallel arrays (index = product number)."""

    brand: np.ndarray  # brand index per product
    category: np.ndarray  # category name per product (object array)
    msrp_usd: np.ndarray
    first_product: np.ndarray  # per brand: index of its first product
    product_count: np.ndarray  # per brand: number of products

    def products_of(self, brands: np.ndarray, uniform: np.ndarray) -> np.ndarray:
        """For each brand index, a product of that brand chosen by the uniform draws in [0, 1)."""
        counts = self.product_count[brands]
        return self.first_product[brands] + (uniform * counts).astype(np.int64)


def load_brands() -> tuple[SimBrand, ...]:
    """The brands of ``data/brands.yaml``."""
    brands = []
    for entry in vocabulary("brands")["brands"]:
        products = tuple(
            SimProduct(
                sku=str(p["sku"]),
                name=str(p["name"]),
                line=str(p["line"]),
                category=str(p["category"]),
                msrp=float(p["msrp"]),
                currency=str(p["currency"]),
            )
            for p in entry["products"]
        )
        brands.append(
            SimBrand(
                id=entry["id"],
                name=entry["name"],
                owner=entry["owner"],
                aliases=tuple(str(a) for a in entry.get("aliases", [])),
                abbreviations=tuple(str(a) for a in entry.get("abbreviations", [])),
                misspellings=tuple(str(a) for a in entry.get("misspellings", [])),
                trademarks=tuple(entry.get("trademarks", [])),
                products=products,
            )
        )
    return tuple(brands)


def product_table(brands: tuple[SimBrand, ...], fx_to_usd: dict[str, float]) -> ProductTable:
    """Flatten the brands' products into arrays the listing generator indexes."""
    counts = np.array([len(b.products) for b in brands], dtype=np.int64)
    products = [p for b in brands for p in b.products]
    return ProductTable(
        brand=np.repeat(np.arange(len(brands)), counts),
        category=np.array([p.category for p in products], dtype=object),
        msrp_usd=np.array([p.msrp * fx_to_usd[p.currency] for p in products]),
        first_product=np.concatenate([[0], np.cumsum(counts)[:-1]]),
        product_count=counts,
    )


def all_products(brands: tuple[SimBrand, ...]) -> list[SimProduct]:
    """Products in product-table order."""
    return [p for b in brands for p in b.products]
