"""The effect log (every state change, with actor and time) and the outbox of seller messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from truemark.store.enforcement_records import EffectLogRecord, OutboxRecord, OutboxStatus
from truemark.store.models import EffectLog, OutboxMessage
from truemark.store.paging import Page, PageRequest, paged

MAX_ATTEMPTS = 5  # a message that failed this often waits for a person


def _effect(row: EffectLog) -> EffectLogRecord:
    return EffectLogRecord(
        row.id,
        row.kind,
        row.subject,
        row.organization_id,
        row.actor,
        dict(row.payload),
        row.created_at,
    )


def _message(row: OutboxMessage) -> OutboxRecord:
    return OutboxRecord(
        row.id,
        row.recipient,
        row.subject,
        row.body,
        row.seller_id,
        row.notice_id,
        row.status,
        row.attempts,
        row.created_at,
        row.sent_at,
        row.last_error,
    )


class EffectRepository:
    """Append to the effect log, read it in order; queue and settle outbox messages."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def append(
        self,
        kind: str,
        subject: str,
        organization_id: int | None,
        actor: str,
        payload: dict[str, Any],
        moment: datetime,
    ) -> EffectLogRecord:
        row = EffectLog(
            kind=kind,
            subject=subject,
            organization_id=organization_id,
            actor=actor,
            payload=payload,
            created_at=moment,
        )
        self._session.add(row)
        self._session.flush()
        return _effect(row)

    def log(
        self, page: PageRequest, subject: str | None = None, after_id: int = 0
    ) -> Page[EffectLogRecord]:
        """Effects in the order they happened (after ``after_id``, of one subject when given)."""
        query = select(EffectLog).where(EffectLog.id > after_id)
        if subject is not None:
            query = query.where(EffectLog.subject == subject)
        rows, total = paged(self._session, query, page, {"id": EffectLog.id}, "id", EffectLog.id)
        return Page([_effect(row[0]) for row in rows], total, page.limit, page.offset)

    def enqueue(self, values: dict[str, Any]) -> OutboxRecord:
        status = OutboxStatus.PENDING if values.get("recipient") else OutboxStatus.NO_ADDRESS
        row = OutboxMessage(status=status, **values)
        self._session.add(row)
        self._session.flush()
        return _message(row)

    def pending(self, limit: int = 100) -> list[OutboxRecord]:
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.FAILED]),
                OutboxMessage.attempts < MAX_ATTEMPTS,
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return [_message(row) for row in self._session.scalars(query)]

    def messages(self, seller_ids: tuple[str, ...] | None = None) -> list[OutboxRecord]:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if seller_ids is not None:
            query = query.where(OutboxMessage.seller_id.in_(seller_ids))
        return [_message(row) for row in self._session.scalars(query)]

    def settle(self, message_id: int, error: str | None, moment: datetime) -> None:
        """Mark a delivery attempt: sent, or failed with the error."""
        values: dict[str, Any] = {"attempts": OutboxMessage.attempts + 1, "last_error": error}
        if error is None:
            values.update(status=OutboxStatus.SENT, sent_at=moment)
        else:
            values.update(status=OutboxStatus.FAILED)
        self._session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
        )
