"""The public verification page: type a code or upload a photo of its QR label."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import SQLAlchemyError

from truemark import __version__
from truemark.api.routes.serial import MAX_CODE_TEXT, public_verdict
from truemark.api.routes.serial_deps import RateLimited, ServiceDep, header_country
from truemark.errors import InputError
from truemark.serial.qr import read_code_from_photo
from truemark.web.render import render

router = APIRouter(tags=["serial pages"], include_in_schema=False)
MAX_PHOTO_BYTES = 15 * 1024 * 1024


def _page(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    values = {"version": __version__, "code": "", "result": None, "problem": None, **context}
    return render(request, "serial/verify.html", values, status_code=status_code)


def _checked(service: ServiceDep, request: Request, code: str, country: str | None) -> HTMLResponse:
    try:
        verdict = service.verify(code, country or header_country(request), channel="web")
    except SQLAlchemyError:
        return _page(request, 503, code=code, problem="Verification is unavailable right now.")
    return _page(request, code=code, result=public_verdict(verdict))


@router.get("/verify", response_class=HTMLResponse, dependencies=[RateLimited])
def verify_page(
    service: ServiceDep,
    request: Request,
    code: Annotated[str | None, Query(max_length=MAX_CODE_TEXT)] = None,
) -> HTMLResponse:
    """The form; with ``?code=`` (a QR link) the verdict too."""
    if not code:
        return _page(request)
    return _checked(service, request, code, None)


@router.post("/verify", response_class=HTMLResponse, dependencies=[RateLimited])
async def verify_form(
    service: ServiceDep,
    request: Request,
    code: Annotated[str, Form(max_length=MAX_CODE_TEXT)] = "",
    country: Annotated[str, Form(max_length=64)] = "",
    photo: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Verify the typed code, or the code read from an uploaded photo of the QR label."""
    if photo is not None and photo.filename:
        content = await photo.read(MAX_PHOTO_BYTES + 1)
        if len(content) > MAX_PHOTO_BYTES:
            return _page(request, 413, problem="The photo is too large (15 MB at most).")
        try:
            code = read_code_from_photo(content)
        except InputError as exc:
            return _page(request, 422, problem=f"The photo could not be read: {exc.message}.")
    if not code.strip():
        return _page(request, 422, problem="Type the code printed under the QR, or add a photo.")
    return _checked(service, request, code, country or None)
