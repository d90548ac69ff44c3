"""Where a batch's CPU time goes: µs a listing for each detector, the policy, the results (the
signals JSON) and writing the checkpoint part, on one core, as a pool worker runs them.

    python benchmarks/scan_phases_bench.py [--listings 400000] [--batch-size 65536]

Simulates a marketplace (seed 99, precomputed PDQ) in a child process, then scans it batch by
batch with one polars and one numba thread and times each phase with ``process_time``; the
first batch (first use of numba kernels and polars) is not counted.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

for _variable in ("POLARS_MAX_THREADS", "NUMBA_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ[_variable] = "1"  # as in a pool worker; before polars and numba are imported

import polars as pl  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from scan_bench import simulate_apart  # noqa: E402

from truemark.scan.allocator import keep_freed_memory  # noqa: E402
from truemark.scan.batch import BatchOutcome, _results, signal_columns  # noqa: E402
from truemark.scan.engine import ScanSpec, build_engine  # noqa: E402

Value = TypeVar("Value")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=400_000)
    parser.add_argument("--batch-size", type=int, default=65_536)
    args = parser.parse_args()
    keep_freed_memory()
    seconds: dict[str, float] = defaultdict(float)

    def timed(phase: str, work: Callable[[], Value]) -> Value:
        started = time.process_time()
        value = work()
        seconds[phase] += time.process_time() - started
        return value

    with tempfile.TemporaryDirectory() as scratch:
        market = Path(scratch) / "market"
        simulate_apart(market, args.listings)
        engine = build_engine(
            ScanSpec(
                catalog=market / "catalog.yaml",
                sellers=market / "sellers.parquet",
                known_fakes=market / "known_fakes.csv",
            )
        )
        batches = pq.ParquetFile(market / "listings.parquet").iter_batches(args.batch_size)
        counted = 0
        for number, batch in enumerate(batches):
            if number == 1:  # the first batch warms up: not counted
                seconds.clear()
                counted = 0
            listings = pl.from_arrow(batch)
            assert isinstance(listings, pl.DataFrame)
            counted += listings.height
            frame = listings
            for detector in engine.detectors:
                found = timed(detector.name, lambda: detector.signals(frame))  # noqa: B023
                frame = frame.hstack(found)
            signals = frame.select(signal_columns(frame))
            decision = timed("policy", lambda: engine.policy.decide(signals))  # noqa: B023
            results = timed("results", lambda: _results(listings, signals, decision))  # noqa: B023
            part = Path(scratch) / "part.parquet"
            timed("part", lambda: BatchOutcome(results).write(part))  # noqa: B023
    print(f"listings counted              {counted:,} (batches of {args.batch_size:,})")
    for phase, spent in seconds.items():
        print(f"{phase:<30}{spent / counted * 1e6:6.2f} µs a listing")
    print(f"{'all phases':<30}{sum(seconds.values()) / counted * 1e6:6.2f} µs a listing")


if __name__ == "__main__":
    main()
