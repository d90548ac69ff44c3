"""Referrals: a network or a set of sellers handed to a law-enforcement liaison, which sees
only what is referred to it (read-only), acknowledges it and reports outcomes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from truemark.cases.access import WRITERS, Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import InputError, NotFoundError, PermissionDenied
from truemark.store import OrganizationKind, Role, UnitOfWork
from truemark.store.evidence_records import ReferralOutcomeRecord, ReferralRecord

REFERRERS = frozenset({OrganizationKind.OPERATOR, OrganizationKind.BRAND})
LIAISONS = frozenset({OrganizationKind.LAW_ENFORCEMENT})
MAX_SELLERS = 1_000


class ReferralStatus(StrEnum):
    OPEN = "open"  # sent, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"  # the liaison has taken it up
    CLOSED = "closed"  # the liaison reported a final outcome


class OutcomeKind(StrEnum):
    RAID = "raid"
    ARRESTS = "arrests"
    SEIZURE = "seizure"
    CHARGES = "charges"
    CONVICTION = "conviction"
    DECLINED = "declined"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the liaison reports: a kind, a count (people arrested, items seized), details."""

    kind: OutcomeKind
    details: str = ""
    count: int | None = None
    occurred_at: datetime | None = None
    final: bool = False  # closes the referral


def _viewer(principal: Principal) -> int | None:
    """Whose referrals a caller sees: the operator all (None), others their own or sent to them."""
    if principal.kind is OrganizationKind.SELLER:
        raise NotFoundError("no referrals here")
    return None if principal.is_operator else principal.organization_id


def _liaison(work: UnitOfWork, slug: str) -> int:
    organization = work.organizations.by_slug(slug)
    if organization.kind is not OrganizationKind.LAW_ENFORCEMENT:
        raise InputError(f"{slug!r} is not a law-enforcement organization: refer to a liaison")
    return organization.id


def _log(
    work: UnitOfWork,
    principal: Principal,
    referral: ReferralRecord,
    change: str,
    moment: datetime,
    **details: object,
) -> None:
    """The change in the effect log and the audit chain, signed by the acting organization."""
    effect = StateChange(change, f"referral:{referral.id}", tuple(details.items()))
    organization = principal.organization_id or referral.organization_id
    Enforcer(work, principal.actor, organization, moment).apply([effect])


def create_referral(
    work: UnitOfWork,
    principal: Principal,
    liaison: str,
    title: str,
    moment: datetime,
    network_id: str | None = None,
    seller_ids: Sequence[str] = (),
    summary: str = "",
) -> ReferralRecord:
    """Refer a network (all its accounts) and/or named sellers to the liaison ``liaison``."""
    principal.require(REFERRERS, WRITERS, "refer cases to law enforcement")
    if principal.organization_id is None:
        raise PermissionDenied("a referral is made by an organization: act as one (--org)")
    sellers = set(seller_ids)
    if network_id is not None:
        sellers |= set(work.networks.get(network_id).members)
    if not sellers or len(sellers) > MAX_SELLERS:
        raise InputError(f"a referral names 1 to {MAX_SELLERS} sellers, not {len(sellers)}")
    if not title.strip():
        raise InputError("a referral needs a title")
    referral = work.referrals.add(
        {
            "organization_id": principal.organization_id,
            "liaison_organization_id": _liaison(work, liaison),
            "network_id": network_id,
            "seller_ids": sorted(sellers),
            "title": title.strip(),
            "summary": summary,
            "status": ReferralStatus.OPEN.value,
            "created_by": principal.actor,
            "created_at": moment,
        }
    )
    _log(
        work,
        principal,
        referral,
        "referral.created",
        moment,
        liaison=liaison,
        network_id=network_id,
        seller_ids=referral.seller_ids,
    )
    return referral


def list_referrals(
    work: UnitOfWork, principal: Principal, status: ReferralStatus | None = None
) -> list[ReferralRecord]:
    return work.referrals.find(_viewer(principal), status.value if status else None)


def get_referral(work: UnitOfWork, principal: Principal, referral_id: int) -> ReferralRecord:
    """The referral if the caller made it, was sent it, or is the operator; 404 otherwise."""
    return work.referrals.get(_viewer(principal), referral_id)


def _addressed(work: UnitOfWork, principal: Principal, referral_id: int) -> ReferralRecord:
    referral = get_referral(work, principal, referral_id)
    if principal.organization_id != referral.liaison_organization_id:
        raise PermissionDenied("only the liaison the referral was sent to may answer it")
    if principal.role is Role.READ_ONLY:
        raise PermissionDenied("read-only keys and users cannot answer referrals")
    return referral


def acknowledge(
    work: UnitOfWork, principal: Principal, referral_id: int, moment: datetime
) -> ReferralRecord:
    """The liaison takes the referral up."""
    referral = _addressed(work, principal, referral_id)
    if referral.status != ReferralStatus.OPEN:
        return referral
    work.referrals.acknowledge(referral.id, principal.actor, moment, ReferralStatus.ACKNOWLEDGED)
    _log(work, principal, referral, "referral.acknowledged", moment)
    return get_referral(work, principal, referral_id)


def report_outcome(
    work: UnitOfWork, principal: Principal, referral_id: int, outcome: Outcome, moment: datetime
) -> ReferralOutcomeRecord:
    """Store an outcome the liaison reports back (raid, arrests, seizure, ...) with the case."""
    referral = _addressed(work, principal, referral_id)
    if outcome.count is not None and outcome.count < 0:
        raise InputError("an outcome's count must not be negative")
    stored = work.referrals.add_outcome(
        {
            "referral_id": referral.id,
            "kind": outcome.kind.value,
            "count": outcome.count,
            "occurred_at": outcome.occurred_at,
            "details": outcome.details,
            "reported_by": principal.actor,
            "reported_at": moment,
        }
    )
    if referral.status == ReferralStatus.OPEN:
        work.referrals.acknowledge(
            referral.id, principal.actor, moment, ReferralStatus.ACKNOWLEDGED
        )
    if outcome.final:
        work.referrals.set_status(referral.id, ReferralStatus.CLOSED)
    _log(
        work,
        principal,
        referral,
        "referral.outcome",
        moment,
        kind=outcome.kind.value,
        count=outcome.count,
        details=outcome.details,
        final=outcome.final,
    )
    return stored
