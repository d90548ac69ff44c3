"""The two engines of `truemark networks` side by side: seconds, peak RSS, identical output.

Each engine runs as its own `truemark networks` process on the same simulated marketplace, so
its peak resident memory (the kernel's ru_maxrss of that process) is its own; the polars
engine is the baseline measured in the same run. For DuckDB, the peak size of its work folder
(staged inputs, database, spill files) is sampled every 200 ms. Used by
``networks_bench.py --engine``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

TRUEMARK = str(Path(sys.executable).with_name("truemark"))
MB = 1024 * 1024


@dataclass(frozen=True)
class EngineRun:
    """One engine's run: its settings, seconds, peak RSS and where it wrote."""

    engine: str
    memory_limit: str | None
    seconds: float
    peak_mb: float
    disk_mb: float
    out: Path


def _folder_mb(folder: Path) -> float:
    """Bytes under ``folder`` (files come and go while the engine runs)."""
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            total += path.stat().st_size if path.is_file() else 0
    return total / MB


def _wait(child: subprocess.Popen[bytes], spill: Path) -> tuple[int, float, float]:
    """Wait for ``child``: its exit status, its peak RSS and the peak size of ``spill`` (MB)."""
    disk = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            disk[0] = max(disk[0], _folder_mb(spill)) if spill.exists() else disk[0]

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(child.pid, 0)
    done.set()
    watcher.join()
    return status, usage.ru_maxrss * 1024 / MB, disk[0]


def _command(market: Path, engine: str, memory_limit: str | None, out: Path) -> list[str]:
    command = [TRUEMARK, "networks", "--engine", engine, "--out", str(out)]
    command += ["--sellers", str(market / "sellers.parquet")]
    command += ["--listings", str(market / "listings.parquet")]
    command += ["--catalog", str(market / "catalog.yaml")]
    if (market / "results.parquet").exists():
        command += ["--results", str(market / "results.parquet")]
    if engine == "duckdb":
        command += ["--temp-dir", str(out.parent / "spill")]
    if memory_limit is not None:
        command += ["--memory-limit", memory_limit]
    return command


def run_engine(market: Path, engine: str, memory_limit: str | None, scratch: Path) -> EngineRun:
    """Run one engine in a fresh process; its wall time and its own peak RSS."""
    out = scratch / f"{engine}-{memory_limit or 'default'}" / "networks.parquet"
    out.parent.mkdir(parents=True)
    with (out.parent / "stderr.txt").open("w") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            _command(market, engine, memory_limit, out), stdout=subprocess.DEVNULL, stderr=errors
        )
        status, peak_mb, disk_mb = _wait(child, out.parent / "spill")
        seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{engine} failed:\n{(out.parent / 'stderr.txt').read_text()[-3000:]}")
    return EngineRun(engine, memory_limit, seconds, peak_mb, disk_mb, out)


def same_output(first: Path, second: Path) -> bool:
    """Whether two runs wrote the same networks and links (rows compared after sorting)."""
    pairs = ((first, second, ["seller_id"]),)
    pairs += ((first.with_suffix(".links.parquet"), second.with_suffix(".links.parquet"),
               ["seller_a", "seller_b"]),)  # fmt: skip
    for left, right, keys in pairs:
        if not pl.read_parquet(left).sort(keys).equals(pl.read_parquet(right).sort(keys)):
            return False
    return True


def compare_engines(market: Path, memory_limits: list[str | None]) -> None:
    """Print seconds and peak RSS of the polars engine and of DuckDB under each memory limit."""
    listings = pl.scan_parquet(market / "listings.parquet").select(pl.len()).collect().item()
    sellers = pl.scan_parquet(market / "sellers.parquet").select(pl.len()).collect().item()
    size = (market / "listings.parquet").stat().st_size / MB
    print(f"{listings:,} listings ({size:,.0f} MB of Parquet), {sellers:,} sellers: {market}")
    with tempfile.TemporaryDirectory(prefix="networks-engines-") as scratch:
        baseline = run_engine(market, "polars", None, Path(scratch))
        runs = [baseline] + [
            run_engine(market, "duckdb", limit, Path(scratch)) for limit in memory_limits
        ]
        print(f"{'engine':8} {'memory limit':>12} {'seconds':>8} {'peak RSS':>10} "
              f"{'RSS vs polars':>14} {'work folder':>12}  same output")  # fmt: skip
        for run in runs:
            same = "baseline" if run is baseline else str(same_output(baseline.out, run.out))
            print(
                f"{run.engine:8} {run.memory_limit or '-':>12} {run.seconds:8.1f} "
                f"{run.peak_mb:7,.0f} MB {run.peak_mb / baseline.peak_mb:13.2f}x "
                f"{run.disk_mb:9,.0f} MB  {same}"
            )
