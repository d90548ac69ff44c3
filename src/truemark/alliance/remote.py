"""Bundles between two truemark instances over HTTP: push one to another instance's
``POST /intel/bundles``, pull one from its ``GET /intel/bundles``. Transport only; what a bundle
holds and how it is verified before it is believed is in ``exchange`` and ``verify``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import httpx

from truemark.alliance.bundles import claimed_exporter, split_bundle
from truemark.alliance.imports import ImportReport
from truemark.errors import ConfigError, InputError, PermissionDenied, TruemarkError
from truemark.store.repositories.api_keys import KEY_MARK

BUNDLES_PATH = "/intel/bundles"
BUNDLE_MEDIA_TYPE = "application/x-ndjson"
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")


class RemoteError(TruemarkError):
    """Another instance could not be reached, or answered with something that is not usable."""


@dataclass(frozen=True, slots=True)
class Remote:
    """Another instance: its base URL, the API key it issued (and where it was read from), and
    how long to wait for an answer."""

    url: str
    token: str
    token_name: str
    timeout: float = 30.0

    @classmethod
    def from_env(cls, url: str, token_env: str, timeout: float) -> Remote:
        """The instance at ``url`` with the API key held in environment variable ``token_env``."""
        if token_env.startswith(f"{KEY_MARK}_") or not ENV_NAME.fullmatch(token_env):
            raise InputError(
                "--token-env takes the name of an environment variable that holds the API key, "
                "not the key itself"
            )
        token = os.environ.get(token_env, "").strip()
        if not token:
            raise ConfigError(f"{token_env} is not set: put the API key {url} issued in it")
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL:
            parsed = httpx.URL("")
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise InputError(f"{url!r} is not an http:// or https:// address of an instance")
        return cls(url.rstrip("/"), token, f"${token_env}", timeout)

    @property
    def bundles_url(self) -> str:
        return self.url + BUNDLES_PATH


def push_bundle(remote: Remote, bundle: bytes) -> ImportReport:
    """POST the bundle; the receiver's import report. The receiver verifies it with the key it
    pinned for the exporter (nothing the pusher sends vouches for it)."""
    answer = _call(remote, "POST", content=bundle, headers={"Content-Type": BUNDLE_MEDIA_TYPE})
    try:
        report: Any = answer.json()
        return ImportReport(
            str(report["exporter"]),
            int(report["added"]),
            int(report["retracted"]),
            int(report["duplicates"]),
            str(report.get("key_id", "")),
            str(report.get("key_source", "")),
        )
    except (ValueError, KeyError, TypeError):
        raise RemoteError(f"{remote.bundles_url} answered without an import report") from None


def pull_bundle(remote: Remote, recipient: str, exporter: str | None = None) -> bytes:
    """GET the bundle for ``recipient`` (not yet verified): the one ``exporter`` shares with it
    when named (the API key is then the recipient's own there), else the one the API key's
    organization shares with it."""
    params = {"recipient": recipient} | ({} if exporter is None else {"exporter": exporter})
    answer = _call(remote, "GET", params=params)
    if not answer.headers.get("content-type", "").startswith(BUNDLE_MEDIA_TYPE):
        raise RemoteError(
            f"{remote.bundles_url} answered {answer.headers.get('content-type', 'nothing')}, "
            "not a bundle: is it a truemark instance?"
        )
    bundle = answer.content
    if exporter is not None:
        sent = claimed_exporter(split_bundle(bundle, remote.bundles_url)[0], remote.bundles_url)
        if sent != exporter:
            raise RemoteError(f"{remote.bundles_url} sent {sent}'s bundle, not {exporter}'s")
    return bundle


def _call(remote: Remote, method: str, **request: Any) -> httpx.Response:
    """One request with the API key; a TruemarkError in one line for every way it can fail."""
    where = remote.bundles_url
    headers = {"Authorization": f"Bearer {remote.token}", **request.pop("headers", {})}
    try:
        answer = httpx.request(method, where, headers=headers, timeout=remote.timeout, **request)
    except httpx.TimeoutException:
        raise RemoteError(f"{where} did not answer within {remote.timeout:g} s") from None
    except httpx.HTTPError as exc:
        reason = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc)) or type(exc).__name__
        raise RemoteError(f"cannot reach {where}: {reason.lower()}") from None
    if answer.is_success:
        return answer
    detail = _detail(answer)
    if answer.status_code == 401:
        raise PermissionDenied(f"{where} refused the API key in {remote.token_name}: {detail}")
    if answer.status_code == 403:
        raise PermissionDenied(
            f"{where}: the API key in {remote.token_name} may not do this: {detail}"
        )
    if answer.is_client_error:
        raise InputError(f"{where} refused ({answer.status_code}): {detail}")
    verb = "failed" if answer.is_server_error else "answered"
    raise RemoteError(f"{where} {verb} ({answer.status_code}): {detail}")


def _detail(answer: httpx.Response) -> str:
    """The problem+json detail (and the problems it lists), else the start of the body."""
    try:
        problem = answer.json()
    except ValueError:
        problem = None
    if not isinstance(problem, dict) or not problem.get("detail"):
        return " ".join(answer.text.split())[:200] or answer.reason_phrase
    detail = str(problem["detail"])
    listed = problem.get("problems")
    messages = [
        str(item.get("message"))
        for item in (listed if isinstance(listed, list) else [])
        if isinstance(item, dict) and str(item.get("message")) not in detail
    ]
    if messages:
        detail = f"{detail}: {'; '.join(messages)}"
    return " ".join(detail.split())
