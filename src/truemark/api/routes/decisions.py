"""Decisions: confirm or reject cases (one or in bulk); the labels they make."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from truemark.api.context import ConfigDep, PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.cases import (
    DecisionBulkCreate,
    DecisionCreate,
    DecisionPublic,
    LabelPublic,
)
from truemark.api.schemas.common import PagePublic, page_of
from truemark.cases import decisions, queue

router = APIRouter(prefix="/decisions", tags=["decisions"], route_class=OneThreadRoute)


@router.post("", status_code=201)
def decide(
    work: WorkDep, principal: PrincipalDep, config: ConfigDep, body: DecisionCreate
) -> DecisionPublic:
    """Confirm (takedown, strike) or reject a queued case."""
    decision = decisions.decide(work, principal, body.case_id, body.outcome, body.note, config)
    return DecisionPublic.model_validate(decision)


@router.post("/bulk", status_code=201)
def decide_many(
    work: WorkDep, principal: PrincipalDep, config: ConfigDep, body: DecisionBulkCreate
) -> list[DecisionPublic]:
    """The same decision on up to 500 cases; all or nothing."""
    made = decisions.decide_many(work, principal, body.case_ids, body.outcome, body.note, config)
    return [DecisionPublic.model_validate(decision) for decision in made]


@router.get("")
def list_decisions(
    work: WorkDep, principal: PrincipalDep, page: PageDep, case_id: int | None = None
) -> PagePublic[DecisionPublic]:
    found = queue.list_decisions(work, principal, page, case_id)
    return PagePublic[DecisionPublic](**page_of(found, DecisionPublic.model_validate))


@router.get("/labels")
def labels(work: WorkDep, principal: PrincipalDep) -> list[LabelPublic]:
    """spec §6 labels from the latest decision on each listing you may see."""
    frame = queue.labels(work, principal)
    return [LabelPublic.model_validate(row) for row in frame.iter_rows(named=True)]


@router.get(
    "/labels.csv",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def labels_csv(work: WorkDep, principal: PrincipalDep) -> PlainTextResponse:
    """The same labels as ``labels.csv`` for ``truemark evaluate``."""
    frame = queue.labels(work, principal)
    return PlainTextResponse(frame.write_csv(), media_type="text/csv")
