"""Counter-notices: a seller answers a notice; the operator reinstates or upholds."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.api.context import ConfigDep, PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.common import PagePublic, page_of
from truemark.api.schemas.notices import (
    CounterNoticeCreate,
    CounterNoticePublic,
    CounterNoticeResolution,
)
from truemark.cases import counter_notices

router = APIRouter(prefix="/counter-notices", tags=["counter-notices"], route_class=OneThreadRoute)


@router.post("", status_code=201)
def file_counter_notice(
    work: WorkDep, principal: PrincipalDep, body: CounterNoticeCreate
) -> CounterNoticePublic:
    """The seller's answer with evidence, before the notice's deadline."""
    counter = counter_notices.file_counter_notice(
        work, principal, body.notice_id, body.seller_id, body.statement, body.evidence
    )
    return CounterNoticePublic.model_validate(counter)


@router.get("")
def list_counter_notices(
    work: WorkDep, principal: PrincipalDep, page: PageDep, notice_id: int | None = None
) -> PagePublic[CounterNoticePublic]:
    found = counter_notices.list_counter_notices(work, principal, page, notice_id)
    return PagePublic[CounterNoticePublic](**page_of(found, CounterNoticePublic.model_validate))


@router.get("/{counter_id}")
def get_counter_notice(
    work: WorkDep, principal: PrincipalDep, counter_id: int
) -> CounterNoticePublic:
    counter = counter_notices.get_counter_notice(work, principal, counter_id)
    return CounterNoticePublic.model_validate(counter)


@router.post("/{counter_id}/resolution")
def resolve_counter_notice(
    work: WorkDep,
    principal: PrincipalDep,
    config: ConfigDep,
    counter_id: int,
    body: CounterNoticeResolution,
) -> CounterNoticePublic:
    """Reinstate the listings or uphold the notice (operator)."""
    counter = counter_notices.resolve_counter_notice(
        work, principal, counter_id, body.reinstate, body.note, config
    )
    return CounterNoticePublic.model_validate(counter)
