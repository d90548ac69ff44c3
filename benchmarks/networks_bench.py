"""Benchmark racket detection: link and cluster N sellers (default 1M) on this machine.

Generates sellers vectorized (honest accounts, rackets of 2-50 chained accounts, fulfilment-centre
addresses shared by hundreds), then times ``find_networks`` and reports sellers/s, peak RSS, and
pairwise F1 against the planted truth beside the exact phone-or-email baseline. With ``--market``
it runs on a simulated marketplace instead (``truemark simulate``: sellers, listings' photos,
catalog) and reports pairwise and B-cubed precision / recall / F1 over the true rackets, and the
honest sellers merged, for truemark and for the baseline, in the same run.

With ``--engine duckdb`` it runs `truemark networks` once with the polars engine (the baseline)
and once with the DuckDB engine per ``--memory-limit`` (none: DuckDB's default), each in its own
process, on a simulated marketplace (``--market DIR``, or ``--listings N`` simulated here with
``--images 0``), and reports seconds, peak RSS and whether the outputs are identical.

    python benchmarks/networks_bench.py [--sellers 1000000]
    python benchmarks/networks_bench.py --market DIR
    python benchmarks/networks_bench.py --engine duckdb --listings 1000000 --memory-limit 256MB
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics.cluster import pair_confusion_matrix

from truemark.networks.pipeline import find_networks


def make_sellers(count: int, seed: int = 1) -> tuple[pl.DataFrame, np.ndarray]:
    """Sellers and their true operation label (honest sellers are their own operation)."""
    rng = np.random.default_rng(seed)
    truth = np.arange(count)
    racket_sizes = []
    placed = 0
    while placed < count // 10:
        size = int(rng.integers(2, 51))
        racket_sizes.append(size)
        placed += size
    start = count - placed
    owner = np.arange(count)
    position = start
    for size in racket_sizes:
        owner[position : position + size] = position
        position += size
    truth = owner
    ids = np.char.add("s", np.char.zfill(np.arange(count).astype(str), 7))
    # each account shares one attribute with the previous account of its racket (a chain)
    link_kind = rng.integers(0, 4, count)
    previous = np.r_[0, np.arange(count - 1)]
    chained = (owner == np.r_[-1, owner[:-1]]) & (np.arange(count) >= start)
    phone = np.arange(count).astype(np.int64) + 441_000_000_000
    payment = np.arange(count).astype(np.int64)
    device = np.arange(count).astype(np.int64)
    email = np.arange(count).astype(np.int64)
    for values, kind in ((phone, 0), (payment, 1), (device, 2), (email, 3)):
        take = chained & (link_kind == kind)
        # follow the chain so each link copies the value of the previous account
        for _ in range(3):
            values[take] = values[previous[take]]
    centre = rng.random(count) < 0.02
    frame = pl.DataFrame(
        {
            "seller_id": ids,
            "phone": np.char.add("+", phone.astype(str)),
            "email": np.char.add(np.char.add("user", email.astype(str)), "@mail.example.org"),
            "payment_account": np.char.add("ACC", payment.astype(str)),
            "device_id": np.char.add("dev-", device.astype(str)),
            "address": np.where(
                centre,
                "Unit 1 Fulfilment Park Leeds",
                np.char.add("house ", np.arange(count).astype(str)),
            ),
            "ip": np.char.add("100.64.", np.char.add((np.arange(count) % 250).astype(str), ".1")),
            "country": np.full(count, "GB"),
        }
    )
    return frame, truth


def pairwise_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    (_, fp), (fn, tp) = pair_confusion_matrix(truth, predicted)
    return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0


def exact_baseline(sellers: pl.DataFrame) -> pl.DataFrame:
    """Networks grouping sellers with the same phone or the same email, as typed."""
    blank = ["", "N/A", "000000", "test@test.com"]
    frame = sellers.with_row_index("row").with_columns(
        pl.when(pl.col(c).is_null() | pl.col(c).is_in(blank))
        .then(pl.col("row").cast(pl.String))
        .otherwise(pl.col(c))
        .alias(f"_{c}")
        for c in ("phone", "email")
    )
    frame = frame.with_columns(pl.col("row").min().over("_phone").alias("_group"))
    frame = frame.with_columns(pl.col("_group").min().over("_email").alias("_group"))
    return frame.select("seller_id", pl.format("base-{}", "_group").alias("network_id"))


def on_market(market: Path) -> None:
    """truemark against the exact baseline on a simulated marketplace, in one run."""
    from truemark.evaluate import evaluate_networks
    from truemark.networks.pipeline import NetworkOptions, reference_photos

    sellers = pl.read_parquet(market / "sellers.parquet")
    listings = pl.read_parquet(
        market / "listings.parquet", columns=["listing_id", "seller_id", "image_pdq"]
    )
    options = NetworkOptions(reference_photos=reference_photos(market / "catalog.yaml"))
    started = time.perf_counter()
    found = find_networks(sellers, listings, None, options).members
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as scratch:
        for name, networks in (("truemark", found), ("exact phone/email", exact_baseline(sellers))):
            path = Path(scratch) / f"{name.replace('/', '-')}.parquet"
            networks.select("seller_id", "network_id").write_parquet(path)
            report = evaluate_networks(market / "networks_truth.csv", path).to_dict()
            pair, cubed = report["pairwise"], report["bcubed"]
            print(
                f"{name:18} pairwise P {pair['precision']:.3f} R {pair['recall']:.3f} "
                f"F1 {pair['f1']:.3f} | B-cubed P {cubed['precision']:.3f} R {cubed['recall']:.3f} "
                f"F1 {cubed['f1']:.3f} | honest merged {report['honest_sellers_merged']} "
                f"of {report['honest_sellers']}"
            )
    print(f"{sellers.height:,} sellers linked in {seconds:.1f} s")


def on_engines(args: argparse.Namespace) -> None:
    """The polars engine against the DuckDB engine, on a given or a freshly simulated market."""
    from networks_engines import compare_engines

    from truemark.simulate import simulate_marketplace

    limits = [None, *args.memory_limit]
    if args.market:
        compare_engines(args.market, limits)
        return
    with tempfile.TemporaryDirectory(prefix="networks-market-") as scratch:
        simulate_marketplace(Path(scratch), args.listings, seed=7, images=0)
        compare_engines(Path(scratch), limits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sellers", type=int, default=1_000_000)
    parser.add_argument("--market", type=Path, help="a `truemark simulate` folder")
    parser.add_argument("--engine", choices=["polars", "duckdb"], default="polars")
    parser.add_argument("--listings", type=int, default=1_000_000, help="with --engine duckdb")
    parser.add_argument("--memory-limit", action="append", default=[], help="DuckDB's, repeatable")
    args = parser.parse_args()
    if args.engine == "duckdb":
        on_engines(args)
        return
    if args.market:
        on_market(args.market)
        return
    sellers, truth = make_sellers(args.sellers)
    started = time.perf_counter()
    findings = find_networks(sellers)
    seconds = time.perf_counter() - started
    predicted = (
        findings.members.join(sellers.select("seller_id").with_row_index("row"), on="seller_id")
        .sort("row")["network_id"]
        .to_numpy()
    )
    exact = (
        sellers.with_row_index("row")
        .with_columns(pl.min("row").over("phone").alias("by_phone"))
        .with_columns(pl.min("by_phone").over("email").alias("group"))
        .sort("row")["group"]
        .to_numpy()
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sellers           {args.sellers:,}")
    print(f"seconds           {seconds:.1f}  ({args.sellers / seconds:,.0f} sellers/s)")
    print(f"networks (2+)     {findings.networks:,}")
    print(f"peak RSS          {peak_mb:,.0f} MB")
    print(f"pairwise F1       {pairwise_f1(truth, predicted):.4f}")
    print(f"baseline pair F1  {pairwise_f1(truth, exact):.4f}  (exact phone or email only)")


if __name__ == "__main__":
    main()
