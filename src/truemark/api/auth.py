"""Who is calling: an API key (``Authorization: Bearer tm_...``) or a signed session token
(from ``POST /auth/login``, as a Bearer token or the ``truemark_session`` cookie).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import orjson

from truemark.cases.access import Principal
from truemark.cases.accounts import principal_of_key, principal_of_user
from truemark.cases.errors import NotAuthenticated
from truemark.errors import NotFoundError
from truemark.store import UnitOfWork

SESSION_COOKIE = "truemark_session"
SESSION_SECONDS = 12 * 3600


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())


def sign_session(secret: str, user_id: int, email: str, now: float | None = None) -> str:
    """A session token: the user and an expiry, signed with HMAC-SHA256 under ``secret``."""
    claims = {"uid": user_id, "email": email, "exp": int((now or time.time()) + SESSION_SECONDS)}
    body = _b64(orjson.dumps(claims))
    return f"{body}.{_signature(secret, body)}"


def read_session(secret: str, token: str, now: float | None = None) -> tuple[int, str]:
    """(user id, e-mail) of a valid, unexpired token; NotAuthenticated otherwise."""
    body, _, signature = token.partition(".")
    expected = _signature(secret, body).encode()
    if not signature or not hmac.compare_digest(signature.encode(), expected):
        raise NotAuthenticated("invalid session token")
    try:
        claims = orjson.loads(_unb64(body))
        user_id, email, expires = int(claims["uid"]), str(claims["email"]), float(claims["exp"])
    except (ValueError, TypeError, KeyError, orjson.JSONDecodeError):
        raise NotAuthenticated("invalid session token") from None
    if expires < (now or time.time()):
        raise NotAuthenticated("the session has expired: sign in again")
    return user_id, email


def authenticate(work: UnitOfWork, secret: str, token: str | None) -> Principal:
    """The principal behind a presented API key or session token."""
    if not token:
        raise NotAuthenticated("sign in, or send an API key as 'Authorization: Bearer tm_...'")
    if token.startswith("tm_"):
        verified = work.api_keys.verify(token)
        if verified is None:
            raise NotAuthenticated("unknown or revoked API key")
        return principal_of_key(verified)
    user_id, email = read_session(secret, token)
    try:
        user = work.users.by_email(email)
    except NotFoundError:
        raise NotAuthenticated("the session's user no longer exists") from None
    if user.id != user_id or not user.is_active:
        raise NotAuthenticated("the session's user is no longer active")
    return principal_of_user(user, work.organizations.by_id(user.organization_id))


def login(work: UnitOfWork, secret: str, email: str, password: str) -> tuple[str, Principal]:
    """A session token for valid credentials; NotAuthenticated (one message for both) otherwise."""
    user = work.users.verify_password(email, password)
    if user is None:
        raise NotAuthenticated("wrong e-mail or password")
    principal = principal_of_user(user, work.organizations.by_id(user.organization_id))
    return sign_session(secret, user.id, user.email), principal
