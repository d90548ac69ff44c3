"""Seller accounts with the identity attributes of spec/DATA.md §3 (platform-wide, not brand-owned)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.types import utc_now

# The identity attributes a sellers file may carry besides ``seller_id``; anything else is extra.
IDENTITY_COLUMNS = (
    "store_name",
    "registered_at",
    "country",
    "email",
    "phone",
    "payment_account",
    "address",
    "device_id",
    "ip",
)


class Seller(Base):
    """A store on the marketplace; ``extra`` keeps the unknown columns of the imported file."""

    __tablename__ = "sellers"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[str] = mapped_column(String(100), unique=True)
    store_name: Mapped[str | None] = mapped_column(String(500))
    registered_at: Mapped[datetime | None]
    country: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(100))
    payment_account: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(1000))
    device_id: Mapped[str | None] = mapped_column(String(200))
    ip: Mapped[str | None] = mapped_column(String(64))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The seller's own organization on truemark, once it signs in to answer notices.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
