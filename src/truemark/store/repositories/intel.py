"""Intel items and sharing rules: add, find by uid, retract, approve, list; set a rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from truemark.store.alliance_records import IntelItemRecord, SharingRuleRecord
from truemark.store.models import IntelItem, SharingRule


def _item(row: IntelItem) -> IntelItemRecord:
    return IntelItemRecord(
        row.id,
        row.organization_id,
        row.uid,
        row.origin,
        row.kind,
        row.value,
        row.source,
        row.confidence,
        row.status,
        row.approved,
        row.confirmed_at,
        row.expires_at,
        row.retracted_at,
    )


def _rule(row: SharingRule) -> SharingRuleRecord:
    return SharingRuleRecord(
        row.organization_id, row.kind, row.audience, tuple(row.members), row.automatic
    )


class IntelRepository:
    """The intel items each organization holds and the rules by which it shares its own."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, values: dict[str, Any]) -> IntelItemRecord:
        row = IntelItem(**values)
        self._session.add(row)
        self._session.flush()
        return _item(row)

    def by_uid(self, organization_id: int, uid: str) -> IntelItemRecord | None:
        row = self._session.scalar(
            select(IntelItem).where(
                IntelItem.organization_id == organization_id, IntelItem.uid == uid
            )
        )
        return None if row is None else _item(row)

    def by_id(self, item_id: int) -> IntelItemRecord | None:
        row = self._session.get(IntelItem, item_id)
        return None if row is None else _item(row)

    def held_by(self, organization_ids: Sequence[int]) -> list[IntelItemRecord]:
        """Every item (active or retracted) the given organizations hold, oldest first."""
        rows = self._session.scalars(
            select(IntelItem)
            .where(IntelItem.organization_id.in_(organization_ids))
            .order_by(IntelItem.id)
        )
        return [_item(row) for row in rows]

    def retract(self, item_id: int, moment: datetime) -> None:
        self._session.execute(
            update(IntelItem)
            .where(IntelItem.id == item_id)
            .values(status="retracted", retracted_at=moment)
        )

    def set_status_from(self, origin: str, before: str, after: str) -> int:
        """Every item that ``origin`` confirmed, held by any organization here, with status
        ``before`` set to ``after``; how many there were."""
        done = self._session.execute(
            update(IntelItem)
            .where(IntelItem.origin == origin, IntelItem.status == before)
            .values(status=after)
        )
        return int(getattr(done, "rowcount", 0) or 0)

    def reinstate(self, item_id: int) -> None:
        self._session.execute(
            update(IntelItem).where(IntelItem.id == item_id).values(status="active")
        )

    def approve(self, item_id: int) -> None:
        self._session.execute(
            update(IntelItem).where(IntelItem.id == item_id).values(approved=True)
        )

    def set_rule(self, values: dict[str, Any]) -> SharingRuleRecord:
        """Create or replace the organization's rule for the kind in ``values``."""
        row = self._session.scalar(
            select(SharingRule).where(
                SharingRule.organization_id == values["organization_id"],
                SharingRule.kind == values["kind"],
            )
        )
        if row is None:
            row = SharingRule(**values)
            self._session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        self._session.flush()
        return _rule(row)

    def rules(self) -> list[SharingRuleRecord]:
        """Every organization's sharing rules."""
        rows = self._session.scalars(select(SharingRule).order_by(SharingRule.id))
        return [_rule(row) for row in rows]
