"""Shared FastAPI dependencies."""

from __future__ import annotations

from fastapi import Request

from truemark.config import Settings


async def settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings
