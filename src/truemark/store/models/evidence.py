"""Acting offline: test buys with their photos, referrals to law enforcement and the outcomes
reported back, the signed evidence packs, and each organization's evidence signing keys.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.types import utc_now


class TestBuy(Base):
    """A purchase made from a listing to check the goods: what arrived and whether it is fake."""

    __tablename__ = "test_buys"
    __test__ = False  # not a pytest test class

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    listing_id: Mapped[str] = mapped_column(String(256), index=True)
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
    network_id: Mapped[str | None] = mapped_column(String(256), index=True)
    order_ref: Mapped[str] = mapped_column(String(200))
    ordered_at: Mapped[datetime]
    cost: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    received_at: Mapped[datetime | None]
    item_received: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(32), index=True)
    buyer: Mapped[str] = mapped_column(String(400))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class TestBuyPhoto(Base):
    """A photo of the item received (kept whole: it is evidence)."""

    __tablename__ = "test_buy_photos"
    __test__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    test_buy_id: Mapped[int] = mapped_column(
        ForeignKey("test_buys.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Referral(Base):
    """A network or a set of sellers handed to a law-enforcement liaison organization."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    liaison_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    network_id: Mapped[str | None] = mapped_column(String(256), index=True)
    seller_ids: Mapped[list[str]] = mapped_column(default=list)
    title: Mapped[str] = mapped_column(String(400))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), index=True)
    created_by: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(400))


class ReferralOutcome(Base):
    """What the liaison reports back: a raid, arrests, a seizure, charges, ..."""

    __tablename__ = "referral_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    count: Mapped[int | None] = mapped_column(Integer)
    occurred_at: Mapped[datetime | None]
    details: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(400))
    reported_at: Mapped[datetime] = mapped_column(default=utc_now)


class EvidencePack(Base):
    """A signed evidence pack built for a referral, kept whole so the liaison can download it."""

    __tablename__ = "evidence_packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    key_id: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_by: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class EvidenceKey(Base):
    """An organization's Ed25519 key for signing evidence; the private half sealed at rest."""

    __tablename__ = "evidence_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    sealed_private_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    retired_at: Mapped[datetime | None]
