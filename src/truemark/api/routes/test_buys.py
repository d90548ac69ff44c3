"""Test buys: record a purchase from a listing (with photos of the item), read them back."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Path, Query

from truemark.api.context import PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.evidence import TestBuyCreate, TestBuyPublic
from truemark.errors import InputError
from truemark.evidence import test_buys
from truemark.store.types import utc_now

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/test-buys", tags=["test buys"], route_class=OneThreadRoute)


def _content(filename: str, text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"photo {filename!r}: content_base64 is not base64") from None


@router.post("", status_code=201)
def record_test_buy(work: WorkDep, principal: PrincipalDep, body: TestBuyCreate) -> TestBuyPublic:
    """Record a test buy; a confirmed fake counts against the seller and its network."""
    purchase = test_buys.Purchase(
        listing_id=body.listing_id,
        order_ref=body.order_ref,
        ordered_at=body.ordered_at,
        cost=body.cost,
        currency=body.currency,
        result=body.result,
        buyer=body.buyer,
        item_received=body.item_received,
        received_at=body.received_at,
        notes=body.notes,
        seller_id=body.seller_id,
        photos=tuple(
            test_buys.photo(p.filename, _content(p.filename, p.content_base64)) for p in body.photos
        ),
    )
    record = test_buys.record_test_buy(work, principal, purchase, utc_now())
    return TestBuyPublic.model_validate(record)


@router.get("")
def list_test_buys(
    work: WorkDep,
    principal: PrincipalDep,
    seller_id: Annotated[list[str] | None, Query()] = None,
) -> list[TestBuyPublic]:
    """Test buys the caller may see (the operator all, a brand its own), newest first."""
    sellers = tuple(seller_id) if seller_id else None
    found = test_buys.list_test_buys(work, principal, sellers)
    return [TestBuyPublic.model_validate(record) for record in found]


@router.get("/{test_buy_id}")
def get_test_buy(work: WorkDep, principal: PrincipalDep, test_buy_id: RowId) -> TestBuyPublic:
    return TestBuyPublic.model_validate(test_buys.get_test_buy(work, principal, test_buy_id))
