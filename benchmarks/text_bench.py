"""Text detector throughput on synthetic listings, against a plain-Python per-listing ``re`` scan.

Run: ``.venv/bin/python benchmarks/text_bench.py [--listings 1000000] [--workers 2]``.
Listings are generated with numpy (vectorized) from 16 brands: 30 % name a brand in title and
description (1 in 5 of them obfuscated or misspelled), 8 % carry a cue, ~1 % are accessories
"for" something, ~1 % used, ~3 % non-ASCII. Figures depend on the machine's load: the
1-process line also gives listings per CPU second, the steadiest figure on a shared box.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import time
import unicodedata

import numpy as np
import polars as pl

from truemark.catalog import Catalog, catalog_from_dict
from truemark.detect.lexicon import lexicon
from truemark.detect.text import TextDetector

BRANDS = [
    *("Gucci", "Louis Vuitton", "Rolex", "Prada", "Chanel", "Hermes", "Nike", "Adidas"),
    *("Balenciaga", "Burberry", "Cartier", "Omega", "Fendi", "Dior", "Versace", "Samsung"),
]
WORDS = np.array(
    [
        *("bag", "wallet", "leather", "new", "style", "women", "men", "shoes", "black", "red"),
        *("with", "box", "dust", "genuine", "quality", "fast", "shipping", "size", "fashion"),
        *("classic", "vintage", "summer", "gift", "cotton", "steel", "strap", "watch", "belt"),
        *("sneakers", "jacket", "small", "large", "mini", "limited", "edition"),
    ]
)
MARKS = np.array([*BRANDS, "G U C C I", "r0lex", "Guсci", "guci", "Pr4da", "", "", "", "", ""])
CUES = np.array(["replica", "AAA", "1:1", "mirror quality", "高仿", ""] + [""] * 60)
PREFIX = np.array(["case for", "strap for", "pre-owned", "Used", "Brandneu", "Neuf"] + [""] * 150)


def catalog() -> Catalog:
    brands = [
        {"id": name.lower().replace(" ", "-"), "name": name, "owner": name,
         "products": [{"sku": f"{i}", "name": f"{name} classic", "category": "handbags",
                       "msrp": 1000.0, "currency": "USD"}]}
        for i, name in enumerate(BRANDS)
    ]  # fmt: skip
    return catalog_from_dict({"version": 1, "brands": brands})


def listings(n: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(values: np.ndarray, shape: int | tuple[int, int]) -> np.ndarray:
        return values[rng.integers(0, len(values), shape)]

    mark = np.where(rng.random(n) < 0.3, pick(MARKS, n), "")
    words = pick(WORDS, (n, 12))
    frame = pl.DataFrame(
        {"prefix": pick(PREFIX, n), "mark": mark, "cue": pick(CUES, n),
         **{f"w{i}": words[:, i] for i in range(12)}}
    )  # fmt: skip
    w = [pl.col(f"w{i}") for i in range(12)]
    return frame.select(
        title=pl.concat_str(
            [pl.col("prefix"), pl.col("mark"), *w[:4], pl.col("cue")], separator=" "
        ),
        description=pl.concat_str([*w[4:], pl.col("mark"), *w], separator=" "),
    )


def minimal_baseline(detector_catalog: Catalog, batch: pl.DataFrame) -> float:
    """Listings/s of the least a per-listing loop could do: lower case, one brand alternation
    and five cues (no normalization, no lexicons)."""
    names = [re.escape(b.name.lower()) for b in detector_catalog.brands]
    marks = re.compile(r"\b(" + "|".join(names) + r")\b")
    cues = re.compile(r"replica|\baaa\b|1:1|mirror quality|高仿")
    start = time.perf_counter()
    for title, description in batch.iter_rows():
        text = f"{title} {description or ''}".lower()
        marks.search(text)
        cues.search(text)
    return batch.height / (time.perf_counter() - start)


def baseline(detector_catalog: Catalog, batch: pl.DataFrame) -> float:
    """Listings/s of a per-listing Python loop: NFKC + lower case, then ``re`` alternations for
    marks, cues, mention phrases and condition words (no homoglyphs, leetspeak or fuzzy)."""
    lexicon_terms = lexicon()
    names = [re.escape(b.name.lower()) for b in detector_catalog.brands]
    marks = re.compile(r"\b(" + "|".join(names) + r")\b")
    cues = re.compile("|".join(re.escape(t) for t in lexicon_terms.cues))
    mention = re.compile(
        r"\b("
        + "|".join(re.escape(t) for t in lexicon_terms.mention_before)
        + r")\s+("
        + "|".join(names)
        + ")"
    )
    condition = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in lexicon_terms.condition) + r")\b"
    )
    start = time.perf_counter()
    for title, description in batch.iter_rows():
        text = f"{title} {description or ''}"
        text = (text if text.isascii() else unicodedata.normalize("NFKC", text)).lower()
        if marks.search(text):
            mention.search(text)
        cues.findall(text)
        condition.search(text)
    return batch.height / (time.perf_counter() - start)


_WORKER: dict[str, object] = {}


def _start_worker(listing_count: int) -> None:
    _WORKER["detector"] = TextDetector(catalog())
    _WORKER["data"] = listings(listing_count)


def _scan_slice(bounds: tuple[int, int]) -> int:
    detector, data = _WORKER["detector"], _WORKER["data"]
    assert isinstance(detector, TextDetector)
    assert isinstance(data, pl.DataFrame)
    signals = detector.signals(data.slice(*bounds))
    return int(signals["text.brand_id"].is_not_null().sum())


def scan_rate(listing_count: int, batch: int, workers: int) -> tuple[float, int]:
    """Listings/s over all batches with ``workers`` processes, each built and warmed first."""
    slices = [(offset, batch) for offset in range(0, listing_count, batch)]
    if workers == 1:
        _start_worker(listing_count)
        _scan_slice((0, 1000))
        started, cpu = time.perf_counter(), time.process_time()
        flagged = sum(map(_scan_slice, slices))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"  1 process: {cpu:.2f} CPU s for {wall:.2f} s wall"
              f" = {listing_count / cpu:,.0f} listings per CPU second")  # fmt: skip
        return listing_count / wall, flagged
    context = multiprocessing.get_context("spawn")  # polars threads do not survive a fork
    os.environ["POLARS_MAX_THREADS"] = "1"  # one core per worker, as in a scan's process pool
    with context.Pool(workers, _start_worker, (listing_count,)) as pool:
        pool.map(_scan_slice, [(0, 1000)] * workers * 2, chunksize=1)  # built and warm
        started = time.perf_counter()
        flagged = sum(pool.map(_scan_slice, slices, chunksize=1))
        return listing_count / (time.perf_counter() - started), flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=250_000)
    parser.add_argument("--baseline", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    TextDetector(catalog())
    print(f"detector built in {time.perf_counter() - started:.2f} s (once per worker)")
    sample = listings(args.baseline)
    minimal = minimal_baseline(catalog(), sample)
    reference = baseline(catalog(), sample)
    print(f"python re per listing, minimal (brands + 5 cues): {minimal:,.0f} listings/s")
    print(f"python re per listing, same lexicons: {reference:,.0f} listings/s")
    for workers in sorted({1, args.workers}):
        rate, flagged = scan_rate(args.listings, args.batch, workers)
        print(
            f"text detector, {workers} process(es): {args.listings:,} listings at {rate:,.0f}"
            f" listings/s ({flagged:,} with a brand); {rate / minimal:.1f}x the minimal and"
            f" {rate / reference:.1f}x the same-lexicon baseline"
        )


if __name__ == "__main__":
    main()
