"""The operator's side of notices: accept (takedown, sellers told, deadline set) or reject;
past the deadline, uphold what no seller answered and strike the sellers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from truemark.cases.access import WRITERS, Principal
from truemark.cases.errors import StateConflict
from truemark.cases.notice_effects import accepted_effects, upheld_effects
from truemark.enforce.config import EnforcementConfig
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.store import OrganizationKind, UnitOfWork
from truemark.store.enforcement_records import NoticeItemStatus, NoticeRecord, NoticeStatus
from truemark.store.repositories import NoticeScope
from truemark.store.types import utc_now

OPERATOR = frozenset({OrganizationKind.OPERATOR})


def review_notice(
    work: UnitOfWork,
    principal: Principal,
    notice_id: int,
    accept: bool,
    note: str,
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> NoticeRecord:
    """The operator accepts (takedown, sellers told) or rejects a pending notice."""
    principal.require(OPERATOR, WRITERS, "review notices")
    moment = moment or utc_now()
    notice = work.notices.get(principal.notice_scope(work), notice_id)
    if notice.status is not NoticeStatus.PENDING_REVIEW:
        raise StateConflict(f"notice {notice_id} is already {notice.status.value}")
    if accept:
        accept_notice(work, principal, notice_id, config, moment, note)
    else:
        work.notices.update(notice_id, status=NoticeStatus.REJECTED, reviewed_at=moment)
        work.notices.set_items([item.id for item in notice.items], NoticeItemStatus.REJECTED)
        Enforcer(work, principal.actor, notice.organization_id, moment).apply(
            [StateChange("notice.rejected", f"notice:{notice_id}", (("note", note),))]
        )
    return work.notices.get(principal.notice_scope(work), notice_id)


def accept_notice(
    work: UnitOfWork,
    principal: Principal,
    notice_id: int,
    config: EnforcementConfig,
    moment: datetime,
    note: str,
) -> None:
    """Take the notice's listings down and tell each seller, with the deadline to counter."""
    deadline = moment + timedelta(days=config.notices.counter_notice_days)
    work.notices.update(
        notice_id, status=NoticeStatus.ACCEPTED, reviewed_at=moment, counter_deadline=deadline
    )
    items = work.notices.items_of(notice_id)
    work.notices.set_items([item.id for item in items], NoticeItemStatus.TAKEN_DOWN)
    notice = work.notices.get(NoticeScope(), notice_id)
    Enforcer(work, principal.actor, notice.organization_id, moment).apply(
        [
            StateChange("notice.accepted", f"notice:{notice_id}", (("note", note),)),
            *accepted_effects(notice, items, deadline),
        ]
    )


def uphold_expired(
    work: UnitOfWork,
    principal: Principal,
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> list[int]:
    """Uphold every listing left uncountered past its deadline; strike its seller. Returns the
    notices touched.
    """
    principal.require(OPERATOR, WRITERS, "uphold notices")
    moment = moment or utc_now()
    touched = work.notices.past_deadline(moment)
    for notice_id in touched:
        notice = work.notices.get(NoticeScope(), notice_id)
        down = [i for i in notice.items if i.status is NoticeItemStatus.TAKEN_DOWN]
        work.notices.set_items([item.id for item in down], NoticeItemStatus.UPHELD)
        effects = upheld_effects(work, notice, down, config, moment)
        Enforcer(work, principal.actor, notice.organization_id, moment).apply(effects)
    return touched
