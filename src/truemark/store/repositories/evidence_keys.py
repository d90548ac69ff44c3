"""Organizations' evidence signing keys: add, retire, find the live one or one by key id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from truemark.store.evidence_records import EvidenceKeyRecord
from truemark.store.models import EvidenceKey


def _record(row: EvidenceKey) -> EvidenceKeyRecord:
    return EvidenceKeyRecord(
        row.id,
        row.organization_id,
        row.key_id,
        bytes(row.public_key),
        bytes(row.sealed_private_key),
        row.created_at,
        row.retired_at,
    )


class EvidenceKeyRepository:
    """One live key per organization at a time; retired keys still verify old packs."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, values: dict[str, Any]) -> EvidenceKeyRecord:
        row = EvidenceKey(**values)
        self._session.add(row)
        self._session.flush()
        return _record(row)

    def live(self, organization_id: int) -> EvidenceKeyRecord | None:
        query = (
            select(EvidenceKey)
            .where(EvidenceKey.organization_id == organization_id, EvidenceKey.retired_at.is_(None))
            .order_by(EvidenceKey.id.desc())
            .limit(1)
        )
        row = self._session.scalar(query)
        return None if row is None else _record(row)

    def by_key_id(self, key_id: str) -> EvidenceKeyRecord | None:
        row = self._session.scalar(select(EvidenceKey).where(EvidenceKey.key_id == key_id))
        return None if row is None else _record(row)

    def retire(self, organization_id: int, moment: datetime) -> None:
        self._session.execute(
            update(EvidenceKey)
            .where(EvidenceKey.organization_id == organization_id, EvidenceKey.retired_at.is_(None))
            .values(retired_at=moment)
        )
