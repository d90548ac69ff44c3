"""The review queue's reads: cases by scope, filtered, sorted and paged, as plain rows.

The queue is the console's and the API's busiest read. Its statements are composed once per
shape of request (which filters, which sort, scoped or not) and cached, with every value a
parameter: composing a statement costs more than PostgreSQL takes to run it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Text, bindparam, cast, func, select
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.enforcement_records import CaseRecord, CaseStatus
from truemark.store.models import Brand, Case, Listing
from truemark.store.paging import Page, PageRequest, counted_by_page, sort_order
from truemark.store.records import Scope

SORTABLE = {"id": Case.id, "risk": Case.risk, "updated_at": Case.updated_at}
DEFAULT_SORT = "-risk"

# A case as the queue shows it, in CaseRecord's field order: plain rows, no ORM objects per case.
CASE_COLUMNS = (
    *(Case.id, Case.organization_id, Brand.slug, Case.listing_id),
    *(Listing.seller_id, Listing.title, Listing.price, Listing.currency, Listing.ship_from),
    *(Listing.quantity_sold, Listing.images, Case.risk, Case.verdict, Case.reasons),
    *(Case.signals, Case.network_id, Case.status, Case.assignee_user_id, Case.scans),
    *(Listing.status, Case.created_at, Case.updated_at),
)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the review queue narrows to; None means any."""

    brand: str | None = None
    status: CaseStatus | None = None
    min_risk: float | None = None
    reason: str | None = None
    network_id: str | None = None
    seller_id: str | None = None
    assignee_user_id: int | None = None

    def values(self) -> dict[str, Any]:
        """The filters that are set, as statement parameters."""
        given = {name: value for name, value in asdict(self).items() if value is not None}
        if "reason" in given:  # reasons is a JSON list on both backends: match the quoted code
            given["reason"] = f'"{given["reason"]}"'
        return given


CONDITIONS: dict[str, Callable[[], ColumnElement[bool]]] = {
    "brand": lambda: Brand.slug == bindparam("brand"),
    "status": lambda: Case.status == bindparam("status"),
    "min_risk": lambda: Case.risk >= bindparam("min_risk"),
    "reason": lambda: cast(Case.reasons, Text).contains(bindparam("reason")),
    "network_id": lambda: Case.network_id == bindparam("network_id"),
    "seller_id": lambda: Listing.seller_id == bindparam("seller_id"),
    "assignee_user_id": lambda: Case.assignee_user_id == bindparam("assignee_user_id"),
}


def case_record(row: Row[Any]) -> CaseRecord:
    """A case from a row of ``CASE_COLUMNS``."""
    values = list(row)
    values[10] = tuple(values[10] or ())  # images
    values[13] = tuple(values[13])  # reasons
    values[14] = dict(values[14])  # signals
    return CaseRecord(*values)


def _cases(scoped: bool, filters: tuple[str, ...] = ()) -> Select[Any]:
    """Cases (of ``organization_id`` when ``scoped``) meeting the named filters."""
    query = (
        select(*CASE_COLUMNS)
        .join(Listing, Listing.listing_id == Case.listing_id)
        .join(Brand, Brand.id == Case.brand_id)
    )
    if scoped:
        query = query.where(Case.organization_id == bindparam("organization_id"))
    return query.where(*(CONDITIONS[name]() for name in filters))


@lru_cache(maxsize=512)
def _page_statements(
    scoped: bool, filters: tuple[str, ...], sort: str, descending: bool
) -> tuple[Select[Any], Select[Any]]:
    """(count of all, one page) for this shape of request."""
    query = _cases(scoped, filters)
    total = select(func.count()).select_from(query.subquery())
    column = SORTABLE[sort]
    order = column.desc() if descending else column.asc()
    page = query.order_by(order, Case.id).limit(bindparam("limit")).offset(bindparam("offset"))
    return total, page


@lru_cache(maxsize=2)
def _one_case(scoped: bool) -> Select[Any]:
    return _cases(scoped).where(Case.id == bindparam("case_id"))


def _scope_values(scope: Scope) -> dict[str, Any]:
    return {} if scope.organization_id is None else {"organization_id": scope.organization_id}


def find_cases(
    session: Session, scope: Scope, where: CaseFilter, page: PageRequest
) -> Page[CaseRecord]:
    """One page of the cases the scope may see, filtered; sorted by risk, highest first, unless
    ``page.sort`` says otherwise."""
    sort, descending = sort_order(page, SORTABLE, DEFAULT_SORT)
    given = where.values()
    scoped = scope.organization_id is not None
    total, rows = _page_statements(scoped, tuple(sorted(given)), sort, descending)
    values = given | _scope_values(scope) | {"limit": page.limit, "offset": page.offset}
    found = [case_record(row) for row in session.execute(rows, values)]
    count = counted_by_page(page, len(found))
    if count is None:
        count = session.scalar(total, values) or 0
    return Page(found, count, page.limit, page.offset)


def get_case(session: Session, scope: Scope, case_id: int) -> CaseRecord:
    """One case; NotFoundError also when it is outside the scope."""
    statement = _one_case(scope.organization_id is not None)
    row = session.execute(statement, _scope_values(scope) | {"case_id": case_id}).one_or_none()
    if row is None:
        raise NotFoundError(f"no case {case_id}")
    return case_record(row)
