"""``truemark intel push`` and ``intel pull``: signed bundles between this instance and another
over its HTTP API. Argument handling only; the transport is ``truemark.alliance.remote``."""

from __future__ import annotations

from typing import Annotated

import typer

from truemark.cli_intel import OrgOption, import_summary
from truemark.cli_intel import _acting as acting
from truemark.cli_intel_trust import ExporterOption, TrustOption, exporter_key
from truemark.errors import InputError
from truemark.terminal import console

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


def intel_push(
    org: OrgOption,
    recipient: Annotated[str, typer.Option(help="Slug of the member the bundle is for.")],
    to: Annotated[str, typer.Option("--to", help="Base URL of the recipient's instance.")],
    token_env: TokenEnvOption,
    timeout: TimeoutOption = 30.0,
) -> None:
    """Export the signed bundle for the recipient and import it into the other instance, which
    verifies it with the key its operator pinned for this organization (intel trust there)."""
    from truemark.alliance import export_bundle
    from truemark.alliance.remote import Remote, push_bundle
    from truemark.config import get_settings
    from truemark.store.types import utc_now

    remote = Remote.from_env(to, token_env, timeout)
    secret = get_settings().require_secret_key()
    with acting(org) as (alliance, principal, org_id):
        bundle = export_bundle(alliance, principal, org_id, recipient, secret, utc_now())
    report = push_bundle(remote, bundle)
    summary = import_summary(report)
    console.print(f"pushed to {remote.url} for {recipient}: {summary}", soft_wrap=True)


def intel_pull(
    org: OrgOption,
    source: Annotated[str, typer.Option("--from", help="Base URL of the exporter's instance.")],
    token_env: TokenEnvOption,
    exporter: ExporterOption = None,
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="The exporter's key (PEM file or 64 hex): must be the key pinned for it here.",
        ),
    ] = None,
    trust: TrustOption = False,
    timeout: TimeoutOption = 30.0,
) -> None:
    """Fetch the bundle the other instance holds for the organization, verify it with the key
    pinned here for its exporter, then import it. With --exporter, the API key is the
    organization's own on the other instance and the bundle is what that exporter shares with
    it; without, the API key is the exporter's."""
    from truemark.alliance import import_bundle
    from truemark.alliance.remote import Remote, pull_bundle
    from truemark.alliance.trust import pin_on_first_use
    from truemark.cases.access import Principal
    from truemark.cases.jobs import cli_actor
    from truemark.store.types import utc_now

    if trust and public_key is None:
        raise InputError("--trust pins the key given with --public-key: give it")
    remote = Remote.from_env(source, token_env, timeout)
    key = None if public_key is None else exporter_key(public_key)
    bundle = pull_bundle(remote, org, exporter)
    where, moment = remote.bundles_url, utc_now()
    with acting(org) as (alliance, principal, org_id):
        if trust and key is not None:
            operator = Principal.system(cli_actor())
            pin_on_first_use(alliance, operator, bundle, where, key, moment)
        report = import_bundle(alliance, principal, org_id, bundle, where, moment, key)
    console.print(f"pulled from {remote.url}: {import_summary(report)}", soft_wrap=True)


def register(intel_app: typer.Typer) -> None:
    """Add push and pull to the ``intel`` command group."""
    intel_app.command("push")(intel_push)
    intel_app.command("pull")(intel_pull)
