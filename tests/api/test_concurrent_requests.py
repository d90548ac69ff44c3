"""Many requests at once on a small connection pool and thread pool: all answered, none stuck.

A request holding a connection may wait for a worker thread (to check its answer, to commit).
Were every thread taken by requests waiting for that very connection, all would stall until the
pool gave up (500s after ``pool_timeout``): admission keeps a thread free.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread
import httpx

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.store import Store
from truemark.store.db import make_engine

REQUESTS = 12


async def _burst(app: object, headers: dict[str, str]) -> list[int]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = 2
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answers = await asyncio.gather(
            *(client.get("/cases", headers=headers) for _ in range(REQUESTS))
        )
    return [answer.status_code for answer in answers]


def test_a_burst_on_one_connection_and_two_threads_is_answered(
    http, migrated_database_url: str
) -> None:
    engine = make_engine(migrated_database_url, pool_size=1, max_overflow=0, pool_timeout=5)
    app = create_app(Settings(database_url=migrated_database_url, demo=True), Store(engine))
    try:
        burst = asyncio.wait_for(_burst(app, http.as_("operator")), 60)
        with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever this thread runs
            statuses = thread.submit(asyncio.run, burst).result()
    finally:
        engine.dispose()
    assert statuses == [200] * REQUESTS
