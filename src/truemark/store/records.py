"""What the store hands out: plain frozen records and enums, never SQLAlchemy objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class OrganizationKind(StrEnum):
    """Who an organization is on the platform."""

    OPERATOR = "operator"  # the marketplace's trust & safety team
    BRAND = "brand"  # a rights holder of the alliance
    LAW_ENFORCEMENT = "law_enforcement"  # a police or customs liaison
    SELLER = "seller"  # a store answering notices and appeals


class Role(StrEnum):
    """What a user or an API key may do inside its organization."""

    ADMIN = "admin"
    REVIEWER = "reviewer"
    ANALYST = "analyst"
    READ_ONLY = "read_only"


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose brand-owned rows a read may see: one organization's, or all of them (the operator).

    Every repository method that reads brand-owned rows takes a scope; the service layer decides
    which one a caller gets.
    """

    organization_id: int | None

    @classmethod
    def of(cls, organization_id: int) -> Scope:
        """Only the rows of this organization."""
        return cls(organization_id)

    @classmethod
    def everything(cls) -> Scope:
        """Rows of every organization: for the operator and for offline jobs."""
        return cls(None)


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    id: int
    slug: str
    name: str
    kind: OrganizationKind


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    organization_id: int
    email: str
    role: Role
    is_active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    id: int
    organization_id: int
    name: str
    prefix: str  # shown to people to tell keys apart; the secret itself is never stored
    role: Role
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class IssuedApiKey:
    """A new key and its secret: the only moment the secret exists outside its holder's hands."""

    key: ApiKeyRecord
    secret: str


@dataclass(frozen=True, slots=True)
class VerifiedApiKey:
    """A presented secret that matched a live key, with the organization it acts for."""

    key: ApiKeyRecord
    organization: OrganizationRecord


@dataclass(frozen=True, slots=True)
class BrandRecord:
    id: int
    organization_id: int
    slug: str
    name: str
    owner: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TrademarkRecord:
    brand_slug: str
    number: str
    office: str
    classes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProductRecord:
    id: int
    brand_slug: str
    sku: str
    name: str
    category: str
    msrp: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class ReferenceImageRecord:
    brand_slug: str
    sku: str
    path: str
    pdq_hash: str
    quality: int
    sha256: str


@dataclass(frozen=True, slots=True)
class SellerRecord:
    seller_id: str
    store_name: str | None
    registered_at: datetime | None
    country: str | None
    email: str | None
    phone: str | None
    payment_account: str | None
    address: str | None
    device_id: str | None
    ip: str | None
    extra: dict[str, object]
