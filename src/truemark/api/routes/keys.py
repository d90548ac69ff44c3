"""API keys: issued per organization and shown once; listed and revoked by its admins."""

from __future__ import annotations

from fastapi import APIRouter, Request

from truemark.api.context import PrincipalDep, WorkDep, key_cache_of
from truemark.api.one_thread import OneThreadRoute
from truemark.api.routes.users import own_organization
from truemark.api.schemas.accounts import IssuedKeyPublic, KeyCreate, KeyPublic
from truemark.cases import accounts

router = APIRouter(prefix="/keys", tags=["keys"], route_class=OneThreadRoute)


@router.post("", status_code=201)
def issue_key(work: WorkDep, principal: PrincipalDep, body: KeyCreate) -> IssuedKeyPublic:
    organization_id = own_organization(principal, body.organization_id)
    issued = accounts.issue_key(work, principal, organization_id, body.name, body.role)
    return IssuedKeyPublic(key=KeyPublic.model_validate(issued.key), secret=issued.secret)


@router.get("")
def list_keys(
    work: WorkDep, principal: PrincipalDep, organization_id: int | None = None
) -> list[KeyPublic]:
    found = accounts.list_keys(work, principal, own_organization(principal, organization_id))
    return [KeyPublic.model_validate(key) for key in found]


@router.delete("/{key_id}")
def revoke_key(
    request: Request,
    work: WorkDep,
    principal: PrincipalDep,
    key_id: int,
    organization_id: int | None = None,
) -> KeyPublic:
    """Revoke a key at once (revoking twice is harmless); other server processes stop taking
    it within a few seconds (their cache of verified keys)."""
    organization_id = own_organization(principal, organization_id)
    revoked = accounts.revoke_key(work, principal, organization_id, key_id)
    key_cache_of(request.app).forget_all()
    return KeyPublic.model_validate(revoked)
