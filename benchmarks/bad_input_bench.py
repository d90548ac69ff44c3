"""Benchmark bad input at scale: N listings (1M) with 1 % spoiled rows of every kind scan fully.

Simulates the marketplace, writes its listings as JSON Lines with every 100th row damaged (broken
JSON, missing or mistyped fields, unknown currency, malformed photo hashes, missing photo files,
repeated ids, bytes that are not UTF-8: `truemark.simulate.corruption`), scans it, and checks
that every damaged row is in quarantine blaming the right field and every other row has a result.
The baseline, in the same run, is the scan of the same listings undamaged (Parquet).

    .venv/bin/python benchmarks/bad_input_bench.py [--listings 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import polars as pl

from truemark.scan.engine import ScanSpec
from truemark.scan.runner import quarantine_path, run_scan
from truemark.simulate import simulate_marketplace
from truemark.simulate.corruption import spoil_listings


def blamed_fields(out: Path) -> tuple[dict[int, list[str | None]], dict[str, list[str | None]]]:
    """Fields named by each quarantined row: by line (rejected when read), by id (when scanned)."""
    by_line: dict[int, list[str | None]] = {}
    by_id: dict[str, list[str | None]] = {}
    with quarantine_path(out).open() as lines:
        for line in lines:
            entry = json.loads(line)
            fields = [error["field"] for error in entry["errors"]]
            if entry.get("row") is not None:
                by_line[entry["row"]] = fields
            else:
                by_id[entry["record"]["listing_id"]] = fields
    return by_line, by_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Folder to keep the data in.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bad-input-"))
    market = folder / "market"
    if not (market / "listings.parquet").exists():
        simulate_marketplace(market, args.listings, seed=17, images=0)
    spoiled_file = folder / "listings.jsonl"
    spoiled = spoil_listings(market / "listings.parquet", spoiled_file, every=100)
    spec = ScanSpec(catalog=market / "catalog.yaml", sellers=market / "sellers.parquet")
    timings = {}
    for name, listings in (
        ("clean parquet", market / "listings.parquet"),
        ("spoiled jsonl", spoiled_file),
    ):
        out = folder / f"{name.split()[0]}.parquet"
        started = time.perf_counter()
        summary = run_scan(spec, listings, out)
        timings[name] = {
            "seconds": round(time.perf_counter() - started, 1),
            "scanned": summary.scanned,
            "quarantined": summary.quarantined,
        }
    by_line, by_id = blamed_fields(folder / "spoiled.parquet")
    missing = [r for r in spoiled if (by_line.get(r.line) or by_id.get(r.listing_id)) is None]
    misblamed = [
        r
        for r in spoiled
        if r not in missing and r.field not in (by_line.get(r.line) or by_id[r.listing_id])
    ]
    results = pl.scan_parquet(folder / "spoiled.parquet").select(pl.len()).collect().item()
    report = {
        "listings": args.listings,
        "spoiled_rows": len(spoiled),
        "spoiled_by_kind": dict(Counter(r.kind for r in spoiled)),
        "quarantined_rows": len(by_line) + len(by_id),
        "spoiled_rows_not_in_quarantine": len(missing),
        "spoiled_rows_blamed_on_another_field": len(misblamed),
        "results_rows": results,
        "every_good_row_scored": results == args.listings - len(spoiled),
        "runs": timings,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
