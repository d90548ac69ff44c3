"""Notices and counter-notices: a brand files notices in bulk from a CSV; the operator reviews
notices and resolves counter-notices (a seller's appeal); a seller sees those naming its stores."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truemark.api.context import ConfigDep, WorkDep
from truemark.cases.counter_notices import (
    file_counter_notice,
    list_counter_notices,
    resolve_counter_notice,
)
from truemark.cases.notice_review import review_notice
from truemark.cases.notices import file_notices, list_notices
from truemark.store.paging import PageRequest
from truemark.web.notice_csv import read_notice_csv
from truemark.web.pages.common import page
from truemark.web.session import ViewerDep

router = APIRouter(prefix="/console/notices")


def _back(message: str) -> Response:
    return RedirectResponse(f"/console/notices?{urlencode({'flash': message})}", status_code=303)


@router.get("", response_class=HTMLResponse)
def notices(request: Request, viewer: ViewerDep, work: WorkDep) -> Response:
    found = list_notices(work, viewer.principal, PageRequest(100, 0, "-id"))
    counters = list_counter_notices(work, viewer.principal, PageRequest(100, 0, "-id"))
    return page(request, viewer, "notices.html", "notices", notices=found, counters=counters)


@router.post("/bulk")
async def file_bulk(
    viewer: ViewerDep, work: WorkDep, config: ConfigDep, upload: Annotated[UploadFile, File()]
) -> Response:
    """File the notices of an uploaded CSV, all in one transaction."""
    drafts = read_notice_csv(await upload.read(), upload.filename or "upload.csv")
    filed = file_notices(work, viewer.principal, drafts, config)
    listings = sum(len(notice.items) for notice in filed)
    fast = sum(notice.fast_tracked for notice in filed)
    return _back(
        f"{_count(len(filed), 'notice')} filed for {_count(listings, 'listing')}"
        f" ({fast} fast-tracked)"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@router.post("/{notice_id}/review")
def review(
    viewer: ViewerDep,
    work: WorkDep,
    config: ConfigDep,
    notice_id: int,
    decision: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    accept = decision == "accept"
    review_notice(work, viewer.principal, notice_id, accept, note.strip(), config)
    return _back(f"notice {notice_id} {'accepted' if accept else 'rejected'}")


@router.post("/counter/{counter_id}/resolution")
def resolve(
    viewer: ViewerDep,
    work: WorkDep,
    config: ConfigDep,
    counter_id: int,
    decision: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    reinstate = decision == "reinstate"
    resolve_counter_notice(work, viewer.principal, counter_id, reinstate, note.strip(), config)
    return _back(f"counter-notice {counter_id} {'reinstated' if reinstate else 'upheld'}")


@router.post("/{notice_id}/counter")
def counter(
    viewer: ViewerDep,
    work: WorkDep,
    notice_id: int,
    seller_id: Annotated[str, Form()],
    statement: Annotated[str, Form()],
    evidence: Annotated[str, Form()] = "",
) -> Response:
    """A seller answers a notice naming its store (before the deadline)."""
    filed = file_counter_notice(
        work, viewer.principal, notice_id, seller_id, statement.strip(), evidence.strip()
    )
    return _back(f"counter-notice {filed.id} filed for notice {notice_id}")
