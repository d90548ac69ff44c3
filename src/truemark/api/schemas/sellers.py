"""Strikes, seller standings and networks."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from truemark.api.schemas.common import PublicModel
from truemark.store.enforcement_records import StandingLevel


class StrikePublic(PublicModel):
    id: int
    seller_id: str
    severity: str
    points: int
    reason: str
    case_id: int | None
    notice_item_id: int | None
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class StandingPublic(PublicModel):
    seller_id: str
    level: StandingLevel
    updated_at: datetime


class SellerPublic(PublicModel):
    seller_id: str
    level: StandingLevel
    active_points: int
    strikes: list[StrikePublic]
    network_id: str | None
    live_listings: int


class Closure(BaseModel):
    reason: str = Field(min_length=1)


class ExpiryPublic(BaseModel):
    moved: list[str]


class NetworkPublic(PublicModel):
    network_id: str
    size: int
    risk: float
    flagged_listings: int
    flagged_sales_usd: float
    members: list[str]
    test_buy_fakes: int = Field(0, description="test buys from its accounts that received a fake")
    intel: list[str] = Field(
        default_factory=list, description="provenances of alliance intel naming an account"
    )


class NetworkLinkPublic(PublicModel):
    seller_a: str
    seller_b: str
    bits: float
    attributes: list[str]
    values: list[str]


class NetworkDetailPublic(BaseModel):
    network: NetworkPublic
    links: list[NetworkLinkPublic]


class NetworkClosurePublic(BaseModel):
    network_id: str
    closed: list[str]
