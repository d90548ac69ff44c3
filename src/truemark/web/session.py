"""Who is looking at a console page: the signed session cookie, and the other sessions kept
for the organization switcher.

A person with accounts in several organizations (a brand's staff who also sit on the alliance,
say) signs in to each; the console keeps every signed token in the ``truemark_accounts`` cookie
and the active one in ``truemark_session``, the cookie the API reads. Switching swaps the active
token; the services see one principal at a time, so tenancy never mixes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from truemark.api.auth import SESSION_COOKIE, authenticate
from truemark.api.context import SettingsDep, WorkDep
from truemark.cases.access import Principal
from truemark.cases.errors import NotAuthenticated
from truemark.store import OrganizationRecord, UnitOfWork

ACCOUNTS_COOKIE = "truemark_accounts"
MAX_ACCOUNTS = 5


class SignInRequired(NotAuthenticated):
    """A console page was opened without a valid session: the browser goes to the log-in."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in principal with its organization, and the accounts it can switch to."""

    principal: Principal
    organization: OrganizationRecord
    accounts: tuple[tuple[int, str, str], ...]  # (index in the cookie, e-mail, organization)

    @property
    def email(self) -> str:
        return self.principal.actor.removeprefix("user:")


def stored_tokens(request: Request) -> list[str]:
    """The signed tokens of every account signed in on this browser, newest first."""
    raw = request.cookies.get(ACCOUNTS_COOKIE, "")
    return [token for token in raw.split(" ") if token][:MAX_ACCOUNTS]


def _accounts(work: UnitOfWork, secret: str, tokens: list[str]) -> tuple[tuple[int, str, str], ...]:
    accounts = []
    for index, token in enumerate(tokens):
        try:
            principal = authenticate(work, secret, token)
        except NotAuthenticated:
            continue  # an expired or revoked account drops out of the switcher
        assert principal.organization_id is not None
        organization = work.organizations.by_id(principal.organization_id)
        accounts.append((index, principal.actor.removeprefix("user:"), organization.name))
    return tuple(accounts)


def viewer_dep(request: Request, work: WorkDep, settings: SettingsDep) -> Viewer:
    """The viewer of a console page; SignInRequired (a redirect to the log-in) otherwise."""
    secret = settings.require_secret_key()
    token = request.cookies.get(SESSION_COOKIE)
    try:
        principal = authenticate(work, secret, token)
    except NotAuthenticated as exc:
        raise SignInRequired(exc.message) from None
    if principal.organization_id is None or principal.user_id is None:
        raise SignInRequired("the console is for people: sign in with e-mail and password")
    organization = work.organizations.by_id(principal.organization_id)
    return Viewer(principal, organization, _accounts(work, secret, stored_tokens(request)))


ViewerDep = Annotated[Viewer, Depends(viewer_dep)]
