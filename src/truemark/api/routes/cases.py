"""Cases: the review queue (filter, sort, page), one case, assignment, scan-result import."""

from __future__ import annotations

import json
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Query

from truemark.api.context import ConfigDep, PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.cases import CaseImport, CaseImportPublic, CasePublic, CaseUpdate
from truemark.api.schemas.common import PagePublic, page_of
from truemark.cases import importing, queue
from truemark.store.enforcement_records import CaseStatus
from truemark.store.repositories import CaseFilter
from truemark.store.types import utc_now

router = APIRouter(prefix="/cases", tags=["cases"], route_class=OneThreadRoute)


@router.get("")
def list_cases(
    work: WorkDep,
    principal: PrincipalDep,
    page: PageDep,
    brand: str | None = None,
    status: CaseStatus | None = None,
    min_risk: Annotated[float | None, Query(ge=0, le=1)] = None,
    reason: str | None = None,
    network_id: str | None = None,
    seller_id: str | None = None,
    assignee_user_id: int | None = None,
) -> PagePublic[CasePublic]:
    """The review queue: cases you may see, filtered; sort by risk, updated_at or id."""
    where = CaseFilter(brand, status, min_risk, reason, network_id, seller_id, assignee_user_id)
    found = queue.list_cases(work, principal, where, page)
    return PagePublic[CasePublic](**page_of(found, CasePublic.model_validate))


@router.get("/{case_id}")
def get_case(work: WorkDep, principal: PrincipalDep, case_id: int) -> CasePublic:
    return CasePublic.model_validate(queue.get_case(work, principal, case_id))


@router.patch("/{case_id}")
def update_case(
    work: WorkDep, principal: PrincipalDep, case_id: int, body: CaseUpdate
) -> CasePublic:
    """Assign the case to a reviewer (or unassign it)."""
    case = queue.assign_case(work, principal, case_id, body.assignee_user_id)
    return CasePublic.model_validate(case)


@router.post("/import", status_code=201)
def import_cases(
    work: WorkDep, principal: PrincipalDep, config: ConfigDep, body: CaseImport
) -> CaseImportPublic:
    """Bulk: scan results and their listings into cases (operator)."""
    results = _frame([row.model_dump() for row in body.results], ScanColumns)
    listings = _frame([row.model_dump() for row in body.listings], ListingColumns)
    report = importing.import_results(work, principal, results, listings, config, utc_now())
    return CaseImportPublic.model_validate(report)


ScanColumns: dict[str, Any] = {
    "listing_id": pl.String,
    "brand_id": pl.String,
    "risk": pl.Float64,
    "verdict": pl.String,
    "reasons": pl.List(pl.String),
    "signals": pl.String,  # JSON text, as in scan results files
}
ListingColumns: dict[str, Any] = {
    "listing_id": pl.String,
    "seller_id": pl.String,
    "title": pl.String,
    "price": pl.Float64,
    "currency": pl.String,
    "ship_from": pl.String,
    "quantity_sold": pl.Int64,
}


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    if "signals" in schema:  # the json module: signals may hold any JSON number, however large
        rows = [{**row, "signals": json.dumps(row["signals"])} for row in rows]
    return pl.DataFrame(rows, schema=schema)
