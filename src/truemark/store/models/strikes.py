"""The strike ladder and the effect log: strikes, each seller's standing, every state change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.enforcement_records import StandingLevel
from truemark.store.models.enforcement_enums import STANDING_LEVEL
from truemark.store.types import utc_now


class Strike(Base):
    """Points against a seller for one confirmed infringement, until they expire."""

    __tablename__ = "strikes"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
    severity: Mapped[str] = mapped_column(String(32))
    points: Mapped[int]
    reason: Mapped[str] = mapped_column(String(400))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    notice_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("notice_items.id", ondelete="SET NULL")
    )
    issued_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SellerStanding(Base):
    """A seller's rung on the strike ladder; closure stays when strikes expire."""

    __tablename__ = "seller_standings"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[str] = mapped_column(String(256), unique=True)
    level: Mapped[StandingLevel] = mapped_column(STANDING_LEVEL)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class EffectLog(Base):
    """Every state change truemark carried out, with its actor and time, in order.

    The one place an audit log (a hash chain over these rows) can read every change from.
    """

    __tablename__ = "effects"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(String(400), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    actor: Mapped[str] = mapped_column(String(400))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
