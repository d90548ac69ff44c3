"""Users: an organization's admins add people; passwords are kept as argon2 hashes only."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.api.context import PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.accounts import UserCreate, UserPublic
from truemark.cases import accounts
from truemark.cases.access import Principal
from truemark.errors import InputError

router = APIRouter(prefix="/users", tags=["users"], route_class=OneThreadRoute)


def own_organization(principal: Principal, organization_id: int | None) -> int:
    """The organization named, or the caller's own."""
    chosen = organization_id if organization_id is not None else principal.organization_id
    if chosen is None:
        raise InputError("name the organization (organization_id)")
    return chosen


@router.post("", status_code=201)
def create_user(work: WorkDep, principal: PrincipalDep, body: UserCreate) -> UserPublic:
    organization_id = own_organization(principal, body.organization_id)
    user = accounts.create_user(
        work, principal, organization_id, body.email, body.password, body.role
    )
    return UserPublic.model_validate(user)


@router.get("")
def list_users(
    work: WorkDep, principal: PrincipalDep, organization_id: int | None = None
) -> list[UserPublic]:
    found = accounts.list_users(work, principal, own_organization(principal, organization_id))
    return [UserPublic.model_validate(user) for user in found]
