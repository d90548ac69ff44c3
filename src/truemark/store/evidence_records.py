"""Plain records of the audit log, test buys, referrals, evidence packs and evidence keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class AuditEntryRecord:
    """One entry of the audit log as stored (``payload`` is its canonical JSON text)."""

    sequence: int
    recorded_at: datetime
    actor: str
    organization_id: int | None
    action: str
    subject_type: str
    subject_id: str
    payload: str
    previous_hash: str
    entry_hash: str


@dataclass(frozen=True, slots=True)
class AuditHeadRecord:
    sequence: int
    entry_hash: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class TestBuyPhotoRecord:
    __test__ = False

    filename: str
    sha256: str
    content: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class TestBuyRecord:
    __test__ = False

    id: int
    organization_id: int
    listing_id: str
    seller_id: str
    network_id: str | None
    order_ref: str
    ordered_at: datetime
    cost: Decimal
    currency: str
    received_at: datetime | None
    item_received: str
    result: str
    buyer: str
    notes: str
    recorded_by: str
    created_at: datetime
    photos: tuple[TestBuyPhotoRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ReferralOutcomeRecord:
    id: int
    referral_id: int
    kind: str
    count: int | None
    occurred_at: datetime | None
    details: str
    reported_by: str
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class ReferralRecord:
    id: int
    organization_id: int
    liaison_organization_id: int
    network_id: str | None
    seller_ids: tuple[str, ...]
    title: str
    summary: str
    status: str
    created_by: str
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    outcomes: tuple[ReferralOutcomeRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class EvidencePackRecord:
    id: int
    referral_id: int
    key_id: str
    sha256: str
    size: int
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EvidenceKeyRecord:
    id: int
    organization_id: int
    key_id: str
    public_key: bytes
    sealed_private_key: bytes = field(repr=False)
    created_at: datetime
    retired_at: datetime | None
