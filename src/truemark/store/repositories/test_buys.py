"""Test buys and their photos; the count of confirmed fakes per seller and per network."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.evidence_records import TestBuyPhotoRecord, TestBuyRecord
from truemark.store.models import TestBuy, TestBuyPhoto
from truemark.store.records import Scope

FAKE = "fake"


def _record(row: TestBuy, photos: Sequence[TestBuyPhoto] = ()) -> TestBuyRecord:
    return TestBuyRecord(
        id=row.id,
        organization_id=row.organization_id,
        listing_id=row.listing_id,
        seller_id=row.seller_id,
        network_id=row.network_id,
        order_ref=row.order_ref,
        ordered_at=row.ordered_at,
        cost=row.cost,
        currency=row.currency,
        received_at=row.received_at,
        item_received=row.item_received,
        result=row.result,
        buyer=row.buyer,
        notes=row.notes,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
        photos=tuple(TestBuyPhotoRecord(p.filename, p.sha256, p.content) for p in photos),
    )


def _scoped(scope: Scope) -> Select[TestBuy]:
    query = select(TestBuy)
    if scope.organization_id is not None:
        query = query.where(TestBuy.organization_id == scope.organization_id)
    return query


class TestBuyRepository:
    """Record test buys; read them by scope, seller or network."""

    __test__ = False

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, values: dict[str, Any], photos: Sequence[TestBuyPhotoRecord]) -> TestBuyRecord:
        row = TestBuy(**values)
        self._session.add(row)
        self._session.flush()
        stored = [
            TestBuyPhoto(
                test_buy_id=row.id, filename=p.filename, sha256=p.sha256, content=p.content
            )
            for p in photos
        ]
        self._session.add_all(stored)
        self._session.flush()
        return _record(row, stored)

    def get(self, scope: Scope, test_buy_id: int) -> TestBuyRecord:
        row = self._session.scalar(_scoped(scope).where(TestBuy.id == test_buy_id))
        if row is None:
            raise NotFoundError(f"no test buy {test_buy_id}")
        return _record(row, self._photos([row.id]).get(row.id, []))

    def find(
        self, scope: Scope, seller_ids: Sequence[str] | None = None, limit: int = 500
    ) -> list[TestBuyRecord]:
        """Test buys (of these sellers, when given), newest first."""
        query = _scoped(scope)
        if seller_ids is not None:
            query = query.where(TestBuy.seller_id.in_(list(seller_ids)))
        rows = list(self._session.scalars(query.order_by(TestBuy.id.desc()).limit(limit)))
        photos = self._photos([row.id for row in rows])
        return [_record(row, photos.get(row.id, [])) for row in rows]

    def results(self, scope: Scope) -> list[tuple[str, str]]:
        """(listing id, result) of the newest test buy of each listing in scope."""
        newest: dict[str, str] = {}
        query = _scoped(scope).order_by(TestBuy.id)
        for row in self._session.scalars(query):
            newest[row.listing_id] = row.result
        return sorted(newest.items())

    def fakes_per_seller(self) -> list[tuple[str, int]]:
        """(seller id, confirmed fakes) of every seller with at least one."""
        query = (
            select(TestBuy.seller_id, func.count())
            .where(TestBuy.result == FAKE)
            .group_by(TestBuy.seller_id)
            .order_by(TestBuy.seller_id)
        )
        return [(seller, int(count)) for seller, count in self._session.execute(query)]

    def _photos(self, test_buy_ids: list[int]) -> dict[int, list[TestBuyPhoto]]:
        grouped: dict[int, list[TestBuyPhoto]] = {}
        if not test_buy_ids:
            return grouped
        query = (
            select(TestBuyPhoto)
            .where(TestBuyPhoto.test_buy_id.in_(test_buy_ids))
            .order_by(TestBuyPhoto.id)
        )
        for photo in self._session.scalars(query):
            grouped.setdefault(photo.test_buy_id, []).append(photo)
        return grouped
