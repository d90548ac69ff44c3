"""Sharing rules: per organization and kind of item, with whom it shares and whether only after
approval. With no rule an organization shares nothing; what a member sees is its own items plus
the items others share to it."""

from __future__ import annotations

from datetime import datetime

from truemark.alliance.items import ACTIVE, KINDS
from truemark.alliance.work import AllianceWork
from truemark.audit import AuditEvent, append
from truemark.cases.access import ADMINS, Principal
from truemark.errors import InputError, PermissionDenied
from truemark.store import OrganizationKind
from truemark.store.alliance_records import IntelItemRecord, SharingRuleRecord
from truemark.store.records import OrganizationRecord

ALL_MEMBERS = "all"
NAMED = "named"
OPERATOR_ONLY = "operator"
AUDIENCES = (ALL_MEMBERS, NAMED, OPERATOR_ONLY)


def set_rule(
    alliance: AllianceWork,
    principal: Principal,
    organization_id: int,
    rule: SharingRuleRecord,
    moment: datetime,
) -> SharingRuleRecord:
    """Create or replace the organization's rule for ``rule.kind`` (admins only)."""
    if not principal.is_operator and principal.organization_id != organization_id:
        raise PermissionDenied("an organization sets only its own sharing rules")
    principal.require(None, ADMINS, "set sharing rules")
    if rule.kind not in KINDS:
        raise InputError(f"intel kind {rule.kind!r} unknown: use one of {', '.join(KINDS)}")
    if rule.audience not in AUDIENCES:
        raise InputError(f"audience {rule.audience!r} unknown: use one of {', '.join(AUDIENCES)}")
    if rule.audience == NAMED and not rule.members:
        raise InputError("a rule for named members needs at least one member")
    for slug in rule.members:
        alliance.work.organizations.by_slug(slug)  # NotFoundError names an unknown member
    stored = alliance.intel.set_rule(
        {
            "organization_id": organization_id,
            "kind": rule.kind,
            "audience": rule.audience,
            "members": list(rule.members) if rule.audience == NAMED else [],
            "automatic": rule.automatic,
            "created_by": principal.actor,
            "created_at": moment,
        }
    )
    payload = {"kind": stored.kind, "audience": stored.audience, "members": list(stored.members)}
    event = AuditEvent(
        principal.actor,
        "intel.rule_set",
        "sharing_rule",
        f"{organization_id}:{stored.kind}",
        organization_id,
        {**payload, "automatic": stored.automatic},
    )
    append(alliance.work.audit, event)
    return stored


def in_audience(rule: SharingRuleRecord, recipient: OrganizationRecord) -> bool:
    """Whether ``recipient`` is among those ``rule`` shares with (never sellers)."""
    if recipient.id == rule.organization_id:
        return True
    if recipient.kind is OrganizationKind.SELLER:
        return False
    if rule.audience == ALL_MEMBERS:
        return True
    if rule.audience == OPERATOR_ONLY:
        return recipient.kind is OrganizationKind.OPERATOR
    return recipient.slug in rule.members


def shared_with(
    alliance: AllianceWork, holder_id: int, recipient: OrganizationRecord
) -> list[IntelItemRecord]:
    """The items ``holder_id`` confirmed itself that its rules share with ``recipient``
    (retracted ones included: their withdrawal must reach the recipient too)."""
    holder = alliance.work.organizations.by_id(holder_id)
    rules = {
        rule.kind: rule
        for rule in alliance.intel.rules()
        if rule.organization_id == holder_id and in_audience(rule, recipient)
    }
    return [
        item
        for item in alliance.intel.held_by([holder_id])
        if item.origin == holder.slug
        and item.kind in rules
        and (rules[item.kind].automatic or item.approved)
    ]


def visible_items(
    alliance: AllianceWork, recipient_id: int, moment: datetime
) -> list[IntelItemRecord]:
    """The active, unexpired items ``recipient_id`` may use: its own and those shared to it."""
    recipient = alliance.work.organizations.by_id(recipient_id)
    items = alliance.intel.held_by([recipient_id])
    for holder in {rule.organization_id for rule in alliance.intel.rules()} - {recipient_id}:
        items += shared_with(alliance, holder, recipient)
    live = {
        item.uid: item
        for item in items
        if item.status == ACTIVE and (item.expires_at is None or item.expires_at > moment)
    }
    return sorted(live.values(), key=lambda item: (item.origin, item.id))
