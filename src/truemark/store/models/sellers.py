"""Seller accounts with the identity attributes of spec/DATA.md §3 (platform-wide)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
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
    seller_id: Mapped[str] = mapped_column(String(256), unique=True)
    store_name: Mapped[str | None] = mapped_column(Text)
    registered_at: Mapped[datetime | None]
    country: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    payment_account: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    device_id: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The seller's own organization on truemark, once it signs in to answer notices.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
