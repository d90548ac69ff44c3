"""Admission: at most one request fewer than the worker threads is served at a time; the rest wait
their turn on the event loop, in order of arrival.

A request may hold a database connection while it waits for a worker thread (FastAPI checks a
synchronous handler's answer in one). Were every thread taken by requests that are themselves
waiting for a connection, nothing would move until the connection pool gave up. With fewer
requests admitted than there are threads, a thread is always free.
"""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send


class AdmissionLimit:
    """Pure ASGI middleware: admit HTTP requests while fewer than the thread limit are served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._admitted: WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.Semaphore] = (
            WeakKeyDictionary()
        )

    def _semaphore(self) -> anyio.Semaphore:
        """The running event loop's semaphore (each loop has its own thread limiter)."""
        loop = asyncio.get_running_loop()
        admitted = self._admitted.get(loop)
        if admitted is None:
            threads = int(anyio.to_thread.current_default_thread_limiter().total_tokens)
            admitted = self._admitted[loop] = anyio.Semaphore(max(1, threads - 1))
        return admitted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self._semaphore():
            await self.app(scope, receive, send)
