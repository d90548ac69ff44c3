"""Strikes: a seller's record on the ladder; expiry moves sellers back down."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.api.context import ConfigDep, PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.common import PagePublic, page_of
from truemark.api.schemas.sellers import ExpiryPublic, StrikePublic
from truemark.cases import sellers

router = APIRouter(prefix="/strikes", tags=["strikes"], route_class=OneThreadRoute)


@router.get("")
def list_strikes(
    work: WorkDep, principal: PrincipalDep, page: PageDep, seller_id: str | None = None
) -> PagePublic[StrikePublic]:
    """Strikes you may see: all (operator) or your stores' (seller)."""
    found = sellers.list_strikes(work, principal, page, seller_id)
    return PagePublic[StrikePublic](**page_of(found, StrikePublic.model_validate))


@router.post("/expire")
def expire(work: WorkDep, principal: PrincipalDep, config: ConfigDep) -> ExpiryPublic:
    """Step sellers down the ladder whose strikes expired (operator; run it daily)."""
    return ExpiryPublic(moved=sellers.expire_strikes(work, principal, config))
