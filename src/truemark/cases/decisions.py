"""Deciding cases: confirm or reject, one at a time or in bulk; every decision becomes a label."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from truemark.cases.access import WRITERS, Principal
from truemark.cases.actions import confirmed_case_effects
from truemark.cases.errors import StateConflict
from truemark.enforce.config import EnforcementConfig
from truemark.enforce.effects import Effect, StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import (
    CaseRecord,
    CaseStatus,
    DecisionOutcome,
    DecisionRecord,
    DecisionSource,
)
from truemark.store.types import utc_now


def decide(
    work: UnitOfWork,
    principal: Principal,
    case_id: int,
    outcome: DecisionOutcome,
    note: str,
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> DecisionRecord:
    """A reviewer's (or the brand's own) confirm or reject of a queued case."""
    principal.require(roles=WRITERS, action="decide cases")
    case = work.cases.get(principal.case_scope(), case_id)
    if case.status is not CaseStatus.QUEUED:
        raise StateConflict(f"case {case_id} is already {case.status.value}")
    return record_decision(
        work, principal, case, outcome, DecisionSource.REVIEW, note, config, moment or utc_now()
    )


def decide_many(
    work: UnitOfWork,
    principal: Principal,
    case_ids: Sequence[int],
    outcome: DecisionOutcome,
    note: str,
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> list[DecisionRecord]:
    """The same decision on several cases at once; all or nothing."""
    return [decide(work, principal, cid, outcome, note, config, moment) for cid in case_ids]


def record_decision(
    work: UnitOfWork,
    principal: Principal,
    case: CaseRecord,
    outcome: DecisionOutcome,
    source: DecisionSource,
    note: str,
    config: EnforcementConfig,
    moment: datetime,
) -> DecisionRecord:
    """Store the decision, move the case, and carry out what a confirmation brings."""
    status = CaseStatus.CONFIRMED if outcome is DecisionOutcome.CONFIRM else CaseStatus.REJECTED
    work.cases.set_status(case.id, status, moment)
    decision = work.decisions.add(
        case.id, case.organization_id, outcome, source, note, principal.actor, moment
    )
    effects: list[Effect] = [
        StateChange(
            "case.decided",
            f"case:{case.id}",
            (
                ("outcome", outcome.value),
                ("source", source.value),
                ("note", note),
                ("listing_id", case.listing_id),
            ),
        )
    ]
    if outcome is DecisionOutcome.CONFIRM:
        effects += confirmed_case_effects(work, case, config, moment)
    Enforcer(work, principal.actor, case.organization_id, moment).apply(effects)
    return decision
