"""The review queue: cases filtered, sorted and paged by scope; assignment; decisions; labels."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl

from truemark.cases.access import WRITERS, Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import NotFoundError
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import CaseRecord, DecisionRecord
from truemark.store.paging import Page, PageRequest
from truemark.store.repositories import CaseFilter
from truemark.store.types import utc_now


def list_cases(
    work: UnitOfWork, principal: Principal, where: CaseFilter, page: PageRequest
) -> Page[CaseRecord]:
    """The cases the caller may see, filtered (brand, status, risk, reason, network, ...)."""
    return work.cases.find(principal.case_scope(), where, page)


def get_case(work: UnitOfWork, principal: Principal, case_id: int) -> CaseRecord:
    """One case the caller may see; NotFoundError otherwise (never a hint that it exists)."""
    return work.cases.get(principal.case_scope(), case_id)


def assign_case(
    work: UnitOfWork,
    principal: Principal,
    case_id: int,
    user_id: int | None,
    moment: datetime | None = None,
) -> CaseRecord:
    """Give a case to a reviewer of the case's organization or the operator (None: unassign)."""
    principal.require(roles=WRITERS, action="assign cases")
    case = work.cases.get(principal.case_scope(), case_id)
    if user_id is not None:
        allowed = {case.organization_id}
        if principal.is_operator and principal.organization_id is not None:
            allowed.add(principal.organization_id)
        if not any(
            user.id == user_id for org in allowed for user in work.users.in_organization(org)
        ):
            raise NotFoundError(f"no user {user_id} who could review case {case_id}")
    moment = moment or utc_now()
    work.cases.assign(case_id, user_id, moment)
    change = StateChange("case.assigned", f"case:{case_id}", (("assignee_user_id", user_id),))
    Enforcer(work, principal.actor, case.organization_id, moment).apply([change])
    return work.cases.get(principal.case_scope(), case_id)


def list_decisions(
    work: UnitOfWork, principal: Principal, page: PageRequest, case_id: int | None = None
) -> Page[DecisionRecord]:
    """Decisions the caller may see (of one case, when given), newest first by default."""
    return work.decisions.find(principal.case_scope(), page, case_id)


TEST_BUY_LABELS = {"fake": "counterfeit", "genuine": "genuine"}


def labels(work: UnitOfWork, principal: Principal) -> pl.DataFrame:
    """spec §6 labels (``listing_id, label``): the latest decision on each listing (reviewers,
    brands, counter-notice outcomes), overridden by a test buy's result where one was made —
    an item bought and examined is the strongest evidence there is."""
    scope = principal.case_scope()
    decided = dict(work.decisions.labels(scope))
    bought = {
        listing: TEST_BUY_LABELS[result]
        for listing, result in work.test_buys.results(scope)
        if result in TEST_BUY_LABELS
    }
    merged = sorted({**decided, **bought}.items())
    return pl.DataFrame(
        {"listing_id": [p[0] for p in merged], "label": [p[1] for p in merged]},
        schema={"listing_id": pl.String, "label": pl.String},
    )


def write_labels(frame: pl.DataFrame, path: Path) -> Path:
    """Write labels as CSV (``labels.csv``), the format ``truemark evaluate`` reads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path)
    return path
