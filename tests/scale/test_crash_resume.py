"""Crash-resume: a scan and a sellers import killed with SIGKILL mid-way finish right when rerun;
a scan stopped with Ctrl-C ends cleanly, says what it kept, and finishes right when resumed."""

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
import psutil
import pyarrow.parquet as pq
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


@pytest.fixture(scope="module")
def whole_scan(big_market: SimulationSummary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The market scanned in one go, in this process."""
    root = big_market.out_dir
    whole = tmp_path_factory.mktemp("whole-scan") / "whole.parquet"
    spec = ScanSpec(
        catalog=root / "catalog.yaml", sellers=root / "sellers.parquet", batch_size=SCAN_BATCH
    )
    run_scan(spec, root / "listings.parquet", whole)
    return whole


def _scan_command(root: Path, out: Path) -> list[str]:
    return [
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


@pytest.mark.slow
def test_a_killed_scan_resumes_to_the_same_bytes(
    big_market: SimulationSummary, whole_scan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "resumed.parquet"
    parts = tmp_path / "resumed.parquet.parts"
    command = _scan_command(big_market.out_dir, out)
    _kill_when(command, lambda: len(list(parts.glob("part-*.parquet"))) >= 5)
    finished = len(list(parts.glob("part-*.parquet")))
    assert finished < 30_000 // SCAN_BATCH
    assert not out.exists()
    rerun = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert out.read_bytes() == whole_scan.read_bytes()
    assert not parts.exists()


def _default_interrupt() -> None:
    """In the child before it runs the command: SIGINT as a terminal's, whatever this test
    process inherited (a job started in the background has it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("saved_first", [0, 3], ids=["while-starting", "while-scanning"])
def test_ctrl_c_stops_a_pool_scan_cleanly_and_it_resumes(
    big_market: SimulationSummary, whole_scan: Path, tmp_path: Path, saved_first: int
) -> None:
    """Ctrl-C reaches every process of the terminal's group: the main process, the fork server
    (importing, while the scan starts) and the workers (waiting for the engine, or scanning).
    Only the main process answers: one message, no traceback, exit 130, no process left
    behind, and the saved batches are the ones the message counts. ``saved_first``: Ctrl-C
    once the checkpoint folder holds this many batches (0: as soon as it is made)."""
    out = tmp_path / "stopped.parquet"
    parts = tmp_path / "stopped.parquet.parts"
    command = [*_scan_command(big_market.out_dir, out), "--workers", "2"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=_default_interrupt,
    )
    deadline = time.monotonic() + 120
    while not parts.exists() or len(list(parts.glob("part-*.parquet"))) < saved_first:
        assert process.poll() is None, f"ended before Ctrl-C: {process.communicate()!r}"
        assert time.monotonic() < deadline, f"never saved {saved_first} batches"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stdout + stderr
    saved = sorted(parts.glob("part-*.parquet"))
    rows = sum(pq.read_metadata(part).num_rows for part in saved)
    assert saved_first <= len(saved) < 30_000 // SCAN_BATCH
    message = " ".join(stderr.split())
    assert f"interrupted: {len(saved)} batches ({rows:,} listings) are saved in" in message
    assert "--resume" in message
    assert not out.exists()
    _wait_until_gone(process.pid)
    rerun = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert out.read_bytes() == whole_scan.read_bytes()


def _wait_until_gone(session: int) -> None:
    """Wait (up to 30 s) until no process of the session is left: the fork server and the
    workers end once the main process has."""
    deadline = time.monotonic() + 30
    while left := [
        process.pid for process in psutil.process_iter() if _session(process.pid) == session
    ]:
        assert time.monotonic() < deadline, f"processes left after Ctrl-C: {left}"
        time.sleep(0.05)


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:  # ended meanwhile
        return None


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
