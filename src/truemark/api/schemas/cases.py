"""Cases, decisions and scan-result imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field, field_validator

from truemark.api.schemas.common import PublicModel
from truemark.store.enforcement_records import (
    CaseStatus,
    DecisionOutcome,
    DecisionSource,
    ListingStatus,
)


class CasePublic(PublicModel):
    id: int
    organization_id: int
    brand_slug: str
    listing_id: str
    seller_id: str
    title: str
    price: float | None
    currency: str | None
    ship_from: str | None
    quantity_sold: int | None
    images: list[str]
    risk: float
    verdict: str
    reasons: list[str]
    signals: dict[str, Any]
    network_id: str | None
    status: CaseStatus
    assignee_user_id: int | None
    scans: int
    listing_status: ListingStatus
    created_at: datetime
    updated_at: datetime


class CaseUpdate(BaseModel):
    assignee_user_id: int | None = Field(description="the reviewer to assign; null unassigns")


class ScanResultIn(BaseModel):
    """A row of scan results (spec §4)."""

    listing_id: str
    brand_id: str | None
    risk: float = Field(ge=0.0, le=1.0)
    verdict: Literal["counterfeit", "suspect", "clear"]
    reasons: list[str] = []
    signals: dict[str, Any] = {}

    @field_validator("signals")
    @classmethod
    def _storable(cls, signals: dict[str, Any]) -> dict[str, Any]:
        """Signals are stored as JSON: integers must fit in 64 bits (found by API fuzzing)."""
        try:
            orjson.dumps(signals)
        except TypeError as error:
            raise ValueError(f"signals cannot be stored as JSON: {error}") from None
        return signals


class ListingIn(BaseModel):
    """The listing fields a case keeps (spec §2)."""

    listing_id: str
    seller_id: str
    title: str
    price: float | None = None
    currency: str | None = None
    ship_from: str | None = None
    quantity_sold: int | None = Field(default=None, ge=0, le=2**63 - 1)  # spec §2; int64


class CaseImport(BaseModel):
    results: list[ScanResultIn] = Field(max_length=50_000)
    listings: list[ListingIn] = Field(max_length=50_000)


class CaseImportPublic(PublicModel):
    flagged: int
    opened: int
    refreshed: int
    queued: int
    taken_down: int
    unknown_brand: int
    unknown_listing: int


class DecisionCreate(BaseModel):
    case_id: int
    outcome: DecisionOutcome
    note: str = ""


class DecisionBulkCreate(BaseModel):
    case_ids: list[int] = Field(min_length=1, max_length=500)
    outcome: DecisionOutcome
    note: str = ""


class DecisionPublic(PublicModel):
    id: int
    case_id: int
    organization_id: int
    listing_id: str
    outcome: DecisionOutcome
    source: DecisionSource
    note: str
    actor: str
    decided_at: datetime


class LabelPublic(BaseModel):
    listing_id: str
    label: Literal["counterfeit", "genuine"]
