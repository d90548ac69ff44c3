"""Benchmark reading listings with validation: rows/s and peak memory per format.

Generates N listings (default 1,000,000) into a temporary folder as Parquet, JSON Lines and
CSV, then reads each in a fresh subprocess (so peak RSS belongs to that format alone), twice:
plain pyarrow streaming without validation (the baseline) and ``truemark.io.read_listings``.

    .venv/bin/python benchmarks/io_bench.py [--rows 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.csv as pcsv
import pyarrow.json as pj
import pyarrow.parquet as pq

FORMATS = {"parquet": "listings.parquet", "jsonl": "listings.jsonl", "csv": "listings.csv"}
BATCH = 65_536


def make_listings(rows: int, seed: int = 7) -> pl.DataFrame:
    """Realistic-looking listings built with numpy and polars expressions, no Python loop."""
    rng = np.random.default_rng(seed)
    words = np.array(["Leather", "Bag", "Wallet", "Gucci", "Rolex", "Watch", "Replica", "Silk"])
    hashes = np.array([f"{i:064x}" for i in rng.integers(0, 2**62, 1024)])
    frame = pl.DataFrame(
        {
            "n": np.arange(rows),
            "w1": words[rng.integers(0, len(words), rows)],
            "w2": words[rng.integers(0, len(words), rows)],
            "price": np.round(rng.lognormal(4, 1, rows), 2),
            "currency": np.array(["USD", "EUR", "CNY", "GBP"])[rng.integers(0, 4, rows)],
            "pdq": hashes[rng.integers(0, len(hashes), rows)],
            "quantity_sold": rng.integers(0, 500, rows),
            "seconds": rng.integers(1_600_000_000, 1_730_000_000, rows),
        }
    )
    return frame.select(
        pl.format("l-{}", pl.col("n")).alias("listing_id"),
        pl.format("s-{}", pl.col("n") % 50_000).alias("seller_id"),
        pl.format("{} {} {} original", pl.col("w1"), pl.col("w2"), pl.col("n")).alias("title"),
        pl.lit("Brand new with box and papers, fast shipping").alias("description"),
        pl.col("price"),
        pl.col("currency"),
        pl.lit("handbags").alias("category"),
        pl.concat_list(pl.format("img/{}.jpg", pl.col("n"))).alias("images"),
        pl.concat_list(pl.col("pdq")).alias("image_pdq"),
        pl.lit("CN-GD-Guangzhou").alias("ship_from"),
        pl.col("quantity_sold"),
        pl.from_epoch("seconds").dt.strftime("%Y-%m-%dT%H:%M:%SZ").alias("created_at"),
    )


def write_inputs(frame: pl.DataFrame, folder: Path) -> None:
    """The same listings in each format; list cells of the CSV as JSON arrays."""
    frame.write_parquet(folder / FORMATS["parquet"])
    frame.write_ndjson(folder / FORMATS["jsonl"])
    as_json = [
        pl.format('["{}"]', pl.col(c).list.first()).alias(c) for c in ("images", "image_pdq")
    ]
    frame.with_columns(as_json).write_csv(folder / FORMATS["csv"])


def _plain_batches(fmt: str, path: Path) -> int:
    """Baseline: stream the file with pyarrow alone, no validation."""
    rows = 0
    if fmt == "parquet":
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH):
            rows += batch.num_rows
    elif fmt == "csv":
        for batch in pcsv.open_csv(path, read_options=pcsv.ReadOptions(block_size=16 << 20)):
            rows += batch.num_rows
    else:
        rows = pj.read_json(path, read_options=pj.ReadOptions(block_size=16 << 20)).num_rows
    return rows


def measure(fmt: str, path: Path, mode: str) -> dict[str, float]:
    """Runs in the subprocess: read once, report rows, seconds and peak RSS."""
    from truemark.io import read_listings

    start, cpu_start = time.perf_counter(), time.process_time()
    if mode == "baseline":
        rows = _plain_batches(fmt, path)
    else:
        reader = read_listings(path, batch_size=BATCH, quarantine=path.with_suffix(".q.jsonl"))
        rows = reader.validate().rows_valid
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return {"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak resident memory; VmHWM, unlike ru_maxrss, is not inherited on exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_subprocess(fmt: str, path: Path, mode: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", fmt, str(path), mode]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        fmt, path, mode = args.measure
        print(json.dumps(measure(fmt, Path(path), mode)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_inputs(make_listings(args.rows), folder)
        print(f"generated {args.rows:,} listings in {time.perf_counter() - started:.1f} s")
        print(
            f"{'format':8} {'MB':>5} {'baseline rows/s':>16} {'validated rows/s':>17} "
            f"{'ratio':>6} {'validated CPU s':>16} {'peak RSS MB':>12}"
        )
        for fmt, name in FORMATS.items():
            path = folder / name
            base = _in_subprocess(fmt, path, "baseline")
            checked = _in_subprocess(fmt, path, "validated")
            assert checked["rows"] == args.rows, checked
            base_rate = base["rows"] / base["seconds"]
            rate = checked["rows"] / checked["seconds"]
            print(
                f"{fmt:8} {path.stat().st_size / 2**20:5.0f} {base_rate:16,.0f} {rate:17,.0f} "
                f"{rate / base_rate:6.2f} {checked['cpu']:16.2f} {checked['peak_mb']:12,.0f}"
            )


if __name__ == "__main__":
    main()
