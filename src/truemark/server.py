"""Run the HTTP server (uvicorn) for the API and console, with graceful shutdown."""

from __future__ import annotations

import uvicorn

from truemark.config import get_settings
from truemark.logs import configure_logging
from truemark.terminal import console


def run_server(host: str | None = None, port: int | None = None) -> None:
    """Serve ``truemark.api.app:create_app`` until interrupted."""
    settings = get_settings()
    settings.require_secret_key()
    configure_logging()  # refuse to start without a secret outside demo mode
    bind_host = host or settings.host
    bind_port = port or settings.port
    console.print(
        f"truemark console on [bold]http://{bind_host}:{bind_port}[/bold]  (Ctrl+C stops)"
    )
    uvicorn.run(
        "truemark.api.app:create_app",
        factory=True,
        host=bind_host,
        port=bind_port,
        log_level="info",
        log_config=None,  # configure_logging: JSON lines; requests logged by the middleware
        access_log=False,
        timeout_graceful_shutdown=10,
    )
