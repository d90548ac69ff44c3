"""Effects: what enforcement decides to do, as plain data, before any sink carries it out.

Services return effects; an :class:`~truemark.enforce.enforcer.Enforcer` hands each one to the
database sink and appends it to the effect log, so every change has one record with its actor
and time. ``StateChange`` records changes a service made through a repository itself
(a decision, a notice filed), so they reach the same log.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, ClassVar

from truemark.store.enforcement_records import StandingLevel


@dataclass(frozen=True, slots=True)
class Effect:
    """Base of the effect records: ``kind`` names it in the log, ``subject`` says on what."""

    kind: ClassVar[str] = "effect"

    @property
    def name(self) -> str:
        """What the effect log calls this change."""
        return self.kind

    @property
    def subject(self) -> str:
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        """The effect's fields as JSON-ready values."""
        return {key: _plain(value) for key, value in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class ListingsEffect(Effect):
    """An effect on listings: its subject names them (the first 20)."""

    listing_ids: tuple[str, ...]

    @property
    def subject(self) -> str:
        return "listings:" + ",".join(self.listing_ids[:20])


@dataclass(frozen=True, slots=True)
class SellerEffect(Effect):
    """An effect on one seller account."""

    seller_id: str

    @property
    def subject(self) -> str:
        return f"seller:{self.seller_id}"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class TakeDown(ListingsEffect):
    """Remove listings from the marketplace."""

    kind: ClassVar[str] = "listing.take_down"
    reason: str


@dataclass(frozen=True, slots=True)
class Reinstate(ListingsEffect):
    """Put listings back up (the seller was right)."""

    kind: ClassVar[str] = "listing.reinstate"
    reason: str


@dataclass(frozen=True, slots=True)
class IssueStrike(SellerEffect):
    """Points against a seller until ``expires_at``."""

    kind: ClassVar[str] = "seller.strike"
    severity: str
    points: int
    reason: str
    expires_at: datetime
    case_id: int | None = None
    notice_item_id: int | None = None


@dataclass(frozen=True, slots=True)
class RevokeStrikes(SellerEffect):
    """Withdraw strikes that turned out to be wrong (the listing was reinstated)."""

    kind: ClassVar[str] = "seller.strikes_revoked"
    strike_ids: tuple[int, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class ChangeStanding(SellerEffect):
    """Move a seller to another rung of the ladder (warning, restriction, suspension)."""

    kind: ClassVar[str] = "seller.standing"
    level: StandingLevel
    previous: StandingLevel


@dataclass(frozen=True, slots=True)
class CloseStore(SellerEffect):
    """Close a store for good and take every one of its live listings down."""

    kind: ClassVar[str] = "seller.close"
    reason: str
    network_id: str | None = None


@dataclass(frozen=True, slots=True)
class NotifySeller(SellerEffect):
    """A message to the seller, queued in the outbox for a mail sink to deliver."""

    kind: ClassVar[str] = "seller.notify"
    subject_line: str
    body: str
    notice_id: int | None = None


@dataclass(frozen=True, slots=True)
class StateChange(Effect):
    """A change a service already wrote (``case.decided``, ``notice.filed``, ...), for the log."""

    change: str
    on: str
    details: tuple[tuple[str, Any], ...] = ()

    @property
    def name(self) -> str:
        return self.change

    @property
    def subject(self) -> str:
        return self.on

    def payload(self) -> dict[str, Any]:
        return {key: _plain(value) for key, value in self.details}
