"""Sign in with e-mail and password for a session token (also set as a cookie); sign out."""

from __future__ import annotations

from fastapi import APIRouter, Response

from truemark.api.auth import SESSION_COOKIE, SESSION_SECONDS, login
from truemark.api.context import PrincipalDep, SettingsDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.accounts import LoginCreate, SessionPublic

router = APIRouter(prefix="/auth", tags=["auth"], route_class=OneThreadRoute)


@router.post("/login")
def sign_in(
    work: WorkDep, settings: SettingsDep, body: LoginCreate, response: Response
) -> SessionPublic:
    """A signed session token for valid credentials; the console keeps it as a cookie."""
    token, principal = login(work, settings.require_secret_key(), body.email, body.password)
    response.set_cookie(
        SESSION_COOKIE, token, max_age=SESSION_SECONDS, httponly=True, samesite="lax"
    )
    return SessionPublic(
        token=token,
        organization_id=principal.organization_id,
        kind=principal.kind,
        role=principal.role,
        actor=principal.actor,
    )


@router.post("/logout", status_code=204)
def sign_out(response: Response) -> None:
    """Forget the session cookie."""
    response.delete_cookie(SESSION_COOKIE)


@router.get("/me")
def me(principal: PrincipalDep) -> SessionPublic:
    """Who you are signed in as."""
    return SessionPublic(
        token="",
        organization_id=principal.organization_id,
        kind=principal.kind,
        role=principal.role,
        actor=principal.actor,
    )
