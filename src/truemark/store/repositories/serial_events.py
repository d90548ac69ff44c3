"""What happens to codes after issue: online verifications and clone flags."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import BigInteger, Integer, Select, String, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from truemark.store.models import Brand, SerialCloneFlag, SerialKey, SerialVerification
from truemark.store.records import Scope
from truemark.store.repositories.catalog import scoped
from truemark.store.serial_records import CloneFlagRecord, VerificationRecord
from truemark.store.types import UTCDateTime


def _unit_checks(
    key_id: str, serial: int, outcomes: Collection[str]
) -> Select[datetime, str | None, str]:
    checks = SerialVerification
    query = (
        select(checks.verified_at, checks.country, checks.outcome)
        .join(SerialKey, SerialKey.id == SerialVerification.serial_key_id)
        .where(SerialKey.key_id == key_id, SerialVerification.serial == serial)
    )
    return query.where(SerialVerification.outcome.in_(outcomes)) if outcomes else query


class SerialEventRepository:
    """Record verifications, read a unit's history, raise and list clone flags."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _key(self, key_id: str) -> SerialKey | None:
        return self._session.scalar(select(SerialKey).where(SerialKey.key_id == key_id))

    def record_verification(
        self,
        key_id: str,
        serial: int,
        batch: int,
        outcome: str,
        country: str | None,
        channel: str,
        at: datetime,
    ) -> None:
        """Keep one check of a code signed by a known key (codes of unknown keys have no owner)."""
        known = select(
            SerialKey.organization_id,
            SerialKey.brand_id,
            SerialKey.id,
            literal(serial, BigInteger),
            literal(batch, Integer),
            literal(outcome, String),
            literal(country, String),
            literal(channel, String),
            literal(at, UTCDateTime()),
        ).where(SerialKey.key_id == key_id)
        columns = [
            *("organization_id", "brand_id", "serial_key_id", "serial", "batch", "outcome"),
            *("country", "channel", "verified_at"),
        ]
        # one statement: no row when no brand has the key
        self._session.execute(insert(SerialVerification).from_select(columns, known))

    def history(
        self, key_id: str, serial: int, limit: int = 500, outcomes: Collection[str] = ()
    ) -> list[VerificationRecord]:
        """The unit's most recent checks (at most ``limit``; of these outcomes, when given),
        oldest first.
        """
        query = (
            _unit_checks(key_id, serial, outcomes)
            .order_by(SerialVerification.verified_at.desc(), SerialVerification.id.desc())
            .limit(limit)
        )
        rows = self._session.execute(query).all()
        return [VerificationRecord(at, country, outcome) for at, country, outcome in reversed(rows)]

    def verification_count(self, key_id: str, serial: int, outcomes: Collection[str] = ()) -> int:
        """How many times the unit's code was checked online (with these outcomes, when given)."""
        checks = _unit_checks(key_id, serial, outcomes).subquery()
        return int(self._session.scalar(select(func.count()).select_from(checks)) or 0)

    def flag(
        self, key_id: str, serial: int, code: str, reason: str, detail: str, at: datetime
    ) -> bool:
        """Flag the unit's code as cloned for ``reason``; False when it already was."""
        key = self._key(key_id)
        if key is None:
            return False
        existing = self._session.scalar(
            select(SerialCloneFlag).where(
                SerialCloneFlag.serial_key_id == key.id,
                SerialCloneFlag.serial == serial,
                SerialCloneFlag.reason == reason,
            )
        )
        if existing is not None:
            return False
        flag = SerialCloneFlag(
            organization_id=key.organization_id,
            brand_id=key.brand_id,
            serial_key_id=key.id,
            serial=serial,
            reason=reason,
            detail=detail[:1000],
            code=code,
            flagged_at=at,
        )
        try:
            with self._session.begin_nested():  # a concurrent check may have flagged it first
                self._session.add(flag)
        except IntegrityError:
            return False
        return True

    def flag_reasons(self, key_id: str, serial: int) -> list[str]:
        """Reasons the unit's code was flagged cloned (empty when it was not)."""
        query = (
            select(SerialCloneFlag.reason)
            .join(SerialKey, SerialKey.id == SerialCloneFlag.serial_key_id)
            .where(SerialKey.key_id == key_id, SerialCloneFlag.serial == serial)
            .order_by(SerialCloneFlag.reason)
        )
        return list(self._session.scalars(query))

    def flags(self, scope: Scope, brand_slug: str | None = None) -> list[CloneFlagRecord]:
        """Clone flags of the scope's brands (of one brand, when given), newest first."""
        query = (
            select(SerialCloneFlag, Brand.slug, SerialKey.key_id)
            .join(Brand, Brand.id == SerialCloneFlag.brand_id)
            .join(SerialKey, SerialKey.id == SerialCloneFlag.serial_key_id)
        )
        if brand_slug is not None:
            query = query.where(Brand.slug == brand_slug)
        query = scoped(query, scope).order_by(
            SerialCloneFlag.flagged_at.desc(), SerialCloneFlag.id.desc()
        )
        return [
            CloneFlagRecord(slug, key_id, f.serial, f.code, f.reason, f.detail, f.flagged_at)
            for f, slug, key_id in self._session.execute(query)
        ]
