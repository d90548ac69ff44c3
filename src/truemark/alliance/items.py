"""Intel items an organization confirms: kinds, their values, sharing, approval and retraction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from truemark.alliance.work import AllianceWork
from truemark.audit import AuditEvent, append
from truemark.cases.access import WRITERS, Principal
from truemark.errors import InputError, NotFoundError, PermissionDenied
from truemark.io.images import is_pdq_hex
from truemark.networks.indicators import parse_indicator
from truemark.store import OrganizationKind
from truemark.store.alliance_records import IntelItemRecord

PHOTO_HASH = "photo_hash"
INFRINGER = "infringer"
CUE_TERM = "cue_term"
RACKET_INDICATOR = "racket_indicator"
KINDS = (PHOTO_HASH, INFRINGER, CUE_TERM, RACKET_INDICATOR)
ACTIVE = "active"
RETRACTED = "retracted"
SUSPENDED = "suspended"  # imported from an exporter this instance no longer trusts
INFRINGER_ATTRIBUTES = ("phone", "email", "payment_account")
MEMBER_KINDS = frozenset(
    {OrganizationKind.OPERATOR, OrganizationKind.BRAND, OrganizationKind.LAW_ENFORCEMENT}
)


@dataclass(frozen=True, slots=True)
class IntelDraft:
    """What an organization confirmed: kind, value, the case or network behind it, how sure."""

    kind: str
    value: str
    source: str
    confidence: float
    expires_at: datetime | None = None


def check_value(kind: str, value: str) -> str:
    """The value in its stored form (hashes lower-case, racket indicators ``TYPE:VALUE`` in their
    normal form, see :mod:`truemark.networks.indicators`); InputError saying what is wrong."""
    if kind not in KINDS:
        raise InputError(f"intel kind {kind!r} unknown: use one of {', '.join(KINDS)}")
    if kind == PHOTO_HASH and not is_pdq_hex(value):
        raise InputError(f"photo_hash {value!r} is not a PDQ hash (64 hex characters)")
    if kind == INFRINGER:
        attribute, _, digest = value.partition(":")
        if attribute not in INFRINGER_ATTRIBUTES or len(digest) != 64:
            raise InputError(
                f"infringer {value!r} is not ATTRIBUTE:HMAC (attribute one of "
                f"{', '.join(INFRINGER_ATTRIBUTES)}, 64 hex digits)"
            )
    if not value.strip() or "\x00" in value:
        raise InputError(f"{kind} needs a value (without NUL characters)")
    if kind == RACKET_INDICATOR:
        return parse_indicator(value)
    return value.lower() if kind in (PHOTO_HASH, INFRINGER) else value.strip()


def item_uid(origin: str, kind: str, value: str) -> str:
    """The item's name across the alliance: the same confirmation imported twice is one item."""
    return hashlib.sha256(f"{origin}\x00{kind}\x00{value}".encode()).hexdigest()


def require_member(principal: Principal, organization_id: int, action: str) -> None:
    """Alliance members (not sellers) with a writer role act on their own intel only."""
    if not principal.is_operator and principal.organization_id != organization_id:
        raise PermissionDenied(f"an organization may {action} only its own intel")
    principal.require(MEMBER_KINDS, WRITERS, f"{action} intel")


def confirm_item(
    alliance: AllianceWork,
    principal: Principal,
    organization_id: int,
    draft: IntelDraft,
    moment: datetime,
) -> IntelItemRecord:
    """Record an item the organization confirmed (shared as its sharing rules say)."""
    require_member(principal, organization_id, "confirm")
    if not 0.0 <= draft.confidence <= 1.0:
        raise InputError(f"confidence {draft.confidence} is not between 0 and 1")
    value = check_value(draft.kind, draft.value)
    origin = alliance.work.organizations.by_id(organization_id).slug
    uid = item_uid(origin, draft.kind, value)
    existing = alliance.intel.by_uid(organization_id, uid)
    if existing is not None:
        return existing
    item = alliance.intel.add(
        {
            "organization_id": organization_id,
            "uid": uid,
            "origin": origin,
            "kind": draft.kind,
            "value": value,
            "source": draft.source,
            "confidence": draft.confidence,
            "status": ACTIVE,
            "confirmed_at": moment,
            "expires_at": draft.expires_at,
            "created_by": principal.actor,
            "created_at": moment,
        }
    )
    _audit(alliance, principal, "intel.shared", item, {"kind": item.kind, "source": item.source})
    return item


def _own_item(alliance: AllianceWork, organization_id: int, item_id: int) -> IntelItemRecord:
    item = alliance.intel.by_id(item_id)
    if item is None or item.organization_id != organization_id:
        raise NotFoundError(f"no intel item {item_id} held by this organization")
    return item


def retract_item(
    alliance: AllianceWork,
    principal: Principal,
    organization_id: int,
    item_id: int,
    moment: datetime,
) -> IntelItemRecord:
    """Withdraw an item the organization confirmed; the next bundle carries the withdrawal."""
    require_member(principal, organization_id, "retract")
    item = _own_item(alliance, organization_id, item_id)
    if item.origin != alliance.work.organizations.by_id(organization_id).slug:
        raise PermissionDenied("only the organization that confirmed an item may retract it")
    alliance.intel.retract(item.id, moment)
    _audit(alliance, principal, "intel.retracted", item, {"kind": item.kind})
    return _own_item(alliance, organization_id, item_id)


def approve_item(
    alliance: AllianceWork, principal: Principal, organization_id: int, item_id: int
) -> IntelItemRecord:
    """Approve an item for sharing under a rule that shares only after approval."""
    require_member(principal, organization_id, "approve")
    item = _own_item(alliance, organization_id, item_id)
    alliance.intel.approve(item.id)
    _audit(alliance, principal, "intel.approved", item, {"kind": item.kind})
    return _own_item(alliance, organization_id, item_id)


def _audit(
    alliance: AllianceWork,
    principal: Principal,
    action: str,
    item: IntelItemRecord,
    payload: dict[str, str],
) -> None:
    event = AuditEvent(
        principal.actor, action, "intel_item", item.uid, item.organization_id, payload
    )
    append(alliance.work.audit, event)
