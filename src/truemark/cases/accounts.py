"""Organizations, users and API keys, managed within the caller's rights.

The operator's admins manage every organization; another organization's admins manage only
their own users and keys. Everyone may read their own organization.
"""

from __future__ import annotations

from collections.abc import Sequence

from truemark.cases.access import ADMINS, Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import NotFoundError
from truemark.store import (
    ApiKeyRecord,
    IssuedApiKey,
    OrganizationKind,
    OrganizationRecord,
    Role,
    UnitOfWork,
    UserRecord,
    VerifiedApiKey,
)

OPERATOR = frozenset({OrganizationKind.OPERATOR})


def principal_of_key(verified: VerifiedApiKey) -> Principal:
    """The principal an API key acts as."""
    key, organization = verified.key, verified.organization
    return Principal(organization.id, organization.kind, key.role, f"key:{key.prefix}")


def principal_of_user(user: UserRecord, organization: OrganizationRecord) -> Principal:
    """The principal a signed-in user acts as."""
    return Principal(organization.id, organization.kind, user.role, f"user:{user.email}", user.id)


def _own_or_operator(principal: Principal, organization_id: int, what: str) -> None:
    if principal.is_operator or principal.organization_id == organization_id:
        return
    raise NotFoundError(f"no organization {organization_id}{what}")


def create_organization(
    work: UnitOfWork,
    principal: Principal,
    name: str,
    kind: OrganizationKind,
    slug: str | None = None,
    seller_ids: Sequence[str] = (),
) -> OrganizationRecord:
    """A new organization (the operator's admins only); a seller organization answers for
    the marketplace stores ``seller_ids``.
    """
    principal.require(OPERATOR, ADMINS, "create organizations")
    organization = work.organizations.get_or_create(name, kind, slug)
    for seller_id in seller_ids:
        work.strikes.attach_seller(seller_id, organization.id, None)
    details = (("slug", organization.slug), ("kind", kind.value), ("sellers", tuple(seller_ids)))
    _log(work, principal, "organization.created", f"organization:{organization.id}", details)
    return organization


def list_organizations(work: UnitOfWork, principal: Principal) -> list[OrganizationRecord]:
    if principal.is_operator:
        return work.organizations.list()
    assert principal.organization_id is not None
    return [work.organizations.by_id(principal.organization_id)]


def get_organization(
    work: UnitOfWork, principal: Principal, organization_id: int
) -> OrganizationRecord:
    _own_or_operator(principal, organization_id, "")
    return work.organizations.by_id(organization_id)


def create_user(
    work: UnitOfWork,
    principal: Principal,
    organization_id: int,
    email: str,
    password: str,
    role: Role,
) -> UserRecord:
    principal.require(None, ADMINS, "create users")
    _own_or_operator(principal, organization_id, "")
    work.organizations.by_id(organization_id)
    user = work.users.create(organization_id, email, password, role)
    details = (("email", user.email), ("role", role.value))
    _log(work, principal, "user.created", f"user:{user.id}", details, organization_id)
    return user


def list_users(work: UnitOfWork, principal: Principal, organization_id: int) -> list[UserRecord]:
    principal.require(None, ADMINS, "list users")
    _own_or_operator(principal, organization_id, "")
    return work.users.in_organization(organization_id)


def issue_key(
    work: UnitOfWork, principal: Principal, organization_id: int, name: str, role: Role
) -> IssuedApiKey:
    """A new API key; its secret is in the result and nowhere else."""
    principal.require(None, ADMINS, "issue API keys")
    _own_or_operator(principal, organization_id, "")
    work.organizations.by_id(organization_id)
    issued = work.api_keys.issue(organization_id, name, role)
    details = (("prefix", issued.key.prefix), ("name", name), ("role", role.value))
    _log(work, principal, "key.issued", f"key:{issued.key.id}", details, organization_id)
    return issued


def list_keys(work: UnitOfWork, principal: Principal, organization_id: int) -> list[ApiKeyRecord]:
    principal.require(None, ADMINS, "list API keys")
    _own_or_operator(principal, organization_id, "")
    return work.api_keys.in_organization(organization_id)


def revoke_key(
    work: UnitOfWork, principal: Principal, organization_id: int, key_id: int
) -> ApiKeyRecord:
    principal.require(None, ADMINS, "revoke API keys")
    _own_or_operator(principal, organization_id, "")
    key = work.api_keys.revoke(organization_id, key_id)
    details = (("prefix", key.prefix),)
    _log(work, principal, "key.revoked", f"key:{key.id}", details, organization_id)
    return key


def _log(
    work: UnitOfWork,
    principal: Principal,
    change: str,
    subject: str,
    details: tuple[tuple[str, object], ...],
    organization_id: int | None = None,
) -> None:
    """Account changes go to the effect log like every other change (never a secret)."""
    Enforcer(work, principal.actor, organization_id).apply([StateChange(change, subject, details)])
