"""Notices, counter-notices and complainant reputation."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from truemark.api.schemas.common import PublicModel
from truemark.store.enforcement_records import (
    CounterNoticeStatus,
    NoticeItemStatus,
    NoticeStatus,
)


class NoticeCreate(BaseModel):
    brand: str = Field(description="the brand's catalog id")
    listing_ids: list[str] = Field(min_length=1)
    evidence: str = Field(min_length=1)
    trademark: str | None = Field(default=None, description="registration number")


class NoticeBulkCreate(BaseModel):
    notices: list[NoticeCreate] = Field(min_length=1, max_length=100)


class NoticeReview(BaseModel):
    accept: bool
    note: str = ""


class NoticeItemPublic(PublicModel):
    id: int
    listing_id: str
    seller_id: str
    status: NoticeItemStatus


class NoticePublic(PublicModel):
    id: int
    organization_id: int
    brand_slug: str
    trademark: str | None
    evidence: str
    status: NoticeStatus
    fast_tracked: bool
    filed_by: str
    filed_at: datetime
    counter_deadline: datetime | None
    items: list[NoticeItemPublic]


class CounterNoticeCreate(BaseModel):
    notice_id: int
    seller_id: str
    statement: str = Field(min_length=1)
    evidence: str = Field(min_length=1)


class CounterNoticeResolution(BaseModel):
    reinstate: bool = Field(description="true: the listings go back up; false: the notice stands")
    note: str = ""


class CounterNoticePublic(PublicModel):
    id: int
    notice_id: int
    seller_id: str
    statement: str
    evidence: str
    status: CounterNoticeStatus
    filed_by: str
    filed_at: datetime
    resolved_at: datetime | None


class ReputationPublic(PublicModel):
    brand_slug: str
    window_days: int
    reviewed: int
    accepted: int
    countered: int
    reinstated: int
    acceptance_rate: float | None
    counter_rate: float | None
    fast_track: bool
