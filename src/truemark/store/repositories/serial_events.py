"""What happens to codes after issue: online verifications and clone flags."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from functools import lru_cache

from sqlalchemy import BigInteger, Integer, Select, String, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from truemark.store.base import Base
from truemark.store.models import Brand, SerialCloneFlag, SerialKey, SerialVerification
from truemark.store.records import Scope
from truemark.store.repositories.catalog import scoped
from truemark.store.serial_records import CloneFlagRecord, VerificationRecord
from truemark.store.types import UTCDateTime

# The statements of every online check are composed once (composing one costs more than
# running it) and take their values as parameters.
# A Core insert (of the table, not the class), so the values go in as parameters, not as rows;
# it inserts nothing when no brand has the key.
_RECORD = insert(Base.metadata.tables["serial_verifications"]).from_select(
    [
        *("organization_id", "brand_id", "serial_key_id", "serial", "batch", "outcome"),
        *("country", "channel", "verified_at"),
    ],
    select(
        SerialKey.organization_id,
        SerialKey.brand_id,
        SerialKey.id,
        bindparam("new_serial", type_=BigInteger),
        bindparam("new_batch", type_=Integer),
        bindparam("new_outcome", type_=String),
        bindparam("new_country", type_=String),
        bindparam("new_channel", type_=String),
        bindparam("new_at", type_=UTCDateTime()),
    ).where(SerialKey.key_id == bindparam("key_id")),
)
_FLAG_REASONS = (
    select(SerialCloneFlag.reason)
    .join(SerialKey, SerialKey.id == SerialCloneFlag.serial_key_id)
    .where(SerialKey.key_id == bindparam("key_id"), SerialCloneFlag.serial == bindparam("serial"))
    .order_by(SerialCloneFlag.reason)
)


def _unit_checks(filtered: bool) -> Select[datetime, str | None, str]:
    """Checks of (``key_id``, ``serial``), of the ``outcomes`` when ``filtered``."""
    checks = SerialVerification
    query = (
        select(checks.verified_at, checks.country, checks.outcome)
        .join(SerialKey, SerialKey.id == checks.serial_key_id)
        .where(SerialKey.key_id == bindparam("key_id"), checks.serial == bindparam("serial"))
    )
    return (
        query.where(checks.outcome.in_(bindparam("outcomes", expanding=True)))
        if filtered
        else query
    )


@lru_cache(maxsize=16)
def _history(limit: int, filtered: bool) -> Select[datetime, str | None, str]:
    checks = SerialVerification
    return _unit_checks(filtered).order_by(checks.verified_at.desc(), checks.id.desc()).limit(limit)


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
        self._session.execute(
            _RECORD,
            {"key_id": key_id, "new_serial": serial, "new_batch": batch, "new_outcome": outcome}
            | {"new_country": country, "new_channel": channel, "new_at": at},
        )

    def history(
        self, key_id: str, serial: int, limit: int = 500, outcomes: Collection[str] = ()
    ) -> list[VerificationRecord]:
        """The unit's most recent checks (at most ``limit``; of these outcomes, when given),
        oldest first.
        """
        values = {"key_id": key_id, "serial": serial, "outcomes": list(outcomes)}
        rows = self._session.execute(_history(limit, bool(outcomes)), values).all()
        return [VerificationRecord(at, country, outcome) for at, country, outcome in reversed(rows)]

    def verification_count(self, key_id: str, serial: int, outcomes: Collection[str] = ()) -> int:
        """How many times the unit's code was checked online (with these outcomes, when given)."""
        checks = _unit_checks(bool(outcomes)).subquery()
        values = {"key_id": key_id, "serial": serial, "outcomes": list(outcomes)}
        return int(self._session.scalar(select(func.count()).select_from(checks), values) or 0)

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
        return list(self._session.scalars(_FLAG_REASONS, {"key_id": key_id, "serial": serial}))

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
