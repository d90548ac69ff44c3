"""The review queue: filters, keyboard-driven decisions (htmx swaps one row), bulk decisions,
and a live count of cases that arrived since the page was opened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truemark.api.context import ConfigDep, WorkDep
from truemark.cases.decisions import decide, decide_many
from truemark.cases.queue import get_case, list_cases
from truemark.errors import InputError
from truemark.store.enforcement_records import CaseStatus, DecisionOutcome
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter
from truemark.web.pages.common import page
from truemark.web.session import ViewerDep

router = APIRouter(prefix="/console")
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """The queue's filters as the page's form and query string carry them."""

    brand: str = ""
    reason: str = ""
    network: str = ""
    min_risk: float | None = None
    status: str = CaseStatus.QUEUED.value

    def case_filter(self) -> CaseFilter:
        return CaseFilter(
            brand=self.brand or None,
            status=CaseStatus(self.status) if self.status else None,
            min_risk=self.min_risk,
            reason=self.reason or None,
            network_id=self.network or None,
        )

    def query(self) -> str:
        values = {k: v for k, v in vars_of(self).items() if v not in ("", None)}
        return urlencode(values)


def vars_of(filters: QueueFilters) -> dict[str, object]:
    return {name: getattr(filters, name) for name in QueueFilters.__dataclass_fields__}


def filters_dep(
    brand: str = "",
    reason: str = "",
    network: str = "",
    min_risk: Annotated[str, Query()] = "",
    status: str = CaseStatus.QUEUED.value,
) -> QueueFilters:
    """Filters from the query string; an empty box means any."""
    risk = float(min_risk) if min_risk.strip() else None
    valid = status if status in {s.value for s in CaseStatus} else ""
    return QueueFilters(brand.strip(), reason.strip(), network.strip(), risk, valid)


FiltersDep = Annotated[QueueFilters, Depends(filters_dep)]


@router.get("/queue", response_class=HTMLResponse)
def queue(
    request: Request, viewer: ViewerDep, work: WorkDep, filters: FiltersDep, offset: int = 0
) -> Response:
    """The cases the viewer may review, riskiest first."""
    found = list_cases(
        work, viewer.principal, filters.case_filter(), PageRequest(PAGE_SIZE, offset, "-risk")
    )
    brands = work.catalog.brands(viewer.principal.case_scope())
    newest = max((case.id for case in found.items), default=0)
    return page(
        request,
        viewer,
        "queue.html",
        "queue",
        cases=found,
        filters=filters,
        brands=brands,
        newest=newest,
        statuses=list(CaseStatus),
    )


@router.get("/queue/arrivals", response_class=HTMLResponse)
def arrivals(
    request: Request, viewer: ViewerDep, work: WorkDep, filters: FiltersDep, since: int = 0
) -> Response:
    """Polled by htmx: how many matching cases are newer than those on the page."""
    found = list_cases(work, viewer.principal, filters.case_filter(), PageRequest(1, 0, "-id"))
    latest = found.items[0].id if found.items else 0
    fresh = latest > since
    return page(
        request, viewer, "_arrivals.html", "queue", fresh=fresh, filters=filters, total=found.total
    )


@router.post("/cases/{case_id}/decision", response_class=HTMLResponse)
def decide_one(
    request: Request,
    viewer: ViewerDep,
    work: WorkDep,
    config: ConfigDep,
    case_id: int,
    outcome: Annotated[DecisionOutcome, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    """Confirm or reject one case; answers the case's row, now decided (an htmx swap)."""
    decide(work, viewer.principal, case_id, outcome, note.strip(), config)
    case = get_case(work, viewer.principal, case_id)
    if not request.headers.get("HX-Request"):
        return RedirectResponse(f"/console/cases/{case_id}?flash=Case+{outcome.value}ed", 303)
    return page(request, viewer, "_queue_row.html", "queue", case=case, index=0)


@router.post("/queue/bulk")
def decide_bulk(
    viewer: ViewerDep,
    work: WorkDep,
    config: ConfigDep,
    outcome: Annotated[DecisionOutcome, Form()],
    case_ids: Annotated[list[int] | None, Form()] = None,
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """The same decision on every ticked case, all or nothing."""
    if not case_ids:
        raise InputError("tick at least one case for a bulk decision (x ticks the current row)")
    decided = decide_many(work, viewer.principal, case_ids, outcome, note.strip(), config)
    message = urlencode({"flash": f"{len(decided)} cases {outcome.value}ed"})
    target = back if back.startswith("/console/queue") else "/console/queue"
    joiner = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{joiner}{message}", status_code=303)
