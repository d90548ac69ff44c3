"""The scan on a Dask LocalCluster writes the same results as the local scan, and resumes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from truemark.errors import InputError, Interrupted
from truemark.scan import allocator
from truemark.scan.dask_cluster import dask_client
from truemark.scan.dask_runner import REPEAT, run_scan_dask
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import quarantine_path, run_scan
from truemark.scan.summary import ScanSummary
from truemark.simulate import SimulationSummary


def _spec(market: SimulationSummary) -> ScanSpec:
    root = market.out_dir
    return ScanSpec(catalog=root / "catalog.yaml", sellers=root / "sellers.parquet", batch_size=500)


def _sorted_bytes(path: Path) -> bytes:
    table = pq.read_table(path).sort_by("listing_id")
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)
    return sink.getvalue().to_pybytes()


def _quarantined(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in quarantine_path(out).read_text().splitlines()]


@pytest.fixture(scope="module")
def local_scan(
    scale_market: SimulationSummary,
    partitioned_listings: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, ScanSummary]:
    """The local scan of the partitioned listings, the reference for the Dask runs."""
    out = tmp_path_factory.mktemp("local-scan") / "local.parquet"
    return out, run_scan(_spec(scale_market), partitioned_listings, out)


@pytest.mark.slow
def test_dask_scan_equals_the_local_scan(
    scale_market: SimulationSummary,
    partitioned_listings: Path,
    local_scan: tuple[Path, ScanSummary],
    tmp_path: Path,
) -> None:
    spec = _spec(scale_market)
    (local, local_summary), dask = local_scan, tmp_path / "dask.parquet"
    dask_summary = run_scan_dask(spec, partitioned_listings, dask, address="local:2")
    assert _sorted_bytes(local) == _sorted_bytes(dask)
    assert pq.read_table(local).equals(pq.read_table(dask))  # input order too
    assert dask_summary.scanned == local_summary.scanned > 5000
    assert dask_summary.verdicts == local_summary.verdicts
    local_bad, dask_bad = _quarantined(local), _quarantined(dask)
    assert len(dask_bad) == len(local_bad) == dask_summary.quarantined > 30
    fields = {e["field"] for line in dask_bad for e in line["errors"]}  # type: ignore[attr-defined]
    assert {"title", "price", "currency", "image_pdq", "listing_id"} <= fields
    assert any(e["message"] == REPEAT for line in dask_bad for e in line["errors"])  # type: ignore[attr-defined]


@pytest.mark.slow
def test_dask_scan_resumes_from_its_parts(
    scale_market: SimulationSummary,
    partitioned_listings: Path,
    local_scan: tuple[Path, ScanSummary],
    tmp_path: Path,
) -> None:
    spec = _spec(scale_market)
    whole, resumed = local_scan[0], tmp_path / "resumed.parquet"
    finished: list[int] = []

    def stop_after_three(rows: int) -> None:
        finished.append(rows)
        if len(finished) == 3:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted):
        run_scan_dask(
            spec, partitioned_listings, resumed, address="local:1", on_rows=stop_after_three
        )
    assert len(list((tmp_path / "resumed.parquet.parts").glob("part-*.parquet"))) >= 3
    run_scan_dask(spec, partitioned_listings, resumed, address="local:1", resume=True)
    assert pq.read_table(whole).equals(pq.read_table(resumed))


def test_dask_scan_names_a_bad_address(
    scale_market: SimulationSummary, partitioned_listings: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="local:N"):
        run_scan_dask(
            _spec(scale_market), partitioned_listings, tmp_path / "r.parquet", address="local:many"
        )


def test_local_workers_keep_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask trims glibc's freed memory at 64 KiB for long-lived workers; the workers of a scan's
    own cluster keep it for the next batch (see truemark.scan.allocator)."""
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    names = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")
    with dask_client("local:1") as client:
        seen = next(iter(client.run(lambda: {n: os.environ.get(n) for n in names}).values()))
    assert seen == {
        "MALLOC_TRIM_THRESHOLD_": str(allocator.TRIM_THRESHOLD),
        "MALLOC_MMAP_THRESHOLD_": str(allocator.MMAP_THRESHOLD),
        "GLIBC_TUNABLES": allocator.GLIBC_TUNABLES,
    }
