"""Admission: a server process serves a few requests at once (``ADMITTED``, fewer than its worker
threads); the rest wait their turn on the event loop, in order of arrival. Probes and metrics
(``/healthz``, ``/readyz``, ``/metrics``) never wait.

- A request may hold a database connection while it waits for a worker thread. Were every
  thread taken by requests that are themselves waiting for a connection, nothing would move
  until the connection pool gave up; with fewer requests admitted than threads, one is free.
- One core gains nothing from more: requests spend most of their time in Python, so a handful
  keeps the core busy while one waits for the database. Twenty threads sharing the GIL only
  slice every request's time ever thinner (and cost switches); in turn, each finishes sooner.
- No more are admitted than the connection pool keeps open, so busy periods do not open and
  close connections (a PostgreSQL backend process each) over and over.
"""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from truemark.store.db import POOL_SIZE

ADMITTED = min(8, POOL_SIZE)
UNQUEUED = frozenset({"/healthz", "/readyz", "/metrics"})


class AdmissionLimit:
    """Pure ASGI middleware: admit HTTP requests while fewer than the limit are being served."""

    def __init__(self, app: ASGIApp, limit: int = ADMITTED) -> None:
        self.app = app
        self._limit = limit
        self._admitted: WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.Semaphore] = (
            WeakKeyDictionary()
        )

    def _semaphore(self) -> anyio.Semaphore:
        """The running event loop's semaphore (each loop has its own thread limiter)."""
        loop = asyncio.get_running_loop()
        admitted = self._admitted.get(loop)
        if admitted is None:
            threads = int(anyio.to_thread.current_default_thread_limiter().total_tokens)
            admitted = self._admitted[loop] = anyio.Semaphore(max(1, min(threads - 1, self._limit)))
        return admitted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNQUEUED:
            await self.app(scope, receive, send)
            return
        async with self._semaphore():
            await self.app(scope, receive, send)
