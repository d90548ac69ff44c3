"""Benchmark the scan: N simulated listings (precomputed PDQ, no photo files), full scan on the
process pool, and text + price + seller alone; a plain-Python per-listing ``re`` scan is the
baseline measured in the same run. The first 20,000 listings are scanned once before the timed
scan (an installation's first scan builds its caches: :func:`first_use`).

    python benchmarks/scan_bench.py [--listings 1000000] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import tempfile
import threading
import time
from multiprocessing import forkserver
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import polars as pl
import psutil
from scan_memory_bench import tree_rss

from truemark.catalog import load_catalog
from truemark.detect.base import Detector
from truemark.detect.price import PriceDetector
from truemark.detect.seller import SellerContext, SellerDetector
from truemark.detect.text import TextDetector
from truemark.scan.allocator import keep_freed_memory
from truemark.scan.engine import ScanSpec, start_of_today
from truemark.scan.fork_server import in_worker_environment, worker_context
from truemark.scan.runner import run_scan
from truemark.simulate import simulate_marketplace

WARM_UP = 20_000
FAST_LISTINGS = 1_000_000  # text + price + seller alone: over the first million listings


def regex_baseline(listings: pl.DataFrame, marks: list[str]) -> float:
    """Listings/s of a per-listing Python loop: brand names and a few cues with ``re``."""
    brand = re.compile(r"\b(" + "|".join(re.escape(m.lower()) for m in marks) + r")\b")
    cue = re.compile(r"\b(replica|1:1|aaa|mirror|super fake)\b|高仿|复刻")
    started = time.perf_counter()
    flagged = 0
    for title, price in zip(listings["title"].to_list(), listings["price"].to_list(), strict=True):
        text = title.lower()
        if brand.search(text) and (cue.search(text) or price < 50):
            flagged += 1
    return listings.height / (time.perf_counter() - started)


def fast_detectors(market: Path, rows: int, workers: int, batch: int) -> float:
    """Listings/s of text + price + seller alone over the first ``rows`` listings, in batches
    of ``batch``, in ``workers`` processes of one thread each (as the scan's workers run),
    each scanning an equal share of the listings (consecutive ones: a million listings are
    only 16 batches, and every other batch gave one process 8 of them, the other 7.3, where a
    scan's pool, taking batches as it frees up, is even to a batch in 153 for ten million).
    Each process reads the listings and warms its detectors on the first :data:`WARM_UP` of
    them (kernels loaded or compiled, the build cache read: a worker pays that once a scan, not
    once a batch) before all start together; the time is from that start to the last one's
    end."""
    context = worker_context()
    start, done = context.Barrier(workers + 1), context.Queue()
    with in_worker_environment():
        processes = [
            context.Process(target=_fast_share, args=(market, rows, workers, batch, i, start, done))
            for i in range(workers)
        ]
        for process in processes:
            process.start()
    start.wait(timeout=600)  # a process that died before it never comes: give up after 10 min
    started = time.perf_counter()
    scanned = sum(done.get(timeout=3600) for _ in processes)  # likewise, after it
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
    if any(process.exitcode != 0 for process in processes):
        raise SystemExit("a text + price + seller process failed")
    if scanned != rows:
        raise SystemExit(f"text + price + seller scanned {scanned:,} of {rows:,} listings")
    return rows / elapsed


def _fast_share(
    market: Path,
    rows: int,
    workers: int,
    batch: int,
    share: int,
    start: Barrier,
    done: Queue[int],
) -> None:
    """One process of :func:`fast_detectors`: its batches, after the warm-up."""
    listings = pl.read_parquet(market / "listings.parquet", n_rows=rows)
    catalog = load_catalog(market / "catalog.yaml")
    detectors: list[Detector] = [
        TextDetector(catalog),
        PriceDetector(catalog),
        SellerDetector(catalog, SellerContext.empty(), as_of=start_of_today()),
    ]

    def scan(listings: pl.DataFrame) -> None:
        for detector in detectors:
            listings = listings.hstack(detector.signals(listings))

    scan(listings.head(WARM_UP))
    first, last = (listings.height * part // workers for part in (share, share + 1))
    batches = list(listings.slice(first, last - first).iter_slices(batch))
    start.wait()
    for piece in batches:
        scan(piece)
    done.put(sum(piece.height for piece in batches))


def stop_fork_server() -> None:
    """The pool's workers are children of multiprocessing's fork server: their CPU time reaches
    this process's finished-children total only once the server has ended (private API, the
    only way to end it before this process exits)."""
    server = getattr(forkserver, "_forkserver", None)
    if server is not None and hasattr(server, "_stop"):
        server._stop()


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers), user + system."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def simulate_apart(market: Path, listings: int) -> None:
    """Simulate in a child process, so that this process's peak memory is the scan's."""
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=simulate_marketplace, args=(market, listings, 99, 0))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"simulation failed (exit code {child.exitcode})")


class MemoryWatch:
    """Samples the resident memory of this process and all its descendants (the fork server's
    workers included) while running: the largest single process and the largest total."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.largest = self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.every):
            sizes = tree_rss(me)
            self.largest = max(self.largest, *sizes)
            self.total = max(self.total, sum(sizes))

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def first_use(spec: ScanSpec, market: Path, scratch: Path, workers: int) -> float:
    """Scan the first listings once before the timed scan, and its wall seconds: the first scan
    of an installation builds the build cache (fold table, Hyperscan databases, lexicons) and
    compiles the numba kernels no earlier run compiled, a one-time cost that is not the scan's
    throughput. The fork server is stopped after it, so the timed scan starts its own."""
    listings = scratch / "warm-up.parquet"
    pl.read_parquet(market / "listings.parquet", n_rows=WARM_UP).write_parquet(listings)
    started = time.perf_counter()
    run_scan(spec, listings, scratch / "warm-up-results.parquet", workers=workers)
    stop_fork_server()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        market = Path(scratch) / "market"
        simulate_apart(market, args.listings)
        keep_freed_memory()  # as `truemark scan` does
        spec = ScanSpec(
            catalog=market / "catalog.yaml",
            sellers=market / "sellers.parquet",
            known_fakes=market / "known_fakes.csv",
        )
        warm_up = first_use(spec, market, Path(scratch), args.workers)
        started, cpu_started = time.perf_counter(), cpu_seconds()
        with MemoryWatch() as memory:
            summary = run_scan(
                spec,
                market / "listings.parquet",
                Path(scratch) / "results.parquet",
                workers=args.workers,
            )
        full = summary.scanned / (time.perf_counter() - started)
        stop_fork_server()
        full_cpu = cpu_seconds() - cpu_started
        fast_rows = min(summary.scanned, FAST_LISTINGS)
        fast = {
            cores: fast_detectors(market, fast_rows, cores, spec.batch_size)
            for cores in sorted({1, args.workers})
        }
        stop_fork_server()
        sample = pl.read_parquet(market / "listings.parquet", n_rows=300_000)
        marks = [m for b in load_catalog(market / "catalog.yaml").brands for m in b.marks()]
        baseline = regex_baseline(sample, marks)
    print(f"first use: {WARM_UP:,}-listing scan {warm_up:5.1f} s (build cache, kernels; not timed)")
    print(f"listings                      {summary.scanned:,}")
    print(f"full scan, {args.workers} workers           {full:,.0f} listings/s")
    per_cpu_second = summary.scanned / full_cpu
    print(f"full scan CPU, all processes  {full_cpu:,.1f} s ({per_cpu_second:,.0f} listings/CPU-s)")
    for cores, rate in fast.items():
        label = f"text + price + seller, {cores} core{'s' if cores > 1 else ''}"
        print(f"{label:<32}{rate:,.0f} listings/s")
    print(f"plain-Python re baseline, 1 core {baseline:,.0f} listings/s")
    print(f"ratio text+price+seller / re, 1 core {fast[1] / baseline:.1f}x")
    print(f"scan peak RSS, largest process {memory.largest / 2**20:,.0f} MB")
    print(f"scan peak RSS, all processes   {memory.total / 2**20:,.0f} MB")


if __name__ == "__main__":
    main()
