"""Crash-resume: a scan and a sellers import killed with SIGKILL mid-way finish right when rerun."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import text

from truemark.scan.engine import ScanSpec
from truemark.scan.runner import run_scan
from truemark.simulate import SimulationSummary, simulate_marketplace
from truemark.store import make_engine, upgrade

TRUEMARK = str(Path(sys.executable).with_name("truemark"))
SCAN_BATCH = 600
IMPORT_BATCH = 1_000


@pytest.fixture(scope="module")
def big_market(tmp_path_factory: pytest.TempPathFactory) -> SimulationSummary:
    return simulate_marketplace(tmp_path_factory.mktemp("crash-market"), 30_000, seed=3, images=0)


def _kill_when(
    command: list[str], ready: Callable[[], bool], env: dict[str, str] | None = None
) -> None:
    """Start ``command``; SIGKILL it as soon as ``ready()`` holds (it must not have ended first)."""
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not ready():
        assert process.poll() is None, f"ended before it could be killed: {process.stderr.read()!r}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "never reached the point to kill it"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL


@pytest.mark.slow
def test_a_killed_scan_resumes_to_the_same_bytes(
    big_market: SimulationSummary, tmp_path: Path
) -> None:
    root = big_market.out_dir
    whole = tmp_path / "whole.parquet"
    spec = ScanSpec(
        catalog=root / "catalog.yaml", sellers=root / "sellers.parquet", batch_size=SCAN_BATCH
    )
    run_scan(spec, root / "listings.parquet", whole)
    out = tmp_path / "resumed.parquet"
    parts = tmp_path / "resumed.parquet.parts"
    command = [
        TRUEMARK,
        "scan",
        "--catalog",
        str(root / "catalog.yaml"),
        "--listings",
        str(root / "listings.parquet"),
        "--sellers",
        str(root / "sellers.parquet"),
        "--out",
        str(out),
        "--batch-size",
        str(SCAN_BATCH),
    ]
    _kill_when(command, lambda: len(list(parts.glob("part-*.parquet"))) >= 5)
    finished = len(list(parts.glob("part-*.parquet")))
    assert finished < 30_000 // SCAN_BATCH
    assert not out.exists()
    rerun = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert out.read_bytes() == whole.read_bytes()
    assert not parts.exists()


def _sellers_file(path: Path, count: int) -> Path:
    number = pl.int_range(count, eager=True).cast(pl.String)
    pl.DataFrame(
        {
            "seller_id": "s-" + number.str.zfill(7),
            "store_name": "Store " + number,
            "phone": "+86 138 0013 " + number.str.zfill(4).str.slice(0, 4),
            "payment_account": "acct-" + number,
            "tier": "gold",  # an extra column, kept in ``extra``
        }
    ).write_parquet(path)
    return path


_STATE = (
    "SELECT seller_id, store_name, phone, payment_account, extra FROM sellers ORDER BY seller_id"
)


def _sellers_in(database_url: str) -> list[tuple[object, ...]]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(_STATE)).all()
    finally:
        engine.dispose()
    return [
        (*row[:-1], row[-1] if isinstance(row[-1], dict) else json.loads(row[-1])) for row in rows
    ]


def _count(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM sellers")).scalar_one())
    finally:
        engine.dispose()


def test_a_killed_sellers_import_leaves_whole_batches_and_reruns(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    sellers = _sellers_file(tmp_path / "sellers.parquet", 60_000)
    reference = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'reference.db'}"
    for url in (database_url, reference):
        upgrade(url)
    env = {"TRUEMARK_BATCH_SIZE": str(IMPORT_BATCH)}
    command = [
        TRUEMARK,
        "sellers",
        "import",
        str(sellers),
        "--quarantine",
        str(tmp_path / "q.jsonl"),
    ]
    _kill_when(
        command,
        lambda: _count(database_url) >= 3 * IMPORT_BATCH,
        {**env, "TRUEMARK_DATABASE_URL": database_url},
    )
    imported = _count(database_url)
    assert imported % IMPORT_BATCH == 0, f"{imported} rows: a batch was half imported"
    assert imported < 60_000
    for url in (database_url, reference):
        rerun = subprocess.run(
            command,
            env={**os.environ, **env, "TRUEMARK_DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert rerun.returncode == 0, rerun.stderr
    assert _sellers_in(database_url) == _sellers_in(reference)
    assert _count(database_url) == 60_000
