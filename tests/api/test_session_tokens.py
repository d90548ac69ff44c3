"""Session tokens: signed, expiring, and any tampered or random string is refused cleanly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truemark.api.auth import SESSION_SECONDS, read_session, sign_session
from truemark.cases.errors import NotAuthenticated

SECRET = "s" * 32


def test_a_token_reads_back_until_it_expires() -> None:
    token = sign_session(SECRET, 7, "ann@x.example", now=1_000.0)
    assert read_session(SECRET, token, now=1_000.0 + SESSION_SECONDS - 1) == (7, "ann@x.example")
    with pytest.raises(NotAuthenticated, match="expired"):
        read_session(SECRET, token, now=1_000.0 + SESSION_SECONDS + 1)


def test_another_secret_or_an_edited_body_is_refused() -> None:
    token = sign_session(SECRET, 7, "ann@x.example", now=1_000.0)
    _body, signature = token.split(".")
    with pytest.raises(NotAuthenticated):
        read_session("another secret", token, now=1_000.0)
    forged = sign_session("another secret", 1, "admin@x.example", now=1_000.0).split(".")[0]
    with pytest.raises(NotAuthenticated):
        read_session(SECRET, f"{forged}.{signature}", now=1_000.0)


@given(st.text(max_size=200))
def test_any_string_is_refused_with_not_authenticated(text: str) -> None:
    with pytest.raises(NotAuthenticated):
        read_session(SECRET, text, now=1_000.0)
