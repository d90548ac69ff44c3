"""The FastAPI application: health and readiness now; routers per resource join it as they land."""

from __future__ import annotations

from fastapi import FastAPI

from truemark import __version__
from truemark.api.routes import health
from truemark.config import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for the given settings (the process settings by default)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="truemark",
        version=__version__,
        summary="Anti-counterfeiting for marketplaces and brands",
    )
    app.state.settings = settings
    app.include_router(health.router)
    return app
