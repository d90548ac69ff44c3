"""Price detector: the listing's price in USD against the genuine article's MSRP.

The reference MSRP is the matched product's (found by the product's distinctive name words in the
title), else the median of the brand's products in the listing's category, else the brand median.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.base import Reason, reason_table
from truemark.detect.price_products import ProductNames
from truemark.detect.ranges import Positions, lower_case, nullable_positions, upper_case

REASONS: Mapping[str, Reason] = reason_table(
    Reason("price.below_msrp", "price is far below the genuine article's MSRP"),
    Reason("price.unknown_currency", "the listing's currency has no exchange rate in the catalog"),
)


_REFERENCE_KINDS = pl.Series(["product", "category", "brand", "none"], dtype=pl.String)
"""``price.ref_kind``: the product's MSRP, else the brand's median in the category, else the
brand's median, else none."""


class PriceDetector:
    """Signals ``price.*``: usd, ref_msrp_usd, ref_kind, sku, ratio, log2_below, currency_known.

    Brands, categories, currencies and products are numbered once; a batch is looked up by
    those numbers with numpy (no join per batch)."""

    name = "price"
    needs = ("price", "currency", "title", "category", "text.brand_id")
    reasons = REASONS

    def __init__(self, catalog: Catalog) -> None:
        self._brand_ids = [brand.id for brand in catalog.brands]
        self._currencies = list(catalog.fx_to_usd)
        # each table has one more element, NaN, at position -1 ("none")
        self._rates = np.array([*catalog.fx_to_usd.values(), np.nan], dtype=np.float64)
        products = pl.DataFrame(
            [
                (number, b.id, p.sku, p.category.lower(), p.msrp_usd)
                for number, b in enumerate(catalog.brands)
                for p in b.products
            ],
            schema={
                "brand": pl.Int64,
                "brand_id": pl.String,
                "sku": pl.String,
                "category": pl.String,
                "msrp": pl.Float64,
            },
            orient="row",
        ).with_row_index("product")
        self._skus = products.get_column("sku")
        self._msrp = np.append(products.get_column("msrp").fill_null(np.nan).to_numpy(), np.nan)
        self._categories = products.get_column("category").unique(maintain_order=True).to_list()
        # one more row and column (brand or category -1: NaN), as the tables above
        self._category_msrp = np.full((len(self._brand_ids) + 1, len(self._categories) + 1), np.nan)
        self._brand_msrp = np.full(len(self._brand_ids) + 1, np.nan)
        number = {category: i for i, category in enumerate(self._categories)}
        by_category = products.group_by("brand", "category").agg(pl.col("msrp").median())
        for brand, category, msrp in by_category.iter_rows():
            self._category_msrp[brand, number[category]] = msrp
        for brand, msrp in products.group_by("brand").agg(pl.col("msrp").median()).iter_rows():
            self._brand_msrp[brand] = msrp
        self._names = ProductNames(catalog, products)
        self._brand_positions = Positions(self._brand_ids)
        self._category_positions = Positions(self._categories, lower_case)
        self._currency_positions = Positions(self._currencies, upper_case)

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Price signals for every listing, in input order."""
        brand = self._brand_positions(batch.get_column("text.brand_id"))
        categories = batch.get_column("category").cast(pl.String)
        category = self._category_positions(categories)
        category_msrp = self._category_msrp[brand, category]
        brand_msrp = self._brand_msrp[brand]
        product = np.full(batch.height, -1, dtype=np.int64)
        rows, matched = self._names.match(batch.get_column("title"), brand)
        product[rows] = matched
        product_msrp = self._msrp[product]
        kind = np.full(batch.height, 3, dtype=np.int64)  # which reference each price is held to
        kind[~np.isnan(brand_msrp)] = 2
        kind[~np.isnan(category_msrp)] = 1
        kind[~np.isnan(product_msrp)] = 0
        reference = np.where(
            kind == 0, product_msrp, np.where(kind == 1, category_msrp, brand_msrp)
        )
        rate = self._rates[self._currency_positions(batch.get_column("currency"))]
        price = batch.get_column("price").cast(pl.Float64)
        usd = price.to_numpy() * rate  # a null price reads as NaN
        no_usd = np.isnan(rate) | (price.is_null().to_numpy() if price.null_count() else False)
        ratio = _nullable(usd / reference, no_usd | (kind == 3))
        # polars' log (ln x / ln 2), as before: numpy's differs from it in the last bit
        below = (-(ratio.clip(lower_bound=1e-6).log(2))).clip(lower_bound=0.0)
        return pl.DataFrame(
            {
                "price.usd": _nullable(usd, no_usd),
                "price.ref_msrp_usd": _nullable(reference, kind == 3),
                "price.ref_kind": _REFERENCE_KINDS.gather(kind),
                "price.sku": self._skus.gather(nullable_positions(product)),
                "price.ratio": ratio,
                "price.log2_below": below,
                "price.currency_known": ~np.isnan(rate),
            }
        )


def _nullable(values: np.ndarray, missing: np.ndarray) -> pl.Series:
    """Float values, null where ``missing`` (a NaN computed from a value is kept, as polars
    keeps it)."""
    series = pl.Series(values, dtype=pl.Float64)
    return series.set(pl.Series(missing), None) if missing.any() else series
