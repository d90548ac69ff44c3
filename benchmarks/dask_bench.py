"""Benchmark the scan on Dask: listings/s on a LocalCluster of 1 and 2 workers.

Simulates N listings (default 1,000,000; precomputed PDQ hashes), writes them as a partitioned
Parquet data set (parts of 250k rows, row groups of 65,536), then scans it in this same run with
the local runner in one process (the baseline) and with `--dask local:1` and `local:2`, and checks
that every output is the same file.

    .venv/bin/python benchmarks/dask_bench.py [--listings 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from truemark.scan.dask_runner import run_scan_dask
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import run_scan
from truemark.simulate import simulate_marketplace

PART_ROWS = 250_000
ROW_GROUP = 65_536


def partition(listings: Path, folder: Path) -> Path:
    """The listings as a folder of Parquet parts with several row groups each."""
    folder.mkdir(parents=True, exist_ok=True)
    frame = pl.read_parquet(listings)
    for number, start in enumerate(range(0, frame.height, PART_ROWS)):
        part = frame.slice(start, PART_ROWS)
        part.write_parquet(folder / f"part-{number:04d}.parquet", row_group_size=ROW_GROUP)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep (and reuse) the data in.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dask-bench-"))
    market = folder / "market"
    if not (market / "listings.parquet").exists():
        simulate_marketplace(market, args.listings, seed=7, images=0)
    dataset = folder / "dataset"
    if not dataset.exists():
        partition(market / "listings.parquet", dataset)
    spec = ScanSpec(catalog=market / "catalog.yaml", sellers=market / "sellers.parquet")
    runs = {
        "local, 1 process": lambda out: run_scan(spec, dataset, out),
        "dask local:1": lambda out: run_scan_dask(spec, dataset, out, address="local:1"),
        "dask local:2": lambda out: run_scan_dask(spec, dataset, out, address="local:2"),
    }
    figures: dict[str, dict[str, float]] = {}
    reference = None
    for name, scan in runs.items():
        out = folder / f"{name.replace(' ', '_').replace(',', '').replace(':', '')}.parquet"
        started = time.perf_counter()
        summary = scan(out)
        seconds = time.perf_counter() - started
        table = pq.read_table(out)
        reference = reference or table
        figures[name] = {
            "seconds": round(seconds, 1),
            "listings_per_second": round(summary.scanned / seconds),
            "same_output_as_local": table.equals(reference),
        }
        print(name, figures[name], flush=True)
    base = figures["local, 1 process"]["listings_per_second"]
    for entry in figures.values():
        entry["ratio_to_local"] = round(entry["listings_per_second"] / base, 2)
    print(json.dumps({"listings": args.listings, "runs": figures}, indent=2))


if __name__ == "__main__":
    main()
