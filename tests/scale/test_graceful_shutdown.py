"""`truemark serve` stops cleanly on SIGTERM: an orderly shutdown, its logs JSON lines to the end."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from truemark.store import upgrade

TRUEMARK = str(Path(sys.executable).with_name("truemark"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited while starting"
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not come up")


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_stops_the_server_cleanly(tmp_path: Path, workers: int) -> None:
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(database)
    port = _free_port()
    env = {**os.environ, "TRUEMARK_DATABASE_URL": database, "TRUEMARK_DEMO": "1"}
    server = subprocess.Popen(
        [TRUEMARK, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/readyz", server)
        answered = httpx.get(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "bye-1"})
        assert answered.headers["X-Request-ID"] == "bye-1"
        server.send_signal(signal.SIGTERM)
        # uvicorn shuts down in order, then re-raises the signal: death by SIGTERM, as expected
        assert server.wait(30) in (0, -signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.stderr is not None
    errors = server.stderr.read().decode()
    assert "Traceback" not in errors
    logs = [json.loads(line) for line in errors.splitlines() if line.strip()]
    events = [entry["event"] for entry in logs]
    assert any(entry.get("request_id") == "bye-1" and entry["status"] == 200 for entry in logs)
    assert any("Shutting down" in event for event in events)
    assert "Finished server process" in " ".join(events)
