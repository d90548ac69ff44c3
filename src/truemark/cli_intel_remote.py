"""``truemark intel push`` and ``intel pull``: signed bundles between this instance and another
over its HTTP API. Argument handling only; the transport is ``truemark.alliance.remote``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truemark.cli_intel import OrgOption
from truemark.cli_intel import _acting as acting
from truemark.errors import InputError
from truemark.terminal import console

if TYPE_CHECKING:
    from truemark.alliance import ImportReport

TokenEnvOption = Annotated[
    str,
    typer.Option(
        "--token-env",
        help="Name of the environment variable holding the API key the other instance issued.",
    ),
]
TimeoutOption = Annotated[
    float, typer.Option(min=0.1, help="Seconds to wait for the other instance.")
]


def _summary(report: ImportReport) -> str:
    return (
        f"from {report.exporter} (key {report.key_id}): {report.added} added, "
        f"{report.retracted} retracted, {report.duplicates} already held"
    )


def _exporter_key(text: str) -> bytes:
    """An exporter's raw Ed25519 key given as 64 hex digits or as the path of a PEM file."""
    from truemark.evidence.keys import read_public_key_pem

    if re.fullmatch(r"[0-9a-fA-F]{64}", text.strip()):
        return bytes.fromhex(text.strip())
    path = Path(text)
    if not path.is_file():
        raise InputError(f"--public-key {text!r}: neither 64 hex digits nor a PEM file")
    return read_public_key_pem(path.read_bytes(), str(path))


def intel_push(
    org: OrgOption,
    recipient: Annotated[str, typer.Option(help="Slug of the member the bundle is for.")],
    to: Annotated[str, typer.Option("--to", help="Base URL of the recipient's instance.")],
    token_env: TokenEnvOption,
    timeout: TimeoutOption = 30.0,
) -> None:
    """Export the signed bundle for the recipient and import it into the other instance, which
    verifies it with this organization's public key (sent along)."""
    from truemark.alliance import export_bundle
    from truemark.alliance.remote import Remote, push_bundle, signing_key
    from truemark.config import get_settings
    from truemark.store.types import utc_now

    remote = Remote.from_env(to, token_env, timeout)
    secret = get_settings().require_secret_key()
    with acting(org) as (alliance, principal, org_id):
        bundle = export_bundle(alliance, principal, org_id, recipient, secret, utc_now())
        public_key = signing_key(alliance, bundle)
    report = push_bundle(remote, bundle, public_key)
    console.print(f"pushed to {remote.url} for {recipient}: {_summary(report)}", soft_wrap=True)


def intel_pull(
    org: OrgOption,
    source: Annotated[str, typer.Option("--from", help="Base URL of the exporter's instance.")],
    token_env: TokenEnvOption,
    public_key: Annotated[
        str,
        typer.Option(
            "--public-key", help="The exporter's Ed25519 key: a PEM file or 64 hex digits."
        ),
    ],
    timeout: TimeoutOption = 30.0,
) -> None:
    """Fetch the bundle the other instance's API key holder shares with the organization; verify
    it with the exporter's public key, then import it."""
    from truemark.alliance import import_bundle
    from truemark.alliance.remote import Remote, pull_bundle
    from truemark.store.types import utc_now

    remote = Remote.from_env(source, token_env, timeout)
    key = _exporter_key(public_key)
    bundle = pull_bundle(remote, org)
    with acting(org) as (alliance, principal, org_id):
        report = import_bundle(
            alliance, principal, org_id, bundle, remote.bundles_url, utc_now(), key
        )
    console.print(f"pulled from {remote.url}: {_summary(report)}", soft_wrap=True)


def register(intel_app: typer.Typer) -> None:
    """Add push and pull to the ``intel`` command group."""
    intel_app.command("push")(intel_push)
    intel_app.command("pull")(intel_pull)
