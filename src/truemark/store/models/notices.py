"""Takedown notices filed by brands, their listings, the sellers' counter-notices, the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.enforcement_records import (
    CounterNoticeStatus,
    NoticeItemStatus,
    NoticeStatus,
    OutboxStatus,
)
from truemark.store.models.enforcement_enums import (
    COUNTER_NOTICE_STATUS,
    NOTICE_ITEM_STATUS,
    NOTICE_STATUS,
    OUTBOX_STATUS,
)
from truemark.store.types import utc_now


class Notice(Base):
    """A brand's takedown notice for up to 300 listings, naming its trademark and evidence."""

    __tablename__ = "notices"
    __table_args__ = (
        ForeignKeyConstraint(
            ["brand_id", "organization_id"],
            ["brands.id", "brands.organization_id"],
            name="fk_notices_brand",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int] = mapped_column(index=True)
    trademark_id: Mapped[int | None] = mapped_column(ForeignKey("trademarks.id"))
    evidence: Mapped[str] = mapped_column(Text)
    status: Mapped[NoticeStatus] = mapped_column(NOTICE_STATUS)
    fast_tracked: Mapped[bool] = mapped_column(default=False)
    filed_by: Mapped[str] = mapped_column(String(400))
    filed_at: Mapped[datetime] = mapped_column(default=utc_now)
    reviewed_at: Mapped[datetime | None]
    counter_deadline: Mapped[datetime | None]


class NoticeItem(Base):
    """One listing named in a notice and what became of it."""

    __tablename__ = "notice_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.listing_id"), index=True)
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
    status: Mapped[NoticeItemStatus] = mapped_column(NOTICE_ITEM_STATUS)
    countered: Mapped[bool] = mapped_column(default=False)  # the seller answered it


class CounterNotice(Base):
    """A seller's answer to a notice for its listings, with evidence, before the deadline."""

    __tablename__ = "counter_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
    statement: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    status: Mapped[CounterNoticeStatus] = mapped_column(COUNTER_NOTICE_STATUS)
    filed_by: Mapped[str] = mapped_column(String(400))
    filed_at: Mapped[datetime] = mapped_column(default=utc_now)
    resolved_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """A message to a seller, written in the same transaction as its cause, delivered later."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id", ondelete="SET NULL"))
    recipient: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(OUTBOX_STATUS, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
