"""The fork server a scan starts early: light to import, started in the workers' environment."""

from __future__ import annotations

import os
import subprocess
import sys

from truemark.scan.fork_server import worker_context

THREAD_VARIABLES = ("POLARS_MAX_THREADS", "NUMBA_NUM_THREADS")

# A worker forked from the server reports the server's environment. (Reading the server's
# /proc/PID/environ raced its exec: ensure_running returns once the child is forked, and a
# process not yet exec'd still shows its parent's environment from before the change.)
PROBE = f"""
import os, sys
from truemark.scan.fork_server import start_fork_server, worker_context
start_fork_server()
heavy = [m for m in ("polars", "pyarrow", "lightgbm", "truemark.scan.engine") if m in sys.modules]
print(",".join(heavy) or "-", *(os.getenv(name, "unset") for name in {THREAD_VARIABLES!r}))
with worker_context().Pool(1) as pool:
    print(*pool.map(os.getenv, {THREAD_VARIABLES!r}))
"""


def test_the_fork_server_starts_before_any_scan_module_in_the_workers_environment() -> None:
    if worker_context().get_start_method() != "forkserver":
        # Where there is no fork server, workers are spawned and import for themselves.
        assert worker_context().get_start_method() == "spawn"
        return
    environment = {
        name: value for name, value in os.environ.items() if name not in THREAD_VARIABLES
    }
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=environment,
    )
    ours, workers = probe.stdout.splitlines()
    # Starting it imported nothing of the scan (its imports run beside ours), and it left our
    # own environment as it was.
    assert ours.split() == ["-", "unset", "unset"]
    assert workers.split() == ["1", "1"]  # one compute thread in each worker
