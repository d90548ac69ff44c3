"""Serialization tables: brand signing keys, issued serial ranges, verifications, clone flags.

Every row carries its organization and brand; serials are unique per brand (ranges never overlap),
so a key id and a serial name one unit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.models.catalog import _owned_by_brand
from truemark.store.types import utc_now


class SerialKey(Base):
    """An Ed25519 key of a brand: retired keys still verify, revoked keys mark codes revoked."""

    __tablename__ = "serial_keys"
    __table_args__ = (_owned_by_brand("serial_keys"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int] = mapped_column(index=True)
    key_id: Mapped[str] = mapped_column(String(8), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    sealed_private_key: Mapped[bytes] = mapped_column(LargeBinary(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    retired_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class SerialRange(Base):
    """Serials ``first_serial`` onwards (``count`` of them) of one SKU and batch, under one key."""

    __tablename__ = "serial_ranges"
    __table_args__ = (
        _owned_by_brand("serial_ranges"),
        Index("ix_serial_ranges_key_first", "serial_key_id", "first_serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int]
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    serial_key_id: Mapped[int] = mapped_column(ForeignKey("serial_keys.id", ondelete="CASCADE"))
    batch: Mapped[int]
    first_serial: Mapped[int] = mapped_column(BigInteger)
    count: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(default=utc_now)


class SerialVerification(Base):
    """One online check of a code: when, from which country, and what it was found to be."""

    __tablename__ = "serial_verifications"
    __table_args__ = (
        _owned_by_brand("serial_verifications"),
        Index("ix_serial_verifications_unit", "serial_key_id", "serial", "verified_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int]
    serial_key_id: Mapped[int] = mapped_column(ForeignKey("serial_keys.id", ondelete="CASCADE"))
    serial: Mapped[int] = mapped_column(BigInteger)
    batch: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(16))
    verified_at: Mapped[datetime] = mapped_column(default=utc_now)


class SerialCloneFlag(Base):
    """A code judged copied onto fakes, why, and when the brand was told."""

    __tablename__ = "serial_clone_flags"
    __table_args__ = (
        _owned_by_brand("serial_clone_flags"),
        UniqueConstraint("serial_key_id", "serial", "reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int]
    serial_key_id: Mapped[int] = mapped_column(ForeignKey("serial_keys.id", ondelete="CASCADE"))
    serial: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(1000))
    code: Mapped[str] = mapped_column(String(140))
    flagged_at: Mapped[datetime] = mapped_column(default=utc_now)
