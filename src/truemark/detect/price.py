"""Price detector: the listing's price in USD against the genuine article's MSRP.

The reference MSRP is the matched product's (found by the product's distinctive name words in the
title), else the median of the brand's products in the listing's category, else the brand median.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.base import Reason, reason_table
from truemark.detect.ranges import expand_ranges
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
    """Signals ``price.*``: usd, ref_msrp_usd, ref_kind, sku, ratio, log2_below, currency_known.

    Brands, categories, currencies and products are numbered once; a batch is looked up by
    those numbers with numpy (no join per batch)."""

    name = "price"
    needs = ("price", "currency", "title", "category", "text.brand_id")
    reasons = REASONS

    def __init__(self, catalog: Catalog) -> None:
        self._brand_ids = [brand.id for brand in catalog.brands]
        self._currencies = list(catalog.fx_to_usd)
        self._rates = pl.Series(list(catalog.fx_to_usd.values()), dtype=pl.Float64)
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
        self._skus, self._msrp = products.get_column("sku"), products.get_column("msrp")
        self._product_brand = products.get_column("brand").to_numpy()
        self._sku_rank = self._skus.rank("dense").to_numpy().astype(np.int64)
        self._categories = products.get_column("category").unique(maintain_order=True).to_list()
        self._category_msrp = np.full((len(self._brand_ids), len(self._categories) or 1), np.nan)
        self._brand_msrp = np.full(len(self._brand_ids), np.nan)
        number = {category: i for i, category in enumerate(self._categories)}
        by_category = products.group_by("brand", "category").agg(pl.col("msrp").median())
        for brand, category, msrp in by_category.iter_rows():
            self._category_msrp[brand, number[category]] = msrp
        for brand, msrp in products.group_by("brand").agg(pl.col("msrp").median()).iter_rows():
            self._brand_msrp[brand] = msrp
        keywords = _distinctive_words(catalog)
        self._words = keywords.get_column("keyword").unique(maintain_order=True)
        self._word_bytes = self._words.str.len_bytes().to_numpy()
        self._scanner = Scanner(
            [re.escape(word) for word in self._words], [(False, False)] * len(self._words)
        )
        entries = (
            keywords.join(products.select("product", "brand_id", "sku"), on=["brand_id", "sku"])
            .join(self._words.to_frame("keyword").with_row_index("word"), on="keyword")
            .sort("word", "product")
        )
        counts = np.bincount(entries.get_column("word").to_numpy(), minlength=len(self._words))
        self._word_entries = np.concatenate([[0], np.cumsum(counts)])
        """Word w's products are ``_entry_product[_word_entries[w] : _word_entries[w + 1]]``."""
        self._entry_product = entries.get_column("product").to_numpy().astype(np.int64)

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Price signals for every listing, in input order."""
        brand = _codes(batch.get_column("text.brand_id"), self._brand_ids)
        categories = batch.get_column("category").cast(pl.String)
        category = _codes(categories, self._categories, lambda texts: texts.str.to_lowercase())
        category_msrp = np.full(batch.height, np.nan)
        known = (brand >= 0) & (category >= 0)
        category_msrp[known] = self._category_msrp[brand[known], category[known]]
        brand_msrp = np.full(batch.height, np.nan)
        brand_msrp[brand >= 0] = self._brand_msrp[brand[brand >= 0]]
        product = np.full(batch.height, -1, dtype=np.int64)
        rows, matched = self._match_product(batch, brand)
        product[rows] = matched
        product_index = _nullable(product)
        frame = pl.DataFrame(
            {
                "price": batch.get_column("price").cast(pl.Float64),
                "usd_rate": self._rates.gather(
                    _nullable(
                        _codes(
                            batch.get_column("currency"),
                            self._currencies,
                            lambda texts: texts.str.to_uppercase(),
                        )
                    )
                ),
                "product_msrp": self._msrp.gather(product_index),
                "category_msrp": pl.Series(category_msrp, nan_to_null=True),
                "brand_msrp": pl.Series(brand_msrp, nan_to_null=True),
                "sku": self._skus.gather(product_index),
            }
        )
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

    def _match_product(
        self, batch: pl.DataFrame, brand: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Batch rows with a matched product, and that product: the product of the row's brand
        whose distinctive words the title names most often (a tie: the first SKU)."""
        branded = np.flatnonzero(brand >= 0)
        titles = batch.get_column("title").cast(pl.String).gather(branded).str.to_lowercase()
        row, word = self._named_words(titles)
        first, many = self._word_entries[word], np.diff(self._word_entries)[word]
        hit, entry = expand_ranges(first, many)
        row = row[hit]
        product = self._entry_product[entry]
        same_brand = self._product_brand[product] == brand[branded[row]]
        products = len(self._msrp)
        pairs, hits = np.unique(
            row[same_brand] * products + product[same_brand], return_counts=True
        )
        row, product = pairs // products, pairs % products
        order = np.lexsort((self._sku_rank[product], -hits, row))
        row, product = row[order], product[order]
        first_of_row = np.ones(len(row), dtype=bool)
        first_of_row[1:] = row[1:] != row[:-1]
        return branded[row[first_of_row]], product[first_of_row]

    def _named_words(self, titles: pl.Series) -> tuple[np.ndarray, np.ndarray]:
        """(row, word) for each distinctive word a (lower-case) title names, as polars'
        ``extract_many`` reads them: left to right, matches that do not overlap.

        One Hyperscan pass finds every occurrence; where no two in a title overlap, those are
        exactly ``extract_many``'s, and the few titles with overlapping words go through
        ``extract_many`` itself. A hit whose bytes are not its word's length is one the
        caseless scan matched on a non-ASCII letter ("ſ" for "s"): not the word, dropped."""
        hits = self._scanner.scan(titles)
        hits = hits.take(hits.end - hits.start == self._word_bytes[hits.pattern])
        crowded = _overlapping_rows(hits)
        hits = hits.take(~np.isin(hits.row, crowded))
        if not crowded.size:
            return hits.row, hits.pattern.astype(np.int64)
        words = (
            pl.DataFrame({"row": crowded, "title": titles.gather(crowded)})
            .select("row", word=pl.col("title").str.extract_many(self._words.to_list()))
            .explode("word")
            .drop_nulls("word")
        )
        word = _codes(words.get_column("word"), self._words.to_list())
        return (
            np.concatenate([hits.row, words.get_column("row").to_numpy()]),
            np.concatenate([hits.pattern.astype(np.int64), word]),
        )


def _codes(
    values: pl.Series,
    names: list[str],
    fold: Callable[[pl.Series], pl.Series] | None = None,
) -> np.ndarray:
    """Each value's position in ``names``; -1 for null or a value not there. With ``fold``
    (names are folded already), a value not found as it is is looked up folded: values as
    written are mostly names already, and folding them all cost more."""
    if not names:  # replace_strict with no names returns the values unchanged
        return np.full(len(values), -1, dtype=np.int64)
    found = values.replace_strict(names, range(len(names)), default=-1, return_dtype=pl.Int64)
    codes = found.to_numpy(writable=fold is not None)
    if fold is not None:
        retry = np.flatnonzero((codes < 0) & values.is_not_null().to_numpy())
        if retry.size:
            codes[retry] = _codes(fold(values.gather(retry)), names)
    return codes


def _nullable(codes: np.ndarray) -> pl.Series:
    """Positions to gather, null where the code is -1 (a gather gives null there)."""
    return pl.Series(codes).set(pl.Series(codes < 0), None)


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
