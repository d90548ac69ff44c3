"""API keys: issued per organization, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.models import ApiKey, Organization
from truemark.store.records import ApiKeyRecord, IssuedApiKey, Role, VerifiedApiKey
from truemark.store.repositories.organizations import organization_record
from truemark.store.types import utc_now

KEY_MARK = "tm"  # every secret reads tm_<prefix>_<random>, so leaked keys are easy to spot


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _key_record(row: ApiKey) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=row.id,
        organization_id=row.organization_id,
        name=row.name,
        prefix=row.prefix,
        role=row.role,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


class ApiKeyRepository:
    """Issue, verify, list and revoke the API keys of an organization."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def issue(self, organization_id: int, name: str, role: Role) -> IssuedApiKey:
        """A new key; the returned secret is not stored anywhere and cannot be shown again."""
        prefix = f"{KEY_MARK}_{secrets.token_hex(4)}"
        secret = f"{prefix}_{secrets.token_urlsafe(32)}"
        row = ApiKey(
            organization_id=organization_id,
            name=name,
            prefix=prefix,
            secret_hash=_hash(secret),
            role=role,
        )
        self._session.add(row)
        self._session.flush()
        return IssuedApiKey(key=_key_record(row), secret=secret)

    def verify(self, secret: str) -> VerifiedApiKey | None:
        """The live key this secret belongs to and its organization; None otherwise."""
        parts = secret.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_MARK:
            return None
        prefix = f"{parts[0]}_{parts[1]}"
        found = self._session.execute(
            select(ApiKey, Organization)
            .join(Organization, Organization.id == ApiKey.organization_id)
            .where(ApiKey.prefix == prefix)
        ).one_or_none()
        if found is None:
            return None
        key, organization = found
        if key.revoked_at is not None or not hmac.compare_digest(
            key.secret_hash, _hash(secret.strip())
        ):
            return None
        return VerifiedApiKey(key=_key_record(key), organization=organization_record(organization))

    def revoke(self, organization_id: int, key_id: int) -> ApiKeyRecord:
        """Revoke one of the organization's keys (again is a no-op); NotFoundError otherwise."""
        row = self._session.get(ApiKey, key_id)
        if row is None or row.organization_id != organization_id:
            raise NotFoundError(f"no API key {key_id} in this organization")
        if row.revoked_at is None:
            row.revoked_at = utc_now()
            self._session.flush()
        return _key_record(row)

    def in_organization(self, organization_id: int) -> list[ApiKeyRecord]:
        """The organization's keys, revoked ones included, oldest first."""
        query = select(ApiKey).where(ApiKey.organization_id == organization_id).order_by(ApiKey.id)
        return [_key_record(row) for row in self._session.scalars(query)]
