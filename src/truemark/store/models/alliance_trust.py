"""The exporters of other instances whose bundles this instance believes: one pinned key each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.types import utc_now


class TrustedExporter(Base):
    """A remote exporter (an organization of another instance, by its slug) and the Ed25519 key
    the operator pinned for it: bundles claiming that exporter must be signed with this key."""

    __tablename__ = "trusted_exporters"

    id: Mapped[int] = mapped_column(primary_key=True)
    exporter: Mapped[str] = mapped_column(String(100), unique=True)
    key_id: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    note: Mapped[str] = mapped_column(String(400), default="")
    pinned_by: Mapped[str] = mapped_column(String(400))
    pinned_at: Mapped[datetime] = mapped_column(default=utc_now)
