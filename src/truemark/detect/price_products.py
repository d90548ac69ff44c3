"""Which catalog product a listing's title names: its quoted reference, else its name words.

A title that quotes the reference (SKU) of one of its brand's products names that product
(the references the text detector reads as marks: :func:`~truemark.index.marks.is_reference`).
Otherwise a word names one product when it is not generic ("bag", "leather") and at most two
brands use it; a title names the product of its brand whose words it holds most often.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.product_kernel import products_named_most, read_words
from truemark.index.mark_patterns import literal_expression, word_bounded
from truemark.index.marks import is_reference
from truemark.index.scanner import Hits, Scanner

_WORD = re.compile(r"[a-z0-9]+")
_LOWERS_TO_ASCII = "[\u0130\u212a]"
"""The characters whose lower case holds an ASCII letter (Unicode's data: "İ", the Kelvin sign)."""
_GENERIC = frozenset(
    {
        "with", "from", "bag", "bags", "small", "large", "mini", "medium", "wallet", "watch",
        "case", "strap", "belt", "shoe", "shoes", "sneaker", "sneakers", "shirt", "jacket", "coat",
        "dress", "leather", "steel", "gold", "silver", "black", "white", "edition", "model", "new",
        "women", "men", "unisex", "classic", "original", "series", "collection", "size", "color",
        "colour",
    }
)  # fmt: skip


def distinctive_words(catalog: Catalog) -> pl.DataFrame:
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


class ProductNames:
    """The distinctive words of a catalog's products, compiled once; ``products`` numbers the
    products (columns ``product``, ``brand`` (number), ``brand_id``, ``sku``)."""

    def __init__(self, catalog: Catalog, products: pl.DataFrame) -> None:
        keywords = distinctive_words(catalog)
        self.words = keywords.get_column("keyword").unique(maintain_order=True)
        self._word_bytes = self.words.str.len_bytes().to_numpy()
        skus = products.get_column("sku").to_list()
        quotable = [number for number, sku in enumerate(skus) if is_reference(sku)]
        self._reference_product = np.array(quotable, dtype=np.int64)
        references = [skus[number].lower() for number in quotable]
        self._lower_all = not all(reference.isascii() for reference in references)
        """Whether titles are lower-cased whole before the scan (see :meth:`_scannable`)."""
        self._scanner = Scanner(  # one pass: the words (ids first), then the references
            [*(re.escape(word) for word in self.words), *map(literal_expression, references)],
            [*[(False, False)] * len(self.words), *map(word_bounded, references)],
        )
        entries = (
            keywords.join(products.select("product", "brand_id", "sku"), on=["brand_id", "sku"])
            .join(self.words.to_frame("keyword").with_row_index("word"), on="keyword")
            .sort("word", "product")
        )
        counts = np.bincount(entries.get_column("word").to_numpy(), minlength=len(self.words))
        self._word_entries = np.concatenate([[0], np.cumsum(counts)])
        """Word w's products are ``_entry_product[_word_entries[w] : _word_entries[w + 1]]``."""
        self._entry_product = entries.get_column("product").to_numpy().astype(np.int64)
        self._product_brand = products.get_column("brand").to_numpy()
        self._sku_rank = products.get_column("sku").rank("dense").to_numpy().astype(np.int64)

    def match(self, titles: pl.Series, brand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows with a matched product, and that product: of the titles of rows with a brand
        (``brand``: its number, -1 for none), the product of that brand whose reference the
        title quotes first, else the one whose distinctive words it names most often (a tie:
        the first SKU)."""
        branded = np.flatnonzero(brand >= 0)
        scannable = self._scannable(titles.cast(pl.String).gather(branded))
        hits = self._scanner.scan(scannable)
        references = np.flatnonzero(hits.pattern >= len(self.words))  # few: most titles quote none
        words = hits.take(hits.pattern < len(self.words)) if references.size else hits
        product = np.full(len(branded), -1, dtype=np.int64)
        by_words, named = self._by_words(scannable, words, brand[branded])
        product[by_words] = named
        quoting, quoted = self._quoted(hits.take(references), brand[branded])
        product[quoting] = quoted  # a quoted reference decides
        found = np.flatnonzero(product >= 0)
        return branded[found], product[found]

    def _scannable(self, titles: pl.Series) -> pl.Series:
        """The titles as the scan reads them lower-cased, without lower-casing them all: the
        scan is caseless, so only a character whose lower case is ASCII (the Kelvin sign, "İ")
        reads otherwise, and the rows holding one are lower-cased. Any other character reads
        the same to a caseless scan of ASCII words and references either way: ASCII letters
        match in any case, the one other letter such a scan matches ("ſ" for "s") is its own
        lower case, and no character becomes or stops being a word character. Where a
        reference is not ASCII, every title is lower-cased."""
        if self._lower_all:
            return titles.str.to_lowercase()
        odd = np.flatnonzero(titles.str.contains(_LOWERS_TO_ASCII).fill_null(False).to_numpy())
        if odd.size:
            titles = titles.scatter(odd, titles.gather(odd).str.to_lowercase())
        return titles

    def _quoted(self, hits: Hits, brand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows quoting the reference of a product of their ``brand`` (``hits``: the scan's
        hits of references, in order of end offset), and the product of the first in each."""
        product = self._reference_product[hits.pattern - len(self.words)]
        same_brand = self._product_brand[product] == brand[hits.row]
        row, product = hits.row[same_brand], product[same_brand]
        rows, first = np.unique(row, return_index=True)
        return rows, product[first]

    def _by_words(
        self, titles: pl.Series, hits: Hits, brand: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows (of ``titles``) naming distinctive words of products of their ``brand``, and the
        product whose words each names most often (a tie: the first SKU); ``hits``: the scan's
        hits of words."""
        row, word = self.named_words(titles, hits)
        best = products_named_most(
            len(titles),
            row,
            word,
            self._word_entries,
            self._entry_product,
            self._product_brand,
            brand,
            self._sku_rank,
        )
        rows = np.flatnonzero(best >= 0)
        return rows, best[rows]

    def named_words(
        self, titles: pl.Series, hits: Hits | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, word) for each distinctive word a title names (ASCII letters in any case; the
        titles as :meth:`match` passes them, see :meth:`_scannable`), as polars'
        ``extract_many`` reads them: left to right, matches that do not overlap.

        One Hyperscan pass finds every occurrence, and :func:`~.product_kernel.read_words`
        keeps those ``extract_many`` reads (``extract_many`` itself, its automaton built per
        call, cost 0.7 ms a batch over the thousand titles whose words overlap). A hit whose
        bytes are not its word's length is one the caseless scan matched on a non-ASCII letter
        ("ſ" for "s"): not the word, dropped. ``hits`` are that pass's hits of words, where
        the caller has scanned already."""
        if hits is None:
            hits = self._scanner.scan(titles)
            hits = hits.take(hits.pattern < len(self.words))
        hits = hits.take(hits.end - hits.start == self._word_bytes[hits.pattern])
        hits = hits.take(read_words(hits.row, hits.start, hits.end))
        return hits.row, hits.pattern.astype(np.int64)
