"""Run the HTTP server (uvicorn) for the API and console, with graceful shutdown.

Several worker processes share the port (``--workers``, or ``workers`` in the settings); each runs
on uvloop with the httptools parser (uvicorn's fast event loop and HTTP/1.1 parser; both are
dependencies, except uvloop on Windows).
"""

from __future__ import annotations

import gc
from typing import Any

import uvicorn
from fastapi import FastAPI

from truemark.config import get_settings
from truemark.logs import configure_logging
from truemark.terminal import console

WARM_AFTER_REQUESTS = 500


class FreezeWhenWarm:
    """ASGI wrapper that freezes the collector's objects once more after the first requests.

    The first requests build what lives as long as the process too: database connections and
    their prepared statements, compiled-statement and validator caches, templates. Until frozen,
    those are walked by every full collection; a collection right after start-up, while they are
    young and many, took 100-150 ms with every request in flight waiting. Freezing (no collection:
    it costs nothing) after ``after`` requests keeps later full collections to what requests
    leave behind. Garbage in reference cycles at that moment is frozen with them and never
    collected: a one-time cost, not measured beyond the ~21,000 objects a few requests leave.
    """

    def __init__(self, app: Any, after: int = WARM_AFTER_REQUESTS) -> None:
        self.app = app
        self.remaining = after

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.remaining > 0 and scope["type"] == "http":
            self.remaining -= 1
            if self.remaining == 0:
                gc.freeze()
        await self.app(scope, receive, send)


def create_served_app() -> Any:
    """The app as served: JSON logs set up in this process first (each worker process runs it).

    The objects alive once the app is built (modules, routes, models: about 250,000) live as long
    as the process, so they are frozen out of the garbage collector: otherwise each full
    collection walks them all, a pause of 100 ms or more that every request in flight waits out.
    What the first requests build is frozen too, once they have run (:class:`FreezeWhenWarm`).
    """
    from truemark.api.app import create_app

    configure_logging()
    app: FastAPI = create_app()
    gc.collect()
    gc.freeze()
    return FreezeWhenWarm(app)


def run_server(
    host: str | None = None, port: int | None = None, workers: int | None = None
) -> None:
    """Serve the app in ``workers`` processes (default: the settings') until interrupted."""
    settings = get_settings()
    settings.require_secret_key()  # refuse to start without a secret outside demo mode
    configure_logging()
    bind_host = host or settings.host
    bind_port = port or settings.port
    processes = workers or settings.workers
    console.print(
        f"truemark console on [bold]http://{bind_host}:{bind_port}[/bold]"
        f"  ({processes} worker{'s' if processes > 1 else ''}; Ctrl+C stops)"
    )
    uvicorn.run(
        "truemark.server:create_served_app",
        factory=True,
        workers=processes,
        loop="auto",  # uvloop where it is installed (not on Windows), else asyncio
        http="auto",  # httptools, else h11
        host=bind_host,
        port=bind_port,
        log_level="info",
        log_config=None,  # configure_logging: JSON lines; requests logged by the middleware
        access_log=False,
        timeout_graceful_shutdown=10,
    )
