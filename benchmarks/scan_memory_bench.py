"""Benchmark the scan's memory: peak RSS of `truemark scan` over N simulated listings (10M).

Simulates the marketplace (precomputed PDQ hashes, no photo files), runs `truemark scan` in a
subprocess and samples the resident memory of the whole process tree (the scan and any pool
workers) every 100 ms; also reports the largest single process's peak from the kernel, and the
same figures for `pyarrow` merely streaming the listings file (the baseline).

    .venv/bin/python benchmarks/scan_memory_bench.py [--listings N] [--workers 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

TRUEMARK = str(Path(sys.executable).with_name("truemark"))
GIB = 1024**3
BASELINE = (
    "import sys, pyarrow.parquet as pq\n"
    "for batch in pq.ParquetFile(sys.argv[1]).iter_batches(batch_size=65536): pass\n"
)


def tree_rss(process: psutil.Process) -> list[int]:
    """Resident bytes of the process and of each of its descendants (those that ended while
    being read are left out)."""
    sizes = []
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            sizes.append(member.memory_info().rss)
    return sizes


def measure(command: list[str]) -> dict[str, float]:
    """Run ``command``; its wall time and peak tree RSS (sampled) in GiB."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, sum(tree_rss(watched)))
        time.sleep(0.1)
    if child.returncode != 0:
        raise SystemExit(f"{command[1]} failed: {child.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    return {"seconds": time.perf_counter() - started, "peak_tree_gib": peak / GIB}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=10_000_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="Folder to keep (and reuse) the simulation in.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="scan-memory-"))
    market = folder / "market"
    if not (market / "listings.parquet").exists():
        print(f"simulating {args.listings:,} listings in {market} ...", flush=True)
        subprocess.run(
            [
                TRUEMARK,
                "simulate",
                "--out",
                str(market),
                "--listings",
                str(args.listings),
                "--images",
                "0",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    listings = market / "listings.parquet"
    baseline = measure([sys.executable, "-c", BASELINE, str(listings)])
    scan = measure(
        [
            TRUEMARK,
            "scan",
            "--catalog",
            str(market / "catalog.yaml"),
            "--listings",
            str(listings),
            "--sellers",
            str(market / "sellers.parquet"),
            "--out",
            str(folder / "results.parquet"),
            "--workers",
            str(args.workers),
        ]
    )
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / GIB
    report = {
        "listings": args.listings,
        "workers": args.workers,
        "scan_seconds": round(scan["seconds"], 1),
        "listings_per_second": round(args.listings / scan["seconds"]),
        "scan_peak_rss_gib_process_tree": round(scan["peak_tree_gib"], 2),
        "largest_single_process_peak_rss_gib": round(largest, 2),
        "baseline_stream_peak_rss_gib": round(baseline["peak_tree_gib"], 2),
        "target_peak_rss_gib": 4.0,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
