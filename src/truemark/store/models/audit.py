"""The audit log: an append-only hash chain of every state change, and its head.

Each entry holds the SHA-256 of the entry before it and of its own canonical content, so an
edited, inserted or deleted entry breaks the chain. ``audit_head`` is one row (id 1) naming the
newest entry: writers lock it first, so two transactions can never fork the chain.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base


class AuditEntry(Base):
    """One state change: who (actor, organization), did what, to which subject, when."""

    __tablename__ = "audit_log"

    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    recorded_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(400))
    organization_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(100), index=True)
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(400))
    # canonical JSON text, hashed as stored (no JSONB normalization between write and verify)
    payload: Mapped[str] = mapped_column(Text)
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest entry of the chain (sequence 0 and the genesis hash before the first)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sequence: Mapped[int] = mapped_column(BigInteger)
    entry_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]
