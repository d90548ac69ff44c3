"""The audit log: read entries, verify the chain, take a signed anchor (operator only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from truemark.api.context import PrincipalDep, SettingsDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.evidence import AuditEntryPublic, AuditReportPublic, ChainBreakPublic
from truemark.audit import verify_log
from truemark.audit.anchor import anchor_values, take_anchor
from truemark.cases.access import ADMINS
from truemark.store import OrganizationKind
from truemark.store.types import utc_now

router = APIRouter(prefix="/audit", tags=["audit"], route_class=OneThreadRoute)
OPERATOR = frozenset({OrganizationKind.OPERATOR})


@router.get("")
def list_entries(
    work: WorkDep,
    principal: PrincipalDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntryPublic]:
    """Entries after sequence ``after``, oldest first."""
    principal.require(OPERATOR, None, "read the audit log")
    return [AuditEntryPublic.model_validate(e) for e in work.audit.page(after, limit)]


@router.get("/verify")
def verify(work: WorkDep, principal: PrincipalDep) -> AuditReportPublic:
    """Walk the whole chain; every break is named by its entry's sequence number."""
    principal.require(OPERATOR, None, "verify the audit log")
    report = verify_log(work)
    return AuditReportPublic(
        intact=report.intact,
        checked=report.checked,
        head_sequence=report.head_sequence,
        head_hash=report.head_hash,
        breaks=[ChainBreakPublic.model_validate(b) for b in report.breaks],
    )


@router.post("/anchor", status_code=201)
def anchor(work: WorkDep, principal: PrincipalDep, settings: SettingsDep) -> dict[str, Any]:
    """The head, signed with the operator's evidence key: keep it somewhere else."""
    principal.require(OPERATOR, ADMINS, "anchor the audit log")
    organization = principal.organization_id
    if organization is None:
        organization = work.organizations.list(OrganizationKind.OPERATOR)[0].id
    taken = take_anchor(work, principal, organization, settings.require_secret_key(), utc_now())
    return anchor_values(taken)
