"""The numba count of products named by a title's words gives what a sort of every
(row, product) pair and a pick of the first by (-times, rank, product) gives."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.product_kernel import products_named_most, read_words
from truemark.index.scanner import Scanner


def _by_sorting(case: tuple[np.ndarray, ...]) -> np.ndarray:
    """The kernel's arguments, as drawn: counted pair by pair, sorted, the first of each row."""
    rows, row, word, word_entries, entry_product, product_brand, row_brand, product_rank = case
    pairs: dict[tuple[int, int], int] = {}
    for r, w in zip(row.tolist(), word.tolist(), strict=True):
        for product in entry_product[word_entries[w] : word_entries[w + 1]].tolist():
            if product_brand[product] == row_brand[r]:
                pairs[r, product] = pairs.get((r, product), 0) + 1
    best = np.full(int(rows), -1, dtype=np.int64)
    ranked = sorted(pairs.items(), key=lambda p: (p[0][0], -p[1], product_rank[p[0][1]], p[0][1]))
    for (r, product), _ in reversed(ranked):
        best[r] = product
    return best


@st.composite
def catalogs_and_hits(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    products = draw(st.integers(1, 8))
    brands = draw(st.integers(1, 3))
    words = draw(st.integers(1, 6))
    rows = draw(st.integers(0, 12))
    product_brand = np.array(
        draw(st.lists(st.integers(0, brands - 1), min_size=products, max_size=products))
    )
    product_rank = np.array(draw(st.lists(st.integers(0, 3), min_size=products, max_size=products)))
    entries = [
        sorted(draw(st.sets(st.integers(0, products - 1), max_size=3))) for _ in range(words)
    ]
    word_entries = np.concatenate([[0], np.cumsum([len(e) for e in entries])]).astype(np.int64)
    entry_product = np.array([p for e in entries for p in e], dtype=np.int64)
    hits = draw(st.integers(0, 30)) if rows else 0
    row = np.array(
        draw(st.lists(st.integers(0, max(rows - 1, 0)), min_size=hits, max_size=hits)),
        dtype=np.int64,
    )
    word = np.array(
        draw(st.lists(st.integers(0, words - 1), min_size=hits, max_size=hits)), dtype=np.int64
    )
    row_brand = np.array(
        draw(st.lists(st.integers(-1, brands - 1), min_size=rows, max_size=rows)), dtype=np.int64
    )
    return (
        np.int64(rows), row, word, word_entries, entry_product,
        product_brand.astype(np.int64), row_brand, product_rank.astype(np.int64),
    )  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(catalogs_and_hits())
def test_the_same_product_as_sorting_every_pair(case: tuple[np.ndarray, ...]) -> None:
    rows, *rest = case
    assert products_named_most(int(rows), *rest).tolist() == _by_sorting(case).tolist()


def test_most_named_wins_then_the_lowest_rank_then_the_lowest_number() -> None:
    word_entries = np.array([0, 2, 3, 4], dtype=np.int64)  # word 0: products 0, 1; 1: 1; 2: 2
    entry_product = np.array([0, 1, 1, 2], dtype=np.int64)
    product_brand = np.array([0, 0, 1], dtype=np.int64)
    rank = np.array([1, 0, 0], dtype=np.int64)
    row = np.array([0, 1, 1, 2, 3], dtype=np.int64)
    word = np.array([0, 0, 1, 2, 0], dtype=np.int64)
    row_brand = np.array([0, 0, 0, 1], dtype=np.int64)
    best = products_named_most(
        4, row, word, word_entries, entry_product, product_brand, row_brand, rank
    )
    # row 0: products 0 and 1 once each, 1 ranks first; row 1: product 1 twice; row 2: product
    # 2 is another brand's; row 3: brand 1 has no product word 0 names
    assert best.tolist() == [1, 1, -1, -1]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abAB", min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
    st.lists(st.text(alphabet="abAB -", max_size=24), max_size=12),
)
def test_words_read_as_extract_many_reads_them(words: list[str], texts: list[str]) -> None:
    """Words that overlap, nest and repeat ("a", "ab", "bab", "abab"), over texts of their
    letters in any case: every occurrence from a scan, then the kept ones, are what polars'
    ``extract_many`` (ASCII case-insensitive, not overlapping) finds, in order."""
    words = sorted({word.lower() for word in words})
    scanner = Scanner([re.escape(word) for word in words], [(False, False)] * len(words))
    hits = scanner.scan(pl.Series(texts, dtype=pl.String))
    kept = hits.take(read_words(hits.row, hits.start, hits.end))
    got = [
        [words[p] for p, r in zip(kept.pattern, kept.row, strict=True) if r == row]
        for row in range(len(texts))
    ]
    found = pl.Series(texts, dtype=pl.String).str.extract_many(words, ascii_case_insensitive=True)
    assert got == [[word.lower() for word in row] for row in found.to_list()]


def test_read_words_wants_hits_in_scan_order() -> None:
    one = np.array([1, 0], dtype=np.int64)
    with pytest.raises(ValueError, match="row order"):
        read_words(one, np.zeros(2, dtype=np.int64), np.ones(2, dtype=np.int64))
    same = np.zeros(2, dtype=np.int64)
    with pytest.raises(ValueError, match="end order"):
        read_words(same, np.zeros(2, dtype=np.int64), np.array([5, 3], dtype=np.int64))
