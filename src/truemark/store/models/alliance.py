"""The alliance's shared intelligence: intel items (own and imported) and sharing rules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.types import utc_now


class IntelItem(Base):
    """A photo hash, infringer hash, cue term or racket indicator an organization holds.

    ``organization_id`` holds it; ``origin`` is the slug of the organization that confirmed it
    (the holder itself, or the member whose bundle it was imported from); ``uid`` names the item
    across the alliance.
    """

    __tablename__ = "intel_items"
    __table_args__ = (UniqueConstraint("organization_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    uid: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    value: Mapped[str] = mapped_column(String(400))
    source: Mapped[str] = mapped_column(String(256), default="")
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), index=True)
    approved: Mapped[bool] = mapped_column(default=False)
    confirmed_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    retracted_at: Mapped[datetime | None]


class SharingRule(Base):
    """What one organization shares of one kind of item, with whom, and whether on approval."""

    __tablename__ = "sharing_rules"
    __table_args__ = (UniqueConstraint("organization_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    audience: Mapped[str] = mapped_column(String(16))
    members: Mapped[list[str]] = mapped_column(default=list)
    automatic: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
