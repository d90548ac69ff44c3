"""Referrals to law enforcement, the outcomes reported back, and the packs built for them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.evidence_records import (
    EvidencePackRecord,
    ReferralOutcomeRecord,
    ReferralRecord,
)
from truemark.store.models import EvidencePack, Listing, Referral, ReferralOutcome


def _outcome(row: ReferralOutcome) -> ReferralOutcomeRecord:
    return ReferralOutcomeRecord(
        row.id,
        row.referral_id,
        row.kind,
        row.count,
        row.occurred_at,
        row.details,
        row.reported_by,
        row.reported_at,
    )


def _pack(row: EvidencePack) -> EvidencePackRecord:
    return EvidencePackRecord(
        row.id, row.referral_id, row.key_id, row.sha256, row.size, row.created_by, row.created_at
    )


def _visible(organization_id: int | None) -> Select[Referral]:
    """Referrals an organization made or was sent; every referral for None (the operator)."""
    query = select(Referral)
    if organization_id is not None:
        query = query.where(
            or_(
                Referral.organization_id == organization_id,
                Referral.liaison_organization_id == organization_id,
            )
        )
    return query


class ReferralRepository:
    """Referrals are read through the caller's organization: its own, or those sent to it."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _record(self, row: Referral) -> ReferralRecord:
        outcomes = self._session.scalars(
            select(ReferralOutcome)
            .where(ReferralOutcome.referral_id == row.id)
            .order_by(ReferralOutcome.id)
        )
        return ReferralRecord(
            id=row.id,
            organization_id=row.organization_id,
            liaison_organization_id=row.liaison_organization_id,
            network_id=row.network_id,
            seller_ids=tuple(row.seller_ids),
            title=row.title,
            summary=row.summary,
            status=row.status,
            created_by=row.created_by,
            created_at=row.created_at,
            acknowledged_at=row.acknowledged_at,
            acknowledged_by=row.acknowledged_by,
            outcomes=tuple(_outcome(outcome) for outcome in outcomes),
        )

    def add(self, values: dict[str, Any]) -> ReferralRecord:
        row = Referral(**values)
        self._session.add(row)
        self._session.flush()
        return self._record(row)

    def get(self, organization_id: int | None, referral_id: int) -> ReferralRecord:
        """The referral if ``organization_id`` may see it (None: any); NotFoundError otherwise."""
        row = self._session.scalar(_visible(organization_id).where(Referral.id == referral_id))
        if row is None:
            raise NotFoundError(f"no referral {referral_id}")
        return self._record(row)

    def find(self, organization_id: int | None, status: str | None = None) -> list[ReferralRecord]:
        query = _visible(organization_id)
        if status is not None:
            query = query.where(Referral.status == status)
        return [self._record(row) for row in self._session.scalars(query.order_by(Referral.id))]

    def acknowledge(self, referral_id: int, actor: str, moment: datetime, status: str) -> None:
        self._session.execute(
            update(Referral)
            .where(Referral.id == referral_id)
            .values(status=status, acknowledged_at=moment, acknowledged_by=actor)
        )

    def set_status(self, referral_id: int, status: str) -> None:
        self._session.execute(
            update(Referral).where(Referral.id == referral_id).values(status=status)
        )

    def add_outcome(self, values: dict[str, Any]) -> ReferralOutcomeRecord:
        row = ReferralOutcome(**values)
        self._session.add(row)
        self._session.flush()
        return _outcome(row)

    def add_pack(self, values: dict[str, Any]) -> EvidencePackRecord:
        row = EvidencePack(**values)
        self._session.add(row)
        self._session.flush()
        return _pack(row)

    def latest_pack(self, referral_id: int) -> tuple[EvidencePackRecord, bytes]:
        """The newest pack of a referral and its bytes; NotFoundError when none was built."""
        row = self._session.scalar(
            select(EvidencePack)
            .where(EvidencePack.referral_id == referral_id)
            .order_by(EvidencePack.id.desc())
            .limit(1)
        )
        if row is None:
            raise NotFoundError(f"no evidence pack has been built for referral {referral_id}")
        return _pack(row), row.content

    def listing_snapshots(self, seller_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The stored listing snapshots of these sellers (flagged listings), by listing id."""
        query = (
            select(Listing)
            .where(Listing.seller_id.in_(list(seller_ids)))
            .order_by(Listing.listing_id)
        )
        return [
            {
                "listing_id": row.listing_id,
                "seller_id": row.seller_id,
                "title": row.title,
                "price": row.price,
                "currency": row.currency,
                "ship_from": row.ship_from,
                "quantity_sold": row.quantity_sold,
                "images": list(row.images),
                "status": row.status.value,
            }
            for row in self._session.scalars(query)
        ]
