"""Counter-notices: a seller's answer to a notice, read by the same scopes as notices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.enforcement_records import CounterNoticeRecord, CounterNoticeStatus
from truemark.store.models import CounterNotice, Notice
from truemark.store.paging import Page, PageRequest, paged
from truemark.store.repositories.notices import NoticeScope

SORTABLE = {"id": CounterNotice.id, "filed_at": CounterNotice.filed_at}


def _counter(row: CounterNotice) -> CounterNoticeRecord:
    return CounterNoticeRecord(
        row.id,
        row.notice_id,
        row.seller_id,
        row.statement,
        row.evidence,
        row.status,
        row.filed_by,
        row.filed_at,
        row.resolved_at,
    )


class CounterNoticeRepository:
    """File counter-notices, resolve them, read them by scope."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, values: dict[str, Any]) -> CounterNoticeRecord:
        row = CounterNotice(status=CounterNoticeStatus.PENDING, **values)
        self._session.add(row)
        self._session.flush()
        return _counter(row)

    def get(self, scope: NoticeScope, counter_id: int) -> CounterNoticeRecord:
        row = self._session.scalar(_scoped_counters(scope).where(CounterNotice.id == counter_id))
        if row is None:
            raise NotFoundError(f"no counter-notice {counter_id}")
        return _counter(row)

    def find(
        self, scope: NoticeScope, page: PageRequest, notice_id: int | None = None
    ) -> Page[CounterNoticeRecord]:
        query = _scoped_counters(scope)
        if notice_id is not None:
            query = query.where(CounterNotice.notice_id == notice_id)
        rows, total = paged(self._session, query, page, SORTABLE, "-id", CounterNotice.id)
        return Page([_counter(row[0]) for row in rows], total, page.limit, page.offset)

    def resolve(self, counter_id: int, status: CounterNoticeStatus, moment: datetime) -> None:
        self._session.execute(
            update(CounterNotice)
            .where(CounterNotice.id == counter_id)
            .values(status=status, resolved_at=moment)
        )


def _scoped_counters(scope: NoticeScope) -> Select:
    query = select(CounterNotice).join(Notice, Notice.id == CounterNotice.notice_id)
    if scope.organization_id is not None:
        query = query.where(Notice.organization_id == scope.organization_id)
    if scope.seller_ids is not None:
        query = query.where(CounterNotice.seller_id.in_(scope.seller_ids))
    return query
