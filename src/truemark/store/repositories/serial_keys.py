"""Brand signing keys in the store: add, list, pick the live one, retire and revoke."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.models import Brand, SerialKey
from truemark.store.records import Scope
from truemark.store.repositories.catalog import scoped
from truemark.store.serial_records import SerialKeyRecord, SigningKeyRecord
from truemark.store.types import utc_now

# run on every online check: composed once
_BY_KEY_ID = (
    select(SerialKey, Brand.slug)
    .join(Brand, Brand.id == SerialKey.brand_id)
    .where(SerialKey.key_id == bindparam("key_id"))
)


def key_record(row: SerialKey, brand_slug: str) -> SerialKeyRecord:
    """The public record of a key row."""
    return SerialKeyRecord(
        row.key_id, brand_slug, row.public_key, row.created_at, row.retired_at, row.revoked_at
    )


class SerialKeyRepository:
    """Keys by brand (scoped) and by key id (public: anyone may verify)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _brand(self, scope: Scope, brand_slug: str) -> Brand:
        row = self._session.scalar(scoped(select(Brand).where(Brand.slug == brand_slug), scope))
        if row is None:
            raise NotFoundError(f"no brand {brand_slug!r}")
        return row

    def add(
        self, scope: Scope, brand_slug: str, key_id: str, public_key: bytes, sealed: bytes
    ) -> SerialKeyRecord:
        """Store a new key of the brand; it becomes the brand's live key, older ones retire."""
        brand = self._brand(scope, brand_slug)
        now = utc_now()
        self._session.execute(
            update(SerialKey)
            .where(SerialKey.brand_id == brand.id, SerialKey.retired_at.is_(None))
            .values(retired_at=now)
        )
        row = SerialKey(
            organization_id=brand.organization_id,
            brand_id=brand.id,
            key_id=key_id,
            public_key=public_key,
            sealed_private_key=sealed,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return key_record(row, brand.slug)

    def keys(self, scope: Scope, brand_slug: str | None = None) -> list[SerialKeyRecord]:
        """Keys of the scope's brands (of one brand, when given), oldest first."""
        query = select(SerialKey, Brand.slug).join(Brand, Brand.id == SerialKey.brand_id)
        if brand_slug is not None:
            query = query.where(Brand.slug == brand_slug)
        query = scoped(query, scope).order_by(Brand.slug, SerialKey.created_at, SerialKey.id)
        return [key_record(row, slug) for row, slug in self._session.execute(query)]

    def by_key_id(self, key_id: str) -> SerialKeyRecord | None:
        """The key with this id, whoever owns it; None when no brand has it."""
        found = self._session.execute(_BY_KEY_ID, {"key_id": key_id}).first()
        return None if found is None else key_record(found[0], found[1])

    def signing_key(self, scope: Scope, brand_slug: str) -> SigningKeyRecord:
        """The brand's live key; NotFoundError (with the fix) when it has none."""
        brand = self._brand(scope, brand_slug)
        row = self._session.scalar(
            select(SerialKey).where(
                SerialKey.brand_id == brand.id,
                SerialKey.retired_at.is_(None),
                SerialKey.revoked_at.is_(None),
            )
        )
        if row is None:
            raise NotFoundError(
                f"brand {brand_slug!r} has no live signing key: run "
                f"`truemark serial keys create --brand {brand_slug}`"
            )
        return SigningKeyRecord(key_record(row, brand.slug), row.sealed_private_key)

    def revoke(self, scope: Scope, brand_slug: str, key_id: str) -> SerialKeyRecord:
        """Mark a key of the brand revoked (and retired): its codes now verify as revoked."""
        brand = self._brand(scope, brand_slug)
        row = self._session.scalar(
            select(SerialKey).where(SerialKey.brand_id == brand.id, SerialKey.key_id == key_id)
        )
        if row is None:
            raise NotFoundError(f"brand {brand_slug!r} has no key {key_id!r}")
        now = utc_now()
        row.revoked_at = row.revoked_at or now
        row.retired_at = row.retired_at or now
        self._session.flush()
        return key_record(row, brand.slug)
