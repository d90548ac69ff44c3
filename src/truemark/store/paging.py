"""Pages of a listing: which slice, sorted by which field, and how many rows there are in all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from truemark.errors import InputError

Item = TypeVar("Item")
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``sort`` is a field name, ``-field`` for descending order."""

    limit: int = 50
    offset: int = 0
    sort: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if self.offset < 0:
            raise InputError(f"offset must not be negative, not {self.offset}")


@dataclass(frozen=True, slots=True)
class Page(Generic[Item]):
    items: list[Item]
    total: int
    limit: int
    offset: int


def sort_order(page: PageRequest, sortable: Mapping[str, Any], default: str) -> tuple[str, bool]:
    """(field, descending) the page asks for (``default`` when none); unknown fields refused."""
    sort = page.sort or default
    name = sort.removeprefix("-")
    if name not in sortable:
        known = ", ".join(sorted(sortable))
        raise InputError(f"cannot sort by {name!r}: sort by one of {known} (prefix - to reverse)")
    return name, sort.startswith("-")


def paged(
    session: Session,
    query: Select,
    page: PageRequest,
    sortable: Mapping[str, Any],
    default: str,
    tiebreak: Any,
) -> tuple[list[Any], int]:
    """Rows of one page of ``query`` and the count of all its rows; unknown sorts are refused."""
    name, descending = sort_order(page, sortable, default)
    column = sortable[name]
    order = column.desc() if descending else column.asc()
    rows = list(
        session.execute(query.order_by(order, tiebreak).limit(page.limit).offset(page.offset))
    )
    known = counted_by_page(page, len(rows))
    if known is not None:
        return rows, known
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return rows, total or 0


def counted_by_page(page: PageRequest, shown: int) -> int | None:
    """The count of all rows when the page itself tells it (a last page, or nothing at all), so
    no count query is needed; None otherwise."""
    if 0 < shown < page.limit or (shown == 0 and page.offset == 0):
        return page.offset + shown
    return None
