"""The effect log read back: every state change with its actor and time (operator only)."""

from __future__ import annotations

from truemark.cases.access import Principal
from truemark.store import OrganizationKind, UnitOfWork
from truemark.store.enforcement_records import EffectLogRecord
from truemark.store.paging import Page, PageRequest


def effect_log(
    work: UnitOfWork,
    principal: Principal,
    page: PageRequest,
    subject: str | None = None,
    after_id: int = 0,
) -> Page[EffectLogRecord]:
    """Effects in order (of one subject such as ``case:12`` or ``seller:s-1``, when given)."""
    principal.require(frozenset({OrganizationKind.OPERATOR}), None, "read the effect log")
    return work.effects.log(page, subject, after_id)
