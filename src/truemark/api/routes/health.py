"""Liveness, readiness and the human health page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse

from truemark import __version__
from truemark.api.deps import settings_dep
from truemark.config import Settings
from truemark.store.health import DatabaseHealth, check_database
from truemark.web.render import render

router = APIRouter(tags=["health"])
SettingsDep = Annotated[Settings, Depends(settings_dep)]


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz", responses={503: {"description": "database not ready"}})
def readyz(settings: SettingsDep) -> JSONResponse:
    """The database answers and its schema is at the newest migration."""
    health = check_database(settings.database_url)
    body: dict[str, Any] = {"status": "ready" if health.ready else "not ready", **health.as_dict()}
    return JSONResponse(body, status_code=200 if health.ready else 503)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def health_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """A page a person can read: version, database, schema revision."""
    health: DatabaseHealth = check_database(settings.database_url)
    return render(
        request, "health.html", {"health": health, "version": __version__, "demo": settings.demo}
    )
