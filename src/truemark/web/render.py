"""Server-side rendering of console pages with Jinja2 templates shipped in the package."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The template environment over ``truemark/web/templates``."""
    return Jinja2Templates(directory=str(files("truemark.web") / "templates"))


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a template to an HTML response."""
    return templates().TemplateResponse(request, name, context, status_code=status_code)
