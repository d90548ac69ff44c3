"""Notices, their listings and the counter-notices sellers file against them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.enforcement_records import (
    NoticeItemRecord,
    NoticeItemStatus,
    NoticeRecord,
    NoticeStatus,
)
from truemark.store.models import Brand, Notice, NoticeItem, Trademark
from truemark.store.paging import Page, PageRequest, paged

SORTABLE = {"id": Notice.id, "filed_at": Notice.filed_at}


@dataclass(frozen=True, slots=True)
class NoticeScope:
    """Which notices a caller sees: a brand's organization's, a seller's (by its items), or all."""

    organization_id: int | None = None
    seller_ids: tuple[str, ...] | None = None


def _item(row: NoticeItem) -> NoticeItemRecord:
    return NoticeItemRecord(row.id, row.notice_id, row.listing_id, row.seller_id, row.status)


class NoticeRepository:
    """Create notices and counter-notices, move their states, read them by scope."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def create(self, values: dict[str, Any], items: Sequence[tuple[str, str]]) -> int:
        """A notice with ``(listing id, seller id)`` items, all pending; returns its id."""
        notice = Notice(**values)
        self._session.add(notice)
        self._session.flush()
        self._session.add_all(
            NoticeItem(
                notice_id=notice.id, listing_id=lid, seller_id=sid, status=NoticeItemStatus.PENDING
            )
            for lid, sid in items
        )
        self._session.flush()
        return notice.id

    def update(self, notice_id: int, **values: Any) -> None:
        self._session.execute(update(Notice).where(Notice.id == notice_id).values(**values))

    def set_items(
        self,
        item_ids: Sequence[int],
        status: NoticeItemStatus,
        only_from: NoticeItemStatus | None = None,
    ) -> None:
        query = update(NoticeItem).where(NoticeItem.id.in_(item_ids))
        if only_from is not None:
            query = query.where(NoticeItem.status == only_from)
        self._session.execute(query.values(status=status))

    def get(self, scope: NoticeScope, notice_id: int) -> NoticeRecord:
        """One notice with its items (only the seller's own items for a seller)."""
        row = self._session.execute(_scoped(scope).where(Notice.id == notice_id)).one_or_none()
        if row is None:
            raise NotFoundError(f"no notice {notice_id}")
        return self._record(scope, *row)

    def find(
        self, scope: NoticeScope, page: PageRequest, status: NoticeStatus | None = None
    ) -> Page[NoticeRecord]:
        query = _scoped(scope)
        if status is not None:
            query = query.where(Notice.status == status)
        rows, total = paged(self._session, query, page, SORTABLE, "-id", Notice.id)
        return Page([self._record(scope, *row) for row in rows], total, page.limit, page.offset)

    def past_deadline(self, moment: datetime) -> list[int]:
        """Accepted notices whose counter-notice deadline has passed with items still down."""
        query = (
            select(Notice.id)
            .join(NoticeItem, NoticeItem.notice_id == Notice.id)
            .where(
                Notice.status == NoticeStatus.ACCEPTED,
                Notice.counter_deadline <= moment,
                NoticeItem.status == NoticeItemStatus.TAKEN_DOWN,
            )
            .distinct()
        )
        return list(self._session.scalars(query))

    def item_counts(self, organization_id: int, brand_id: int, since: datetime) -> dict[str, int]:
        """Item count per status of a brand's notices filed since ``since`` (for reputation)."""
        query = (
            select(NoticeItem.status, func.count())
            .join(Notice, Notice.id == NoticeItem.notice_id)
            .where(*_brand_since(organization_id, brand_id, since))
            .group_by(NoticeItem.status)
        )
        return {str(status): count for status, count in self._session.execute(query)}

    def countered_items(self, organization_id: int, brand_id: int, since: datetime) -> int:
        """How many listings of the brand's notices since ``since`` the sellers countered."""
        query = (
            select(func.count())
            .select_from(NoticeItem)
            .join(Notice, Notice.id == NoticeItem.notice_id)
            .where(*_brand_since(organization_id, brand_id, since), NoticeItem.countered)
        )
        return self._session.scalar(query) or 0

    def trademark_id(self, brand_id: int, number: str) -> int | None:
        """The id of the brand's registration with this number."""
        query = select(Trademark.id).where(
            Trademark.brand_id == brand_id, Trademark.number == number
        )
        return self._session.scalar(query)

    def items_of(self, notice_id: int) -> list[NoticeItemRecord]:
        """Every item of a notice, whoever the seller."""
        query = select(NoticeItem).where(NoticeItem.notice_id == notice_id)
        return [_item(row) for row in self._session.scalars(query.order_by(NoticeItem.id))]

    def mark_countered(self, item_ids: Sequence[int]) -> None:
        self._session.execute(
            update(NoticeItem)
            .where(NoticeItem.id.in_(item_ids))
            .values(status=NoticeItemStatus.COUNTERED, countered=True)
        )

    def _record(
        self, scope: NoticeScope, notice: Notice, brand: str, mark: str | None
    ) -> NoticeRecord:
        query = select(NoticeItem).where(NoticeItem.notice_id == notice.id)
        if scope.seller_ids is not None:
            query = query.where(NoticeItem.seller_id.in_(scope.seller_ids))
        items = tuple(_item(row) for row in self._session.scalars(query.order_by(NoticeItem.id)))
        return NoticeRecord(
            id=notice.id,
            organization_id=notice.organization_id,
            brand_slug=brand,
            trademark=mark,
            evidence=notice.evidence,
            status=notice.status,
            fast_tracked=notice.fast_tracked,
            filed_by=notice.filed_by,
            filed_at=notice.filed_at,
            counter_deadline=notice.counter_deadline,
            items=items,
        )


def _brand_since(organization_id: int, brand_id: int, since: datetime) -> list[Any]:
    return [
        Notice.organization_id == organization_id,
        Notice.brand_id == brand_id,
        Notice.filed_at >= since,
    ]


def _scoped(scope: NoticeScope) -> Select:
    mark = (Trademark.office + " " + Trademark.number).label("trademark")
    query: Select = (
        select(Notice, Brand.slug, mark)
        .join(Brand, Brand.id == Notice.brand_id)
        .outerjoin(Trademark, Trademark.id == Notice.trademark_id)
    )
    if scope.organization_id is not None:
        query = query.where(Notice.organization_id == scope.organization_id)
    if scope.seller_ids is not None:
        mine = select(NoticeItem.notice_id).where(NoticeItem.seller_id.in_(scope.seller_ids))
        query = query.where(Notice.id.in_(mine), Notice.status != NoticeStatus.PENDING_REVIEW)
    return query
