"""Records and states of the enforcement workflow: cases, notices, strikes, networks, effects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ListingStatus(StrEnum):
    """Whether a listing is visible on the marketplace."""

    LIVE = "live"
    TAKEN_DOWN = "taken_down"


class CaseStatus(StrEnum):
    """Where a flagged listing stands: waiting for a person, or decided."""

    QUEUED = "queued"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class DecisionOutcome(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"


class DecisionSource(StrEnum):
    """Who or what decided: a reviewer, the import policy, a fast-tracked brand, an appeal."""

    REVIEW = "review"
    POLICY = "policy"
    FAST_TRACK = "fast_track"
    COUNTER_NOTICE = "counter_notice"


class NoticeStatus(StrEnum):
    PENDING_REVIEW = "pending_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class NoticeItemStatus(StrEnum):
    """One listing of a notice: its takedown and what became of it."""

    PENDING = "pending"
    REJECTED = "rejected"
    TAKEN_DOWN = "taken_down"
    COUNTERED = "countered"
    UPHELD = "upheld"
    REINSTATED = "reinstated"


class CounterNoticeStatus(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"  # the notice stands, the listings stay down
    REINSTATED = "reinstated"  # the seller was right, the listings go back up


class StandingLevel(StrEnum):
    """The rungs of the strike ladder, in order."""

    GOOD = "good"
    WARNING = "warning"
    RESTRICTED = "restricted"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    NO_ADDRESS = "no_address"


@dataclass(frozen=True, slots=True)
class ListingRecord:
    listing_id: str
    seller_id: str
    title: str
    price: float | None
    currency: str | None
    ship_from: str | None
    quantity_sold: int | None
    status: ListingStatus


@dataclass(frozen=True, slots=True)
class CaseRecord:
    id: int
    organization_id: int
    brand_slug: str
    listing_id: str
    seller_id: str
    title: str
    price: float | None
    currency: str | None
    ship_from: str | None
    quantity_sold: int | None
    images: tuple[str, ...]
    risk: float
    verdict: str
    reasons: tuple[str, ...]
    signals: dict[str, Any]
    network_id: str | None
    status: CaseStatus
    assignee_user_id: int | None
    scans: int
    listing_status: ListingStatus
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    id: int
    case_id: int
    organization_id: int
    listing_id: str
    outcome: DecisionOutcome
    source: DecisionSource
    note: str
    actor: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class NoticeItemRecord:
    id: int
    notice_id: int
    listing_id: str
    seller_id: str
    status: NoticeItemStatus


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    id: int
    organization_id: int
    brand_slug: str
    trademark: str | None
    evidence: str
    status: NoticeStatus
    fast_tracked: bool
    filed_by: str
    filed_at: datetime
    counter_deadline: datetime | None
    items: tuple[NoticeItemRecord, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CounterNoticeRecord:
    id: int
    notice_id: int
    seller_id: str
    statement: str
    evidence: str
    status: CounterNoticeStatus
    filed_by: str
    filed_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class StrikeRecord:
    id: int
    seller_id: str
    severity: str
    points: int
    reason: str
    case_id: int | None
    notice_item_id: int | None
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def active_at(self, moment: datetime) -> bool:
        """Counts on the ladder at ``moment``: issued, not yet expired, not revoked."""
        return self.revoked_at is None and self.issued_at <= moment < self.expires_at


@dataclass(frozen=True, slots=True)
class StandingRecord:
    seller_id: str
    level: StandingLevel
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class NetworkRecord:
    network_id: str
    size: int
    risk: float
    flagged_listings: int
    flagged_sales_usd: float
    members: tuple[str, ...] = field(default=())
    test_buy_fakes: int = 0
    intel: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class NetworkLinkRecord:
    seller_a: str
    seller_b: str
    bits: float
    attributes: tuple[str, ...]
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EffectLogRecord:
    """One state change as it was carried out: what, on which subject, by whom, when."""

    id: int
    kind: str
    subject: str
    organization_id: int | None
    actor: str
    payload: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxRecord:
    id: int
    recipient: str | None
    subject: str
    body: str
    seller_id: str
    notice_id: int | None
    status: OutboxStatus
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None
