"""Brand-owned tables: brands, trademarks, products, reference images, authorized sellers.

Every row carries its organization. Child rows reference ``(brand_id, organization_id)`` of
their brand, so the database itself refuses a product whose organization differs from its
brand's, and moving a brand to another organization cascades to everything it owns.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truemark.store.base import Base
from truemark.store.types import utc_now


class Brand(Base):
    """A word mark registered by an alliance member; ``slug`` is the catalog's brand id."""

    __tablename__ = "brands"
    __table_args__ = (UniqueConstraint("id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


def _owned_by_brand(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["brand_id", "organization_id"],
        ["brands.id", "brands.organization_id"],
        name=f"fk_{table}_brand",
        ondelete="CASCADE",
        onupdate="CASCADE",
    )


class Trademark(Base):
    """A registration of the brand's mark at an office, with its Nice classes."""

    __tablename__ = "trademarks"
    __table_args__ = (
        _owned_by_brand("trademarks"),
        UniqueConstraint("brand_id", "office", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int]
    number: Mapped[str] = mapped_column(String(100))
    office: Mapped[str] = mapped_column(String(100))
    classes: Mapped[list[int]]


class Product(Base):
    """A genuine product with its manufacturer's suggested retail price."""

    __tablename__ = "products"
    __table_args__ = (
        _owned_by_brand("products"),
        UniqueConstraint("brand_id", "sku"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int]
    sku: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(200))
    msrp: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))


class BrandReferenceImage(Base):
    """A genuine product photo and its PDQ hash, for spotting reuse by unauthorized stores."""

    __tablename__ = "brand_reference_images"
    __table_args__ = (
        _owned_by_brand("brand_reference_images"),
        UniqueConstraint("product_id", "path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int]
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(1024))
    pdq_hash: Mapped[str] = mapped_column(String(64), index=True)
    quality: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))


class AuthorizedSeller(Base):
    """A seller account (by its marketplace id) the brand allows to sell its goods."""

    __tablename__ = "authorized_sellers"
    __table_args__ = (
        _owned_by_brand("authorized_sellers"),
        UniqueConstraint("brand_id", "seller_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(index=True)
    brand_id: Mapped[int]
    seller_id: Mapped[str] = mapped_column(String(256), index=True)
