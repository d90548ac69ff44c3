"""Issued serial ranges: allocate the next range of a brand, and find the unit behind a serial."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truemark.errors import InputError, NotFoundError
from truemark.store.models import Brand, Product, SerialKey, SerialRange
from truemark.store.records import Scope
from truemark.store.repositories.catalog import scoped
from truemark.store.repositories.serial_lookup import CodeLookup, look_up
from truemark.store.serial_records import IssuedRangeRecord

FIRST_SERIAL = 1


class SerialCodeRepository:
    """Ranges of serials per brand: they never overlap, so (key id, serial) names one unit."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def allocate(
        self, scope: Scope, brand_slug: str, sku: str, key_id: str, count: int, batch: int | None
    ) -> IssuedRangeRecord:
        """Record the brand's next ``count`` serials for ``sku`` (next batch number by default).

        The brand row is locked (PostgreSQL) so two concurrent issues never share serials.
        """
        if count < 1:
            raise InputError(f"count must be at least 1, not {count}")
        query = scoped(select(Brand).where(Brand.slug == brand_slug), scope)
        brand = self._session.scalar(query.with_for_update())
        if brand is None:
            raise NotFoundError(f"no brand {brand_slug!r}")
        product = self._session.scalar(
            select(Product).where(Product.brand_id == brand.id, Product.sku == sku)
        )
        if product is None:
            raise NotFoundError(f"brand {brand_slug!r} has no product with SKU {sku!r}")
        key = self._session.scalar(select(SerialKey).where(SerialKey.key_id == key_id))
        if key is None or key.brand_id != brand.id:
            raise NotFoundError(f"brand {brand_slug!r} has no key {key_id!r}")
        end, last_batch = self._session.execute(
            select(
                func.max(SerialRange.first_serial + SerialRange.count), func.max(SerialRange.batch)
            ).where(SerialRange.brand_id == brand.id)
        ).one()
        row = SerialRange(
            organization_id=brand.organization_id,
            brand_id=brand.id,
            product_id=product.id,
            serial_key_id=key.id,
            batch=batch if batch is not None else (last_batch or 0) + 1,
            first_serial=end or FIRST_SERIAL,
            count=count,
        )
        self._session.add(row)
        self._session.flush()
        return IssuedRangeRecord(
            brand.slug, sku, key_id, row.batch, row.first_serial, count, row.issued_at
        )

    def ranges(self, scope: Scope, brand_slug: str | None = None) -> list[IssuedRangeRecord]:
        """Issued ranges of the scope's brands (of one brand, when given), in serial order."""
        query = (
            select(SerialRange, Brand.slug, Product.sku, SerialKey.key_id)
            .join(Brand, Brand.id == SerialRange.brand_id)
            .join(Product, Product.id == SerialRange.product_id)
            .join(SerialKey, SerialKey.id == SerialRange.serial_key_id)
        )
        if brand_slug is not None:
            query = query.where(Brand.slug == brand_slug)
        query = scoped(query, scope).order_by(Brand.slug, SerialRange.first_serial)
        return [
            IssuedRangeRecord(slug, sku, key_id, r.batch, r.first_serial, r.count, r.issued_at)
            for r, slug, sku, key_id in self._session.execute(query)
        ]

    def look_up(self, key_id: str, serial: int) -> CodeLookup:
        """The key, the unit and whether it was flagged cloned, in one round trip."""
        return look_up(self._session, key_id, serial)
