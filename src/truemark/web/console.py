"""Mount the console on the app: its page routers, the vendored static files, and error pages
that a person can read (the API keeps answering problem+json)."""

from __future__ import annotations

from importlib.resources import files
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from truemark.api.problems import STATUS
from truemark.cases.errors import NotAuthenticated
from truemark.errors import TruemarkError, ValidationError
from truemark.web.pages import PAGE_ROUTERS
from truemark.web.render import render

CONSOLE_PREFIXES = ("/console", "/report")


def mount_console(app: FastAPI) -> None:
    """Add the console pages, ``/static``, and HTML error pages for console paths."""
    static = str(files("truemark.web") / "static")
    app.mount("/static", StaticFiles(directory=static), name="static")
    for router in PAGE_ROUTERS:
        app.include_router(router, include_in_schema=False)
    api_handler = app.exception_handlers.get(TruemarkError)

    async def console_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TruemarkError)
        if not request.url.path.startswith(CONSOLE_PREFIXES):
            assert api_handler is not None
            return await _call(api_handler, request, exc)
        if isinstance(exc, NotAuthenticated):
            return _to_login(request)
        status = next((code for kind, code, _ in STATUS if isinstance(exc, kind)), 400)
        problems = [str(p) for p in exc.problems] if isinstance(exc, ValidationError) else []
        context = {"status": status, "message": exc.message, "problems": problems, "viewer": None}
        return render(request, "console/error.html", context, status_code=status)

    app.add_exception_handler(TruemarkError, console_error)
    api_invalid = app.exception_handlers.get(RequestValidationError)

    async def console_invalid(request: Request, exc: Exception) -> Response:
        """A form the browser sent incomplete: the fields named on a page, not in JSON."""
        assert isinstance(exc, RequestValidationError)
        if not request.url.path.startswith(CONSOLE_PREFIXES):
            assert api_invalid is not None
            return await _call(api_invalid, request, exc)
        problems = [
            f"{'.'.join(str(p) for p in error['loc'][1:])}: {error['msg']}"
            for error in exc.errors()
        ]
        context = {"status": 422, "message": "The form is not complete.", "problems": problems}
        return render(request, "console/error.html", context | {"viewer": None}, status_code=422)

    app.add_exception_handler(RequestValidationError, console_invalid)


async def _call(handler: object, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)  # type: ignore[operator]
    if hasattr(result, "__await__"):
        result = await result
    assert isinstance(result, Response)
    return result


def _to_login(request: Request) -> Response:
    """To the log-in page, coming back here after; htmx follows ``HX-Redirect`` instead."""
    target = f"/console/login?next={quote(request.url.path)}"
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
