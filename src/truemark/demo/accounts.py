"""Demo organizations and logins: the operator, a reviewer, each brand owner, a police liaison."""

from __future__ import annotations

from dataclasses import dataclass

from truemark.cases.access import Principal
from truemark.cases.accounts import create_organization, create_user
from truemark.errors import NotFoundError
from truemark.store import OrganizationKind, Role, UnitOfWork

OPERATOR = "Marketplace Trust & Safety"
LIAISON = "Metropolitan Police IP Crime Unit"


@dataclass(frozen=True)
class DemoLogin:
    """One demo login, printed when the demo starts."""

    email: str
    password: str
    organization: str
    role: Role


DEMO_LOGINS = (
    DemoLogin("operator@truemark.demo", "demo-operator-pass", OPERATOR, Role.ADMIN),
    DemoLogin("reviewer@truemark.demo", "demo-reviewer-pass", OPERATOR, Role.REVIEWER),
    DemoLogin("liaison@truemark.demo", "demo-liaison-pass", LIAISON, Role.READ_ONLY),
)
BRAND_PASSWORD = "demo-brand-pass"


def _login(work: UnitOfWork, principal: Principal, organization_id: int, login: DemoLogin) -> None:
    try:
        work.users.by_email(login.email)
    except NotFoundError:
        create_user(work, principal, organization_id, login.email, login.password, login.role)


def ensure_demo_accounts(work: UnitOfWork, principal: Principal) -> list[DemoLogin]:
    """Create (once) the demo organizations and logins; return every login."""
    kinds = {OPERATOR: OrganizationKind.OPERATOR, LIAISON: OrganizationKind.LAW_ENFORCEMENT}
    logins = list(DEMO_LOGINS)
    for login in DEMO_LOGINS:
        organization = create_organization(
            work, principal, login.organization, kinds[login.organization]
        )
        _login(work, principal, organization.id, login)
    for brand_owner in work.organizations.list(OrganizationKind.BRAND):
        login = DemoLogin(
            f"brand-{brand_owner.slug}@truemark.demo", BRAND_PASSWORD, brand_owner.name, Role.ADMIN
        )
        _login(work, principal, brand_owner.id, login)
        logins.append(login)
    return logins
