"""Plain records of the serialization tables, as the serial services see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SerialKeyRecord:
    """A brand's public signing key and its life: created, retired (no longer signs), revoked."""

    key_id: str
    brand_slug: str
    public_key: bytes
    created_at: datetime
    retired_at: datetime | None
    revoked_at: datetime | None

    @property
    def status(self) -> str:
        """``active``, ``retired`` or ``revoked``."""
        if self.revoked_at is not None:
            return "revoked"
        return "retired" if self.retired_at is not None else "active"


@dataclass(frozen=True, slots=True)
class SigningKeyRecord:
    """The live key of a brand with its sealed private half."""

    key: SerialKeyRecord
    sealed_private_key: bytes


@dataclass(frozen=True, slots=True)
class IssuedRangeRecord:
    """A range of serials issued for one SKU and batch under one key."""

    brand_slug: str
    sku: str
    key_id: str
    batch: int
    first_serial: int
    count: int
    issued_at: datetime


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """The genuine unit a (key id, serial) was issued for, as a buyer is shown it."""

    brand_slug: str
    brand_name: str
    sku: str
    product_name: str
    batch: int
    photo_path: str | None


@dataclass(frozen=True, slots=True)
class VerificationRecord:
    """One past online check of a unit's code."""

    verified_at: datetime
    country: str | None
    outcome: str


@dataclass(frozen=True, slots=True)
class CloneFlagRecord:
    """A code judged cloned: the brand it belongs to, why, and when."""

    brand_slug: str
    key_id: str
    serial: int
    code: str
    reason: str
    detail: str
    flagged_at: datetime
