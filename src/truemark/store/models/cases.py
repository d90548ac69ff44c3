"""Flagged listings: the listing snapshot, the case opened on it per brand, and its decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.enforcement_records import (
    CaseStatus,
    DecisionOutcome,
    DecisionSource,
    ListingStatus,
)
from truemark.store.models.enforcement_enums import (
    CASE_STATUS,
    DECISION_OUTCOME,
    DECISION_SOURCE,
    LISTING_STATUS,
)
from truemark.store.types import utc_now


class Listing(Base):
    """What a flagged listing looked like when it was imported, and whether it is still up."""

    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[str] = mapped_column(String(256), unique=True)
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
    title: Mapped[str] = mapped_column(Text)
    price: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    ship_from: Mapped[str | None] = mapped_column(Text)
    quantity_sold: Mapped[int | None]
    images: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[ListingStatus] = mapped_column(
        LISTING_STATUS, default=ListingStatus.LIVE, server_default=ListingStatus.LIVE.value
    )
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class Case(Base):
    """A listing flagged for one brand; re-scans update it instead of opening another."""

    __tablename__ = "cases"
    __table_args__ = (
        ForeignKeyConstraint(
            ["brand_id", "organization_id"],
            ["brands.id", "brands.organization_id"],
            name="fk_cases_brand",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        UniqueConstraint("listing_id", "brand_id"),
        # the review queue: one status, riskiest first, read in index order (no sort of them all)
        Index("ix_cases_queue", "status", "risk", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int] = mapped_column(index=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.listing_id"), index=True)
    risk: Mapped[float] = mapped_column(Float)
    verdict: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[list[str]] = mapped_column(default=list)
    signals: Mapped[dict[str, Any]] = mapped_column(default=dict)
    network_id: Mapped[str | None] = mapped_column(String(256), index=True)
    status: Mapped[CaseStatus] = mapped_column(CASE_STATUS)  # indexed by ix_cases_queue
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scans: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class Decision(Base):
    """A confirm or reject of a case; the labels for training and evaluation come from these."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    outcome: Mapped[DecisionOutcome] = mapped_column(DECISION_OUTCOME)
    source: Mapped[DecisionSource] = mapped_column(DECISION_SOURCE)
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(400))
    decided_at: Mapped[datetime] = mapped_column(default=utc_now)
