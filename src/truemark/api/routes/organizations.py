"""Organizations: the operator creates them; everyone reads their own."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.api.context import PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.accounts import OrganizationCreate, OrganizationPublic
from truemark.cases import accounts

router = APIRouter(prefix="/organizations", tags=["organizations"], route_class=OneThreadRoute)


@router.post("", status_code=201)
def create_organization(
    work: WorkDep, principal: PrincipalDep, body: OrganizationCreate
) -> OrganizationPublic:
    organization = accounts.create_organization(
        work, principal, body.name, body.kind, body.slug, body.seller_ids
    )
    return OrganizationPublic.model_validate(organization)


@router.get("")
def list_organizations(work: WorkDep, principal: PrincipalDep) -> list[OrganizationPublic]:
    """All organizations (operator) or your own."""
    found = accounts.list_organizations(work, principal)
    return [OrganizationPublic.model_validate(org) for org in found]


@router.get("/{organization_id}")
def get_organization(
    work: WorkDep, principal: PrincipalDep, organization_id: int
) -> OrganizationPublic:
    organization = accounts.get_organization(work, principal, organization_id)
    return OrganizationPublic.model_validate(organization)
