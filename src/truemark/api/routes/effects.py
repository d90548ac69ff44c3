"""The effect log: every state change truemark carried out, in order, with actor and time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter

from truemark.api.context import PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.common import PagePublic, PublicModel, page_of
from truemark.cases.history import effect_log

router = APIRouter(prefix="/effects", tags=["effects"], route_class=OneThreadRoute)


class EffectPublic(PublicModel):
    id: int
    kind: str
    subject: str
    organization_id: int | None
    actor: str
    payload: dict[str, Any]
    created_at: datetime


@router.get("")
def list_effects(
    work: WorkDep,
    principal: PrincipalDep,
    page: PageDep,
    subject: str | None = None,
    after_id: int = 0,
) -> PagePublic[EffectPublic]:
    """Effects after ``after_id`` (of one subject, e.g. ``case:12``, ``seller:s-1``); operator."""
    found = effect_log(work, principal, page, subject, after_id)
    return PagePublic[EffectPublic](**page_of(found, EffectPublic.model_validate))
