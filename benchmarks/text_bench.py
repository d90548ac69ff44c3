"""Text detector throughput on synthetic listings, against a plain-Python per-listing ``re`` scan.

Run: ``.venv/bin/python benchmarks/text_bench.py [--listings 1000000] [--baseline 100000]``.
Listings are generated with numpy (vectorized): ~30 % name a brand (some obfuscated or
misspelled), ~8 % carry a cue, ~3 % are accessories "for" a brand, ~5 % are non-ASCII.
"""

from __future__ import annotations

import argparse
import re
import time

import numpy as np
import polars as pl

from truemark.catalog import Catalog, catalog_from_dict
from truemark.detect.text import TextDetector

BRANDS = [
    *("Gucci", "Louis Vuitton", "Rolex", "Prada", "Chanel", "Hermes", "Nike", "Adidas"),
    *("Balenciaga", "Burberry", "Cartier", "Omega", "Fendi", "Dior", "Versace", "Samsung"),
]
WORDS = np.array(
    (
        "bag wallet leather new style women men shoes black red with box dust genuine quality fast "
        "shipping size fashion classic vintage summer gift cotton steel strap watch belt sneakers "
        "jacket small large mini limited edition"
    ).split()
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


def baseline(detector_catalog: Catalog, batch: pl.DataFrame) -> float:
    """Listings/s of a per-listing Python loop with one compiled ``re`` alternation."""
    names = [re.escape(b.name.lower()) for b in detector_catalog.brands]
    marks = re.compile(r"\b(" + "|".join(names) + r")\b")
    cues = re.compile(r"replica|\baaa\b|1:1|mirror quality|高仿")
    start = time.perf_counter()
    for title, description in batch.iter_rows():
        text = f"{title} {description or ''}".lower()
        marks.search(text)
        cues.search(text)
    return batch.height / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=250_000)
    parser.add_argument("--baseline", type=int, default=200_000)
    args = parser.parse_args()
    brands = catalog()
    started = time.perf_counter()
    detector = TextDetector(brands)
    print(f"detector built in {time.perf_counter() - started:.2f} s")
    data = listings(args.listings)
    detector.signals(data.head(1000))  # warm up
    started = time.perf_counter()
    flagged = 0
    for offset in range(0, data.height, args.batch):
        signals = detector.signals(data.slice(offset, args.batch))
        flagged += signals["text.brand_id"].is_not_null().sum()
    elapsed = time.perf_counter() - started
    rate = data.height / elapsed
    reference = baseline(brands, data.head(args.baseline))
    print(f"text detector: {data.height:,} listings in {elapsed:.2f} s = {rate:,.0f} listings/s"
          f" ({flagged:,} with a brand)")  # fmt: skip
    print(f"python re per listing (marks + cues only): {reference:,.0f} listings/s")
    print(f"ratio: {rate / reference:.1f}x")


if __name__ == "__main__":
    main()
