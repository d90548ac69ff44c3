"""Sellers: standings on the ladder, one seller's record, store closure."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.api.context import PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.common import PagePublic, page_of
from truemark.api.schemas.sellers import Closure, SellerPublic, StandingPublic
from truemark.cases import sellers

router = APIRouter(prefix="/sellers", tags=["sellers"], route_class=OneThreadRoute)


@router.get("")
def list_standings(
    work: WorkDep, principal: PrincipalDep, page: PageDep
) -> PagePublic[StandingPublic]:
    """Sellers that have a rung on the ladder (warning and up)."""
    found = sellers.list_standings(work, principal, page)
    return PagePublic[StandingPublic](**page_of(found, StandingPublic.model_validate))


@router.get("/{seller_id}")
def get_seller(work: WorkDep, principal: PrincipalDep, seller_id: str) -> SellerPublic:
    return SellerPublic.model_validate(sellers.seller_record(work, principal, seller_id))


@router.post("/{seller_id}/closure")
def close_store(
    work: WorkDep, principal: PrincipalDep, seller_id: str, body: Closure
) -> SellerPublic:
    """Close the store for good and take its listings down (operator admin)."""
    record = sellers.close_store(work, principal, seller_id, body.reason)
    return SellerPublic.model_validate(record)
