"""Price detector: the listing's price in USD against the genuine article's MSRP.

The reference MSRP is the matched product's (found by the product's distinctive name words in the
title), else the median of the brand's products in the listing's category, else the brand median.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.base import Reason, reason_table
from truemark.index.scanner import Hits, Scanner

REASONS: Mapping[str, Reason] = reason_table(
    Reason("price.below_msrp", "price is far below the genuine article's MSRP"),
    Reason("price.unknown_currency", "the listing's currency has no exchange rate in the catalog"),
)

_WORD = re.compile(r"[a-z0-9]+")
_GENERIC = frozenset(
    [
        "with",
        "from",
        "bag",
        "bags",
        "small",
        "large",
        "mini",
        "medium",
        "wallet",
        "watch",
        "case",
        "strap",
        "belt",
        "shoe",
        "shoes",
        "sneaker",
        "sneakers",
        "shirt",
        "jacket",
        "coat",
        "dress",
        "leather",
        "steel",
        "gold",
        "silver",
        "black",
        "white",
        "edition",
        "model",
        "new",
        "women",
        "men",
        "unisex",
        "classic",
        "original",
        "series",
        "collection",
        "size",
        "color",
        "colour",
    ]
)


def _distinctive_words(catalog: Catalog) -> pl.DataFrame:
    """Product-name words that point at one product: not generic, not shared by 3+ brands."""
    rows: list[tuple[str, str, str]] = []
    for brand in catalog.brands:
        marks = {
            word for alias in (brand.name, *brand.aliases) for word in _WORD.findall(alias.lower())
        }
        for product in brand.products:
            for word in set(_WORD.findall(product.name.lower())):
                long_enough = len(word) >= 4 or (len(word) >= 3 and any(c.isdigit() for c in word))
                if long_enough and word not in _GENERIC and word not in marks:
                    rows.append((word, brand.id, product.sku))
    words = pl.DataFrame(
        rows, schema=dict.fromkeys(("keyword", "brand_id", "sku"), pl.String), orient="row"
    )
    brand_spread = words.group_by("keyword").agg(pl.col("brand_id").n_unique().alias("brands"))
    return words.join(brand_spread, on="keyword").filter(pl.col("brands") < 3).drop("brands")


class PriceDetector:
    """Signals ``price.*``: usd, ref_msrp_usd, ref_kind, sku, ratio, log2_below, currency_known."""

    name = "price"
    needs = ("price", "currency", "title", "category", "text.brand_id")
    reasons = REASONS

    def __init__(self, catalog: Catalog) -> None:
        self._fx = pl.DataFrame(
            {"currency": list(catalog.fx_to_usd), "usd_rate": list(catalog.fx_to_usd.values())},
            schema={"currency": pl.String, "usd_rate": pl.Float64},
        )
        products = [
            (b.id, p.sku, p.category.lower(), p.msrp_usd)
            for b in catalog.brands
            for p in b.products
        ]
        self._products = pl.DataFrame(
            products,
            schema={
                "brand_id": pl.String,
                "sku": pl.String,
                "category": pl.String,
                "msrp": pl.Float64,
            },
            orient="row",
        )
        self._keywords = _distinctive_words(catalog)
        self._words = self._keywords.get_column("keyword").unique(maintain_order=True)
        self._word_bytes = self._words.str.len_bytes().to_numpy()
        self._scanner = Scanner(
            [re.escape(word) for word in self._words], [(False, False)] * len(self._words)
        )
        self._by_category = self._products.group_by("brand_id", "category").agg(
            pl.col("msrp").median().alias("category_msrp")
        )
        self._by_brand = self._products.group_by("brand_id").agg(
            pl.col("msrp").median().alias("brand_msrp")
        )

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Price signals for every listing, in input order."""
        frame = batch.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
            pl.col("price").cast(pl.Float64),
            pl.col("currency").str.to_uppercase(),
            pl.col("category").cast(pl.String).str.to_lowercase(),
            pl.col("text.brand_id").alias("brand_id"),
            pl.col("title").cast(pl.String).str.to_lowercase().alias("title"),
        )
        frame = frame.join(self._fx, on="currency", how="left", maintain_order="left")
        frame = frame.join(self._match_product(frame), on="_row", how="left", maintain_order="left")
        frame = frame.join(
            self._by_category, on=["brand_id", "category"], how="left", maintain_order="left"
        )
        frame = frame.join(self._by_brand, on="brand_id", how="left", maintain_order="left")
        usd = pl.col("price") * pl.col("usd_rate")
        reference = pl.coalesce("product_msrp", "category_msrp", "brand_msrp")
        ratio = usd / reference
        return frame.select(
            usd.alias("price.usd"),
            reference.alias("price.ref_msrp_usd"),
            pl.when(pl.col("product_msrp").is_not_null())
            .then(pl.lit("product"))
            .when(pl.col("category_msrp").is_not_null())
            .then(pl.lit("category"))
            .when(pl.col("brand_msrp").is_not_null())
            .then(pl.lit("brand"))
            .otherwise(pl.lit("none"))
            .alias("price.ref_kind"),
            pl.col("sku").alias("price.sku"),
            ratio.alias("price.ratio"),
            (-(ratio.clip(lower_bound=1e-6).log(2)))
            .clip(lower_bound=0.0)
            .alias("price.log2_below"),
            pl.col("usd_rate").is_not_null().alias("price.currency_known"),
        )

    def _match_product(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Per row, the brand's product whose distinctive words the title names most often."""
        branded = frame.filter(pl.col("brand_id").is_not_null()).select("_row", "brand_id", "title")
        found = self._named_words(branded).join(self._keywords, on=["keyword", "brand_id"])
        best = (
            found.group_by("_row", "brand_id", "sku")
            .agg(pl.len().alias("hits"))
            .sort(["_row", "hits", "sku"], descending=[False, True, False])
            .unique("_row", keep="first")
        )
        prices = self._products.select("brand_id", "sku", pl.col("msrp").alias("product_msrp"))
        return best.join(prices, on=["brand_id", "sku"]).select("_row", "sku", "product_msrp")

    def _named_words(self, branded: pl.DataFrame) -> pl.DataFrame:
        """(_row, brand_id, keyword) for each distinctive word a (lower-case) title names, as
        polars' ``extract_many`` reads them: left to right, matches that do not overlap.

        One Hyperscan pass finds every occurrence; where no two in a title overlap, those are
        exactly ``extract_many``'s, and the few titles with overlapping words go through
        ``extract_many`` itself. A hit whose bytes are not its word's length is one the
        caseless scan matched on a non-ASCII letter ("ſ" for "s"): not the word, dropped."""
        hits = self._scanner.scan(branded.get_column("title"))
        hits = hits.take(hits.end - hits.start == self._word_bytes[hits.pattern])
        crowded = _overlapping_rows(hits)
        hits = hits.take(~np.isin(hits.row, crowded))
        named = branded.select("_row", "brand_id")[hits.row].with_columns(
            keyword=self._words.gather(hits.pattern)
        )
        if not crowded.size:
            return named
        overlapping = branded[crowded].select(
            "_row", "brand_id", keyword=pl.col("title").str.extract_many(self._words.to_list())
        )
        return pl.concat([named, overlapping.explode("keyword").drop_nulls("keyword")])


def _overlapping_rows(hits: Hits) -> np.ndarray:
    """Rows (sorted, distinct) where two hits overlap."""
    if not hits.row.size:
        return hits.row
    start = (hits.row.astype(np.int64) << 32) | hits.start
    end = (hits.row.astype(np.int64) << 32) | hits.end
    order = np.argsort(start, kind="stable")
    start, end = start[order], end[order]
    reach = np.maximum.accumulate(end)
    overlaps = np.flatnonzero(start[1:] < reach[:-1]) + 1
    return np.unique(hits.row[order][overlaps])
