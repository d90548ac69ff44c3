"""Counter-notices: a seller answers a notice with evidence before the deadline; the operator
upholds the notice (the listings stay down, the seller gets a strike) or reinstates them.
"""

from __future__ import annotations

from datetime import datetime

from truemark.cases.access import WRITERS, Principal
from truemark.cases.decisions import record_decision
from truemark.cases.errors import StateConflict
from truemark.cases.notice_effects import reinstated_effects, upheld_effects
from truemark.enforce.config import EnforcementConfig
from truemark.enforce.effects import Effect, StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.enforce.ladder import revocation_effects
from truemark.errors import NotFoundError
from truemark.store import OrganizationKind, Scope, UnitOfWork
from truemark.store.enforcement_records import (
    CounterNoticeRecord,
    CounterNoticeStatus,
    DecisionOutcome,
    DecisionSource,
    NoticeItemRecord,
    NoticeItemStatus,
    NoticeStatus,
)
from truemark.store.paging import Page, PageRequest
from truemark.store.repositories import NoticeScope
from truemark.store.types import utc_now

ANSWERING = frozenset({OrganizationKind.SELLER, OrganizationKind.OPERATOR})


def file_counter_notice(
    work: UnitOfWork,
    principal: Principal,
    notice_id: int,
    seller_id: str,
    statement: str,
    evidence: str,
    moment: datetime | None = None,
) -> CounterNoticeRecord:
    """The seller's answer for all its listings named in the notice, before the deadline."""
    principal.require(ANSWERING, WRITERS, "file counter-notices")
    moment = moment or utc_now()
    notice = work.notices.get(principal.notice_scope(work), notice_id)
    mine = [i for i in notice.items if i.seller_id == seller_id]
    if not mine:
        raise NotFoundError(f"notice {notice_id} names no listing of seller {seller_id!r}")
    if notice.status is not NoticeStatus.ACCEPTED or notice.counter_deadline is None:
        raise StateConflict(f"notice {notice_id} is {notice.status.value}: nothing to counter")
    if moment > notice.counter_deadline:
        raise StateConflict(
            f"the deadline to counter notice {notice_id} passed at "
            f"{notice.counter_deadline.isoformat()}"
        )
    down = [i for i in mine if i.status is NoticeItemStatus.TAKEN_DOWN]
    if not down:
        raise StateConflict(f"seller {seller_id!r} has already answered notice {notice_id}")
    work.notices.mark_countered([item.id for item in down])
    counter = work.counter_notices.add(
        {
            "notice_id": notice_id,
            "seller_id": seller_id,
            "statement": statement,
            "evidence": evidence,
            "filed_by": principal.actor,
            "filed_at": moment,
        }
    )
    change = StateChange(
        "counter_notice.filed",
        f"counter_notice:{counter.id}",
        (("notice_id", notice_id), ("seller_id", seller_id), ("listings", len(down))),
    )
    Enforcer(work, principal.actor, notice.organization_id, moment).apply([change])
    return counter


def resolve_counter_notice(
    work: UnitOfWork,
    principal: Principal,
    counter_id: int,
    reinstate: bool,
    note: str,
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> CounterNoticeRecord:
    """Reinstate the seller's listings (its flags become ``genuine`` labels) or uphold."""
    principal.require(frozenset({OrganizationKind.OPERATOR}), WRITERS, "resolve counter-notices")
    moment = moment or utc_now()
    counter = work.counter_notices.get(NoticeScope(), counter_id)
    if counter.status is not CounterNoticeStatus.PENDING:
        raise StateConflict(f"counter-notice {counter_id} is already {counter.status.value}")
    notice = work.notices.get(NoticeScope(), counter.notice_id)
    items = [
        i
        for i in notice.items
        if i.seller_id == counter.seller_id and i.status is NoticeItemStatus.COUNTERED
    ]
    status = CounterNoticeStatus.REINSTATED if reinstate else CounterNoticeStatus.UPHELD
    work.counter_notices.resolve(counter_id, status, moment)
    item_status = NoticeItemStatus.REINSTATED if reinstate else NoticeItemStatus.UPHELD
    work.notices.set_items([item.id for item in items], item_status)
    effects: list[Effect] = [
        StateChange(
            f"counter_notice.{status.value}", f"counter_notice:{counter_id}", (("note", note),)
        )
    ]
    if reinstate:
        effects += reinstated_effects(notice, items, counter.seller_id)
        effects += _relabel_genuine(work, principal, notice.brand_slug, items, note, config, moment)
    else:
        effects += upheld_effects(work, notice, items, config, moment)
    Enforcer(work, principal.actor, notice.organization_id, moment).apply(effects)
    return work.counter_notices.get(NoticeScope(), counter_id)


def _relabel_genuine(
    work: UnitOfWork,
    principal: Principal,
    brand_slug: str,
    items: list[NoticeItemRecord],
    note: str,
    config: EnforcementConfig,
    moment: datetime,
) -> list[Effect]:
    """The brand's cases on reinstated listings are rejected (their labels become genuine)
    and the strikes those cases brought are withdrawn.
    """
    brand = work.catalog.brand(Scope.everything(), brand_slug)
    case_ids = work.cases.brand_cases_for_listings(brand.id, [i.listing_id for i in items])
    for case_id in case_ids:
        case = work.cases.get(Scope.everything(), case_id)
        record_decision(
            work,
            principal,
            case,
            DecisionOutcome.REJECT,
            DecisionSource.COUNTER_NOTICE,
            note,
            config,
            moment,
        )
    effects: list[Effect] = []
    for seller_id in sorted({item.seller_id for item in items}):
        strikes = work.strikes.of_seller(seller_id)
        wrong = [s.id for s in strikes if s.case_id in case_ids]
        standing = work.strikes.standing(seller_id)
        reason = "listing reinstated on counter-notice"
        effects += revocation_effects(standing, strikes, wrong, reason, config.strikes, moment)
    return effects


def list_counter_notices(
    work: UnitOfWork, principal: Principal, page: PageRequest, notice_id: int | None = None
) -> Page[CounterNoticeRecord]:
    return work.counter_notices.find(principal.notice_scope(work), page, notice_id)


def get_counter_notice(
    work: UnitOfWork, principal: Principal, counter_id: int
) -> CounterNoticeRecord:
    return work.counter_notices.get(principal.notice_scope(work), counter_id)
