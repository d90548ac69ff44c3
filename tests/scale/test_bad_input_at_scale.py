"""Bad input at scale: 20k listings with 1 % spoiled rows of every kind scan fully; every bad
row lands in quarantine blaming the right field, and no good row is lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from truemark.scan.engine import ScanSpec
from truemark.scan.runner import quarantine_path, run_scan
from truemark.simulate import simulate_marketplace
from truemark.simulate.corruption import DAMAGE, SpoiledRow, spoil_listings


def quarantine_by_place(
    out: Path,
) -> tuple[dict[int, list[str | None]], dict[str, list[str | None]]]:
    """Blamed fields of quarantined rows: by line (rejected when read), by id (when scanned)."""
    by_line: dict[int, list[str | None]] = {}
    by_id: dict[str, list[str | None]] = {}
    for line in quarantine_path(out).read_text().splitlines():
        entry = json.loads(line)
        fields = [error["field"] for error in entry["errors"]]
        if entry.get("row") is not None:
            by_line[entry["row"]] = fields
        else:
            by_id[entry["record"]["listing_id"]] = fields
    return by_line, by_id


def check_every_bad_row_quarantined(spoiled: list[SpoiledRow], out: Path, total: int) -> None:
    by_line, by_id = quarantine_by_place(out)
    assert len(by_line) + len(by_id) == len(spoiled)
    for row in spoiled:
        fields = by_line.get(row.line) or by_id.get(row.listing_id)
        assert fields is not None, f"line {row.line} ({row.kind}) is not in quarantine"
        assert row.field in fields, f"line {row.line} ({row.kind}) blamed on {fields}"
    assert pl.read_parquet(out).height == total - len(spoiled)


def test_one_percent_of_every_kind_of_bad_row(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    market = simulate_marketplace(tmp_path_factory.mktemp("bad-market"), 20_000, seed=13, images=0)
    listings = tmp_path / "listings.jsonl"
    spoiled = spoil_listings(market.out_dir / "listings.parquet", listings, every=100)
    assert {row.kind for row in spoiled} == set(DAMAGE)
    out = tmp_path / "results.parquet"
    spec = ScanSpec(
        catalog=market.out_dir / "catalog.yaml",
        sellers=market.out_dir / "sellers.parquet",
        batch_size=4096,
    )
    summary = run_scan(spec, listings, out)
    assert summary.scanned + summary.quarantined == 20_000
    check_every_bad_row_quarantined(spoiled, out, 20_000)
