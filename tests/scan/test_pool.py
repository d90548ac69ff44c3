"""The scan's process pool: every worker starts while the engine is built, before any batch."""

from __future__ import annotations

import multiprocessing

from truemark.scan.pool import pool_submitter


def test_every_worker_is_started_before_the_first_batch() -> None:
    """A worker that has taken its engine and finished its start-up task is idle, and the pool
    starts no new process while one is idle: all must be started before any takes an engine."""
    before = set(multiprocessing.active_children())
    for _ in range(3):
        with pool_submitter(lambda: {"engine": "stand-in"}, 4):
            started = set(multiprocessing.active_children()) - before
            assert len(started) == 4
