"""Seller networks found by ``truemark networks``: the network, its accounts, its links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.types import utc_now


class Network(Base):
    """Accounts judged to be run by the same operation, scored as a whole."""

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[str] = mapped_column(String(256), unique=True)
    size: Mapped[int]
    risk: Mapped[float] = mapped_column(Float)
    flagged_listings: Mapped[int] = mapped_column(default=0)
    flagged_sales_usd: Mapped[float] = mapped_column(Float, default=0.0)
    test_buy_fakes: Mapped[int] = mapped_column(default=0, server_default="0")
    """Test buys from its accounts that received a fake."""
    intel: Mapped[list[str]] = mapped_column(default=list, server_default="[]")
    """Provenances of the alliance intel that names one of its accounts."""
    imported_at: Mapped[datetime] = mapped_column(default=utc_now)


class NetworkMember(Base):
    """A seller account in a network and the attributes that tied it in."""

    __tablename__ = "network_members"
    __table_args__ = (UniqueConstraint("network_id", "seller_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
    links: Mapped[list[str]] = mapped_column(default=list)


class NetworkLink(Base):
    """An edge between two accounts with its evidence: the shared attributes and values."""

    __tablename__ = "network_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    seller_a: Mapped[str] = mapped_column(String(256))
    seller_b: Mapped[str] = mapped_column(String(256))
    bits: Mapped[float] = mapped_column(Float)
    attributes: Mapped[list[str]] = mapped_column(default=list)
    values: Mapped[list[str]] = mapped_column(default=list)
