"""The audit log's storage: lock the head, append an entry, read entries in sequence order.

The hashing is :mod:`truemark.audit`'s; this repository only stores and reads rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from truemark.errors import ConfigError
from truemark.store.evidence_records import AuditEntryRecord, AuditHeadRecord
from truemark.store.models import AuditEntry, AuditHead

HEAD_ROW = 1
READ_CHUNK = 5_000


def _entry(row: AuditEntry) -> AuditEntryRecord:
    return AuditEntryRecord(
        row.sequence,
        row.recorded_at,
        row.actor,
        row.organization_id,
        row.action,
        row.subject_type,
        row.subject_id,
        row.payload,
        row.previous_hash,
        row.entry_hash,
    )


class AuditRepository:
    """Rows of ``audit_log`` and ``audit_head``; nothing here updates or deletes an entry."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def lock_head(self, moment: datetime) -> AuditHeadRecord:
        """The head, locked until the transaction ends: a write first (row lock on PostgreSQL,
        the write lock on SQLite), then the read, so no other writer can append in between."""
        locked = self._session.execute(
            update(AuditHead).where(AuditHead.id == HEAD_ROW).values(updated_at=moment)
        )
        if getattr(locked, "rowcount", 1) != 1:
            raise ConfigError("the audit log has no head row: run 'truemark db upgrade'")
        return self.head()

    def head(self) -> AuditHeadRecord:
        row = self._session.get(AuditHead, HEAD_ROW, populate_existing=True)
        if row is None:
            raise ConfigError("the audit log has no head row: run 'truemark db upgrade'")
        return AuditHeadRecord(row.sequence, row.entry_hash, row.updated_at)

    def add(self, values: dict[str, Any]) -> None:
        """Insert one entry and move the head to it (call with the head locked)."""
        self._session.execute(insert(AuditEntry), [values])
        self._session.execute(
            update(AuditHead)
            .where(AuditHead.id == HEAD_ROW)
            .values(sequence=values["sequence"], entry_hash=values["entry_hash"])
        )

    def entries(self, after: int = 0, chunk: int = READ_CHUNK) -> Iterator[AuditEntryRecord]:
        """Every entry with a sequence above ``after``, in order, read a chunk at a time."""
        while True:
            query = (
                select(AuditEntry)
                .where(AuditEntry.sequence > after)
                .order_by(AuditEntry.sequence)
                .limit(chunk)
            )
            rows = [_entry(row) for row in self._session.scalars(query)]
            yield from rows
            if len(rows) < chunk:
                return
            after = rows[-1].sequence

    def page(
        self, after: int, limit: int, subject: tuple[str, str] | None = None
    ) -> list[AuditEntryRecord]:
        """Up to ``limit`` entries after ``after`` (of one subject type and id, when given)."""
        query = select(AuditEntry).where(AuditEntry.sequence > after)
        if subject is not None:
            query = query.where(
                AuditEntry.subject_type == subject[0], AuditEntry.subject_id == subject[1]
            )
        query = query.order_by(AuditEntry.sequence).limit(limit)
        return [_entry(row) for row in self._session.scalars(query)]

    def of_subjects(self, subjects: list[tuple[str, str]]) -> list[AuditEntryRecord]:
        """Entries about any of these (subject type, subject id), in order."""
        if not subjects:
            return []
        wanted = AuditEntry.subject_type + ":" + AuditEntry.subject_id
        keys = [f"{kind}:{name}" for kind, name in subjects]
        query = select(AuditEntry).where(wanted.in_(keys)).order_by(AuditEntry.sequence)
        return [_entry(row) for row in self._session.scalars(query)]

    def entry(self, sequence: int) -> AuditEntryRecord | None:
        row = self._session.get(AuditEntry, sequence)
        return None if row is None else _entry(row)

    def of_subject_type(self, subject_type: str) -> list[AuditEntryRecord]:
        """Every entry about a subject of this type (``listings``, ``case``, ...), in order."""
        query = (
            select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type)
            .order_by(AuditEntry.sequence)
        )
        return [_entry(row) for row in self._session.scalars(query)]
