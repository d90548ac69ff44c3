"""A trivial baseline scan that every truemark detector must beat.

    .venv/bin/python benchmarks/baseline_exact.py --catalog C --listings L --out results.parquet

A listing is flagged counterfeit when a catalog brand's exact name (case-insensitive, as a whole
word) is in its title and its price in USD is under 30 % of that brand's median MSRP in USD.
Nothing else: no aliases, no obfuscated spellings, no cue words, no photos, no sellers. Writes
results per spec/DATA.md section 4 (risk 1.0 or 0.0, verdict counterfeit or clear), in input
order, streaming, so that ``truemark evaluate`` can score it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import polars as pl

from truemark.catalog import Catalog, load_catalog
from truemark.errors import TruemarkError
from truemark.evaluate.tables import file_kind, scan_table

PRICE_SHARE = 0.30
REASONS = ["text.brand_exact", "price.below_msrp"]


def brand_table(catalog: Catalog) -> pl.DataFrame:
    """One row per brand with products: id, word-mark pattern, median MSRP in USD."""
    rows = [
        (
            brand.id,
            rf"(?i)(?:^|\W){re.escape(brand.name)}(?:\W|$)",
            statistics.median(product.msrp_usd for product in brand.products),
        )
        for brand in catalog.brands
        if brand.products
    ]
    schema = {"brand_id": pl.String, "pattern": pl.String, "median_msrp_usd": pl.Float64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def baseline_results(listings: pl.LazyFrame, catalog: Catalog) -> pl.LazyFrame:
    """Risk, verdict, reasons and signals of the exact-name-and-low-price rule, per listing."""
    brands = brand_table(catalog)
    fx = pl.DataFrame(
        {"currency": list(catalog.fx_to_usd), "fx_to_usd": list(catalog.fx_to_usd.values())}
    )
    title = pl.col("title").cast(pl.String)
    first_brand = pl.coalesce(
        pl.when(title.str.contains(pattern)).then(pl.lit(brand_id))
        for brand_id, pattern in brands.select("brand_id", "pattern").iter_rows()
    )  # one expression per brand over the whole batch, first brand in catalog order wins
    priced = (
        listings.select(
            pl.col("listing_id").cast(pl.String),
            first_brand.alias("brand_id") if brands.height else pl.lit(None, pl.String),
            pl.col("price").cast(pl.Float64, strict=False),
            pl.col("currency").cast(pl.String).str.strip_chars().str.to_uppercase(),
        )
        .join(fx.lazy(), on="currency", how="left", maintain_order="left")
        .join(brands.lazy().drop("pattern"), on="brand_id", how="left", maintain_order="left")
        .with_columns(price_ratio=pl.col("price") * pl.col("fx_to_usd") / pl.col("median_msrp_usd"))
    )
    flagged = (pl.col("price_ratio") < PRICE_SHARE).fill_null(False)
    signals = pl.struct(
        pl.col("brand_id").is_not_null().alias("baseline.brand_in_title"),
        pl.col("price_ratio").alias("baseline.price_to_median_msrp"),
    ).struct.json_encode()
    return priced.select(
        "listing_id",
        "brand_id",
        pl.when(flagged).then(1.0).otherwise(0.0).alias("risk"),
        pl.when(flagged).then(pl.lit("counterfeit")).otherwise(pl.lit("clear")).alias("verdict"),
        pl.when(flagged)
        .then(pl.lit(REASONS, pl.List(pl.String)))
        .otherwise(pl.lit([], pl.List(pl.String)))
        .alias("reasons"),
        signals.alias("signals"),
    )


def main() -> None:
    """Parse arguments, scan, write results.parquet and say how long it took."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--catalog", type=Path, required=True, help="catalog.yaml")
    parser.add_argument("--listings", type=Path, required=True, help="listings .parquet/.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="results.parquet")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        catalog = load_catalog(args.catalog)
        listings = scan_table(args.listings, file_kind(args.listings))
        baseline_results(listings, catalog).sink_parquet(args.out)
    except TruemarkError as exc:
        raise SystemExit(f"error: {exc}") from None
    except pl.exceptions.PolarsError as exc:
        raise SystemExit(f"error: {args.listings}: {exc}") from None
    counts = pl.scan_parquet(args.out).group_by("verdict").len().collect()
    verdicts = dict(counts.iter_rows())
    print(
        f"baseline_exact: {sum(verdicts.values()):,} listings in "
        f"{time.perf_counter() - started:.1f} s, {verdicts.get('counterfeit', 0):,} flagged "
        f"counterfeit; results in {args.out}"
    )


if __name__ == "__main__":
    main()
