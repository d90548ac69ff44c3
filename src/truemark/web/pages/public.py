"""Public pages: report a suspected fake (no account needed). Reports are appended, one JSON
object a line, to ``<data_dir>/reports/suspected-fakes.jsonl`` for the operator's team."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from truemark.api.context import SettingsDep
from truemark.store.types import utc_now
from truemark.web.pages.common import page

router = APIRouter()
MAX_TEXT = 2000


@router.get("/report", response_class=HTMLResponse)
def report_form(request: Request) -> Response:
    return page(request, None, "report.html", "report", sent=False)


@router.post("/report", response_class=HTMLResponse)
def report_fake(
    request: Request,
    settings: SettingsDep,
    listing: Annotated[str, Form(max_length=MAX_TEXT)],
    what: Annotated[str, Form(max_length=MAX_TEXT)],
    brand: Annotated[str, Form(max_length=200)] = "",
    contact: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Keep the report; nothing about the database is shown back."""
    folder = settings.data_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    entry = {
        "received_at": utc_now().isoformat(),
        "listing": listing.strip(),
        "brand": brand.strip(),
        "what": what.strip(),
        "contact": contact.strip(),
    }
    with (folder / "suspected-fakes.jsonl").open("ab") as out:
        out.write(orjson.dumps(entry) + b"\n")
    return page(request, None, "report.html", "report", sent=True)
