"""What every console page needs: the store, the viewer's section, a page render."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from truemark.api.context import store_dep
from truemark.store import Store
from truemark.web.render import render
from truemark.web.session import Viewer


def page(
    request: Request,
    viewer: Viewer | None,
    template: str,
    section: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render ``console/<template>`` for the viewer, with the nav item ``section`` current."""
    values = {"viewer": viewer, "section": section, **context}
    flash = request.query_params.get("flash")
    if flash and "flash" not in values:
        values["flash"] = flash
        values["flash_kind"] = request.query_params.get("kind", "ok")
    return render(request, f"console/{template}", values, status_code=status_code)


def store_of(request: Request) -> Store:
    """The app's store (the one the API uses)."""
    return store_dep(request)
