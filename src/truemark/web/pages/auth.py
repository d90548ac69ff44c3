"""Log-in, log-out and the organization switcher of the console."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truemark.api.auth import SESSION_COOKIE, SESSION_SECONDS, login, read_session
from truemark.api.context import SettingsDep, WorkDep
from truemark.cases.errors import NotAuthenticated
from truemark.web.render import render
from truemark.web.session import ACCOUNTS_COOKIE, MAX_ACCOUNTS, stored_tokens

router = APIRouter(prefix="/console")


def _safe_next(target: str) -> str:
    """Only a path of this site (never another host) to go back to after signing in."""
    return target if target.startswith("/") and not target.startswith("//") else "/console"


def _keep(response: Response, active: str, accounts: list[str]) -> None:
    cookie = {"max_age": SESSION_SECONDS, "httponly": True, "samesite": "lax"}
    response.set_cookie(SESSION_COOKIE, active, **cookie)  # type: ignore[arg-type]
    response.set_cookie(ACCOUNTS_COOKIE, " ".join(accounts), **cookie)  # type: ignore[arg-type]


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/console", add: bool = False) -> Response:
    context = {"viewer": None, "next": _safe_next(next), "email": "", "adding": add}
    return render(request, "console/login.html", context)


@router.post("/login", response_class=HTMLResponse)
def sign_in(
    request: Request,
    work: WorkDep,
    settings: SettingsDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/console",
) -> Response:
    """Sign in; the account joins the switcher, and becomes the active one."""
    secret = settings.require_secret_key()
    try:
        token, _principal = login(work, secret, email, password)
    except NotAuthenticated as exc:
        context = {"viewer": None, "next": _safe_next(next), "email": email, "adding": False}
        context |= {"flash": exc.message, "flash_kind": "bad"}
        return render(request, "console/login.html", context, status_code=401)
    others = [
        t
        for t in stored_tokens(request)
        if _email_of(secret, t) not in (None, email.strip().lower())
    ]
    response = RedirectResponse(_safe_next(next), status_code=303)
    _keep(response, token, [token, *others][:MAX_ACCOUNTS])
    return response


def _email_of(secret: str, token: str) -> str | None:
    try:
        return read_session(secret, token)[1]
    except NotAuthenticated:
        return None


@router.post("/switch")
def switch(request: Request, account: Annotated[int, Form()]) -> Response:
    """Make another signed-in account the active one."""
    tokens = stored_tokens(request)
    response = RedirectResponse("/console", status_code=303)
    if 0 <= account < len(tokens):
        _keep(response, tokens[account], tokens)
    return response


@router.post("/logout")
def sign_out() -> Response:
    """Forget every account signed in on this browser."""
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(ACCOUNTS_COOKIE)
    return response
