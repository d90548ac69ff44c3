"""Test buys, referrals, outcomes and the audit log as the API shows them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, Field

from truemark.api.schemas.common import PublicModel
from truemark.evidence.referrals import OutcomeKind, ReferralStatus
from truemark.evidence.test_buys import TestBuyResult


class PhotoUpload(BaseModel):
    filename: str = Field(min_length=1, max_length=200)
    content_base64: str = Field(description="the photo's bytes, base64-encoded")


class TestBuyCreate(BaseModel):
    __test__ = False

    listing_id: str = Field(min_length=1, max_length=256)
    seller_id: str | None = Field(
        default=None, min_length=1, max_length=256, description="default: the listing's seller"
    )
    order_ref: str = Field(min_length=1, max_length=200)
    ordered_at: AwareDatetime
    cost: Decimal = Field(ge=0, lt=Decimal("1e12"), decimal_places=4)
    currency: str = Field(pattern="^[A-Za-z]{3}$")
    result: TestBuyResult
    buyer: str = Field(min_length=1, max_length=400)
    item_received: str = Field(default="", max_length=10_000)
    received_at: AwareDatetime | None = None
    notes: str = Field(default="", max_length=10_000)
    photos: list[PhotoUpload] = Field(default_factory=list, max_length=50)


class TestBuyPhotoPublic(PublicModel):
    __test__ = False

    filename: str
    sha256: str


class TestBuyPublic(PublicModel):
    __test__ = False

    id: int
    listing_id: str
    seller_id: str
    network_id: str | None
    order_ref: str
    ordered_at: datetime
    cost: Decimal
    currency: str
    received_at: datetime | None
    item_received: str
    result: str
    buyer: str
    notes: str
    recorded_by: str
    photos: list[TestBuyPhotoPublic]


class ReferralCreate(BaseModel):
    liaison: str = Field(max_length=100, description="slug of the law-enforcement organization")
    title: str = Field(min_length=1, max_length=400)
    summary: str = Field(default="", max_length=20_000)
    network_id: str | None = Field(default=None, max_length=256)
    seller_ids: list[Annotated[str, Field(min_length=1, max_length=256)]] = Field(
        default_factory=list, max_length=1000
    )


class OutcomeCreate(BaseModel):
    kind: OutcomeKind
    details: str = Field(default="", max_length=20_000)
    count: int | None = Field(default=None, ge=0, le=2**31 - 1)
    occurred_at: AwareDatetime | None = None
    final: bool = False


class OutcomePublic(PublicModel):
    id: int
    kind: str
    count: int | None
    occurred_at: datetime | None
    details: str
    reported_by: str
    reported_at: datetime


class ReferralPublic(PublicModel):
    id: int
    organization_id: int
    liaison_organization_id: int
    network_id: str | None
    seller_ids: list[str]
    title: str
    summary: str
    status: ReferralStatus
    created_by: str
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    outcomes: list[OutcomePublic]


class PackPublic(PublicModel):
    id: int
    referral_id: int
    key_id: str
    sha256: str
    size: int
    created_by: str
    created_at: datetime


class AuditEntryPublic(PublicModel):
    sequence: int
    recorded_at: datetime
    actor: str
    organization_id: int | None
    action: str
    subject_type: str
    subject_id: str
    payload: str
    previous_hash: str
    entry_hash: str


class ChainBreakPublic(PublicModel):
    sequence: int
    problem: str


class AuditReportPublic(PublicModel):
    intact: bool
    checked: int
    head_sequence: int
    head_hash: str
    breaks: list[ChainBreakPublic]
