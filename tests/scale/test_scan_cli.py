"""`truemark scan --dask local:N --metrics-file F`: the same results, totals for Prometheus."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from prometheus_client.parser import text_string_to_metric_families

from truemark.cli import main
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import run_scan
from truemark.simulate import SimulationSummary


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.argv", ["truemark", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return int(exit_info.value.code or 0)


def test_scan_on_dask_from_the_command_line(
    scale_market: SimulationSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = scale_market.out_dir
    local = tmp_path / "local.parquet"
    summary = run_scan(
        ScanSpec(catalog=root / "catalog.yaml", batch_size=2000), root / "listings.parquet", local
    )
    out, prom = tmp_path / "dask.parquet", tmp_path / "scan.prom"
    code = _run(
        monkeypatch,
        "scan",
        "--catalog",
        str(root / "catalog.yaml"),
        "--listings",
        str(root / "listings.parquet"),
        "--out",
        str(out),
        "--batch-size",
        "2000",
        "--dask",
        "local:1",
        "--metrics-file",
        str(prom),
    )
    assert code == 0
    assert pq.read_table(out).equals(pq.read_table(local))
    samples = {
        (sample.name, sample.labels.get("verdict")): sample.value
        for family in text_string_to_metric_families(prom.read_text())
        for sample in family.samples
    }
    for verdict, count in summary.verdicts.items():
        assert samples[("truemark_scan_listings", verdict)] == count
    assert samples[("truemark_scan_quarantined", None)] == summary.quarantined
    assert samples[("truemark_scan_listings_per_second", None)] > 0


def test_a_bad_dask_address_is_one_clear_line(
    scale_market: SimulationSummary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = scale_market.out_dir
    code = _run(
        monkeypatch,
        "scan",
        "--catalog",
        str(root / "catalog.yaml"),
        "--listings",
        str(root / "listings.parquet"),
        "--out",
        str(tmp_path / "r.parquet"),
        "--dask",
        "local:0",
    )
    assert code == 2
    assert "local:N" in capsys.readouterr().err


def test_dask_needs_parquet(
    scale_market: SimulationSummary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    listings = tmp_path / "listings.jsonl"
    listings.write_text(
        '{"listing_id": "l-1", "seller_id": "s-1", "title": "Bag", "price": 1, "currency": "USD"}\n'
    )
    code = _run(
        monkeypatch,
        "scan",
        "--catalog",
        str(scale_market.out_dir / "catalog.yaml"),
        "--listings",
        str(listings),
        "--out",
        str(tmp_path / "r.parquet"),
        "--dask",
        "local:1",
    )
    assert code == 2
    assert "--dask reads Parquet" in capsys.readouterr().err
