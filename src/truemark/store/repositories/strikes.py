"""Strikes and seller standings on the ladder; the sellers an organization answers for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from truemark.store.enforcement_records import StandingLevel, StandingRecord, StrikeRecord
from truemark.store.models import Seller, SellerStanding, Strike
from truemark.store.paging import Page, PageRequest, paged
from truemark.store.types import utc_now

SORTABLE = {"id": Strike.id, "issued_at": Strike.issued_at, "expires_at": Strike.expires_at}


def _strike(row: Strike) -> StrikeRecord:
    return StrikeRecord(
        row.id,
        row.seller_id,
        row.severity,
        row.points,
        row.reason,
        row.case_id,
        row.notice_item_id,
        row.issued_at,
        row.expires_at,
        row.revoked_at,
    )


class StrikeRepository:
    """Issue strikes, read a seller's record, keep its standing."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def issue(self, values: dict[str, Any]) -> StrikeRecord:
        row = Strike(**values)
        self._session.add(row)
        self._session.flush()
        return _strike(row)

    def revoke(self, strike_ids: Sequence[int], moment: datetime) -> None:
        """Withdraw strikes (revoking twice keeps the first time)."""
        self._session.execute(
            update(Strike)
            .where(Strike.id.in_(strike_ids), Strike.revoked_at.is_(None))
            .values(revoked_at=moment)
        )

    def of_seller(self, seller_id: str) -> list[StrikeRecord]:
        query = select(Strike).where(Strike.seller_id == seller_id).order_by(Strike.id)
        return [_strike(row) for row in self._session.scalars(query)]

    def find(
        self, page: PageRequest, seller_ids: Sequence[str] | None = None
    ) -> Page[StrikeRecord]:
        """Strikes of the given sellers (all sellers when None), one page."""
        query = select(Strike)
        if seller_ids is not None:
            query = query.where(Strike.seller_id.in_(seller_ids))
        rows, total = paged(self._session, query, page, SORTABLE, "-id", Strike.id)
        return Page([_strike(row[0]) for row in rows], total, page.limit, page.offset)

    def standing(self, seller_id: str) -> StandingRecord:
        """The seller's rung; a seller never struck is in good standing."""
        row = self._session.scalar(
            select(SellerStanding).where(SellerStanding.seller_id == seller_id)
        )
        if row is None:
            return StandingRecord(seller_id, StandingLevel.GOOD, utc_now())
        return StandingRecord(row.seller_id, row.level, row.updated_at)

    def set_standing(self, seller_id: str, level: StandingLevel, moment: datetime) -> None:
        changed = self._session.execute(
            update(SellerStanding)
            .where(SellerStanding.seller_id == seller_id)
            .values(level=level, updated_at=moment)
        )
        if not getattr(changed, "rowcount", 0):
            self._session.add(SellerStanding(seller_id=seller_id, level=level, updated_at=moment))
            self._session.flush()

    def standings(
        self, page: PageRequest, seller_ids: Sequence[str] | None = None
    ) -> Page[StandingRecord]:
        query = select(SellerStanding)
        if seller_ids is not None:
            query = query.where(SellerStanding.seller_id.in_(seller_ids))
        sortable = {"seller_id": SellerStanding.seller_id, "updated_at": SellerStanding.updated_at}
        rows, total = paged(self._session, query, page, sortable, "seller_id", SellerStanding.id)
        records = [StandingRecord(r[0].seller_id, r[0].level, r[0].updated_at) for r in rows]
        return Page(records, total, page.limit, page.offset)

    def sellers_of_organization(self, organization_id: int) -> tuple[str, ...]:
        """The marketplace seller ids a seller organization answers for."""
        query = select(Seller.seller_id).where(Seller.organization_id == organization_id)
        return tuple(self._session.scalars(query.order_by(Seller.seller_id)))

    def contact(self, seller_id: str) -> str | None:
        """The seller's e-mail address, when the sellers file gave one."""
        return self._session.scalar(select(Seller.email).where(Seller.seller_id == seller_id))

    def attach_seller(self, seller_id: str, organization_id: int, email: str | None) -> None:
        """Make ``organization_id`` the seller's own organization (a row is made when missing)."""
        row = self._session.scalar(select(Seller).where(Seller.seller_id == seller_id))
        if row is None:
            row = Seller(seller_id=seller_id, extra={})
            self._session.add(row)
        row.organization_id = organization_id
        if email and not row.email:
            row.email = email
        self._session.flush()

    def on_ladder(self) -> list[StandingRecord]:
        """Sellers above good standing and below closure: those expiry may move down."""
        query = select(SellerStanding).where(
            SellerStanding.level.not_in([StandingLevel.GOOD, StandingLevel.CLOSED])
        )
        return [
            StandingRecord(row.seller_id, row.level, row.updated_at)
            for row in self._session.scalars(query.order_by(SellerStanding.seller_id))
        ]
