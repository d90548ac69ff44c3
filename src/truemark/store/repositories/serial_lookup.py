"""Everything an online check needs to know about a (key id, serial) in one round trip: the key,
the unit issued under it with its first photo, and whether the unit was ever flagged cloned.

Composed once: every public verification runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import Session, aliased

from truemark.store.models import (
    Brand,
    BrandReferenceImage,
    Product,
    SerialCloneFlag,
    SerialKey,
    SerialRange,
)
from truemark.store.serial_records import SerialKeyRecord, UnitRecord


@dataclass(frozen=True, slots=True)
class CodeLookup:
    """The key (None: no brand has it), the unit (None: never issued), and whether the unit's
    code was flagged cloned before."""

    key: SerialKeyRecord | None
    unit: UnitRecord | None
    flagged: bool


_KEY_BRAND, _UNIT_BRAND = aliased(Brand), aliased(Brand)
_PHOTO = (
    select(BrandReferenceImage.path)
    .where(BrandReferenceImage.product_id == Product.id)
    .order_by(BrandReferenceImage.path)
    .limit(1)
    .scalar_subquery()
)
_FLAGGED = exists().where(
    SerialCloneFlag.serial_key_id == SerialKey.id, SerialCloneFlag.serial == bindparam("serial")
)
_ISSUED = and_(
    SerialRange.serial_key_id == SerialKey.id,
    SerialRange.first_serial <= bindparam("serial"),
    SerialRange.first_serial + SerialRange.count > bindparam("serial"),
)
_LOOKUP = (
    select(
        *(SerialKey.key_id, _KEY_BRAND.slug, SerialKey.public_key, SerialKey.created_at),
        *(SerialKey.retired_at, SerialKey.revoked_at, _FLAGGED.label("flagged")),
        *(_UNIT_BRAND.slug, _UNIT_BRAND.name, Product.sku, Product.name, SerialRange.batch),
        _PHOTO,
    )
    .join(_KEY_BRAND, _KEY_BRAND.id == SerialKey.brand_id)
    .outerjoin(SerialRange, _ISSUED)
    .outerjoin(_UNIT_BRAND, _UNIT_BRAND.id == SerialRange.brand_id)
    .outerjoin(Product, Product.id == SerialRange.product_id)
    .where(SerialKey.key_id == bindparam("key_id"))
)


def look_up(session: Session, key_id: str, serial: int) -> CodeLookup:
    """The key, unit and clone flag of a code's key id and serial."""
    row: Any = session.execute(_LOOKUP, {"key_id": key_id, "serial": serial}).first()
    if row is None:
        return CodeLookup(None, None, False)
    key = SerialKeyRecord(*row[:6])
    brand_slug, brand_name, sku, product_name, batch, photo = row[7:]
    unit = None
    if sku is not None:
        unit = UnitRecord(brand_slug, brand_name, sku, product_name, batch, photo)
    return CodeLookup(key, unit, bool(row[6]))
