"""The fork server a scan starts early: light to import, started in the workers' environment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import multiprocessing.forkserver as forkserver, sys
from truemark.scan.fork_server import start_fork_server
start_fork_server()
heavy = [m for m in ("polars", "pyarrow", "lightgbm", "truemark.scan.engine") if m in sys.modules]
pid = forkserver._forkserver._forkserver_pid
environ = open(f"/proc/{pid}/environ", "rb").read().split(b"\\0")
print(",".join(heavy) or "-", b"POLARS_MAX_THREADS=1" in environ, b"NUMBA_NUM_THREADS=1" in environ)
"""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux only)")
def test_the_fork_server_starts_before_any_scan_module_in_the_workers_environment() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    heavy, polars_threads, numba_threads = probe.stdout.split()
    assert heavy == "-"  # starting it imported nothing of the scan: its imports run beside ours
    assert (polars_threads, numba_threads) == ("True", "True")
