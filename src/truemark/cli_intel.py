"""``truemark intel``: sharing rules, confirming and retracting intel, signed bundles, and the
known-fakes bank the scan reads. Argument handling only; the work is in ``truemark.alliance``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truemark.cli_intel_trust import TrustOption, exporter_key
from truemark.errors import InputError
from truemark.terminal import console

if TYPE_CHECKING:
    from truemark.alliance import AllianceWork, ImportReport
    from truemark.cases.access import Principal

intel_app = typer.Typer(
    help="Alliance intelligence: sharing rules, items, signed bundles, banks.",
    no_args_is_help=True,
)
OrgOption = Annotated[str, typer.Option("--org", help="Organization slug to act as.")]


def import_summary(report: ImportReport) -> str:
    """``from brand-a (pinned key 07dacafeff095eb6): 1 added, 0 retracted, 0 already held``."""
    key = " ".join(part for part in (report.key_source, "key", report.key_id) if part)
    return (
        f"from {report.exporter} ({key}): {report.added} added, {report.retracted} retracted, "
        f"{report.duplicates} already held"
    )


@contextmanager
def _acting(organization: str) -> Iterator[tuple[AllianceWork, Principal, int]]:
    """One transaction acting as the organization's admin."""
    from truemark.alliance import alliance_work
    from truemark.cases.access import Principal
    from truemark.cases.jobs import cli_actor, open_store
    from truemark.store import Role

    store = open_store()
    try:
        with alliance_work(store) as alliance:
            org = alliance.work.organizations.by_slug(organization)
            yield alliance, Principal(org.id, org.kind, Role.ADMIN, cli_actor()), org.id
    finally:
        store.close()


@intel_app.command("rule")
def intel_rule(
    org: OrgOption,
    kind: Annotated[str, typer.Option(help="photo_hash, infringer, cue_term, racket_indicator.")],
    audience: Annotated[str, typer.Option(help="all, named or operator.")],
    member: Annotated[list[str] | None, typer.Option(help="A named member (repeat).")] = None,
    approval: Annotated[bool, typer.Option(help="Share only items approved one by one.")] = False,
) -> None:
    """Set what the organization shares of one kind of item, and with whom."""
    from truemark.alliance import set_rule
    from truemark.store.alliance_records import SharingRuleRecord
    from truemark.store.types import utc_now

    with _acting(org) as (alliance, principal, org_id):
        rule = SharingRuleRecord(org_id, kind, audience, tuple(member or ()), not approval)
        set_rule(alliance, principal, org_id, rule, utc_now())
    console.print(f"{org} shares {kind} with {audience}" + (" after approval" if approval else ""))


@intel_app.command("confirm")
def intel_confirm(
    org: OrgOption,
    kind: Annotated[str, typer.Option(help="photo_hash, infringer, cue_term, racket_indicator.")],
    value: Annotated[
        str, typer.Option(help="PDQ hash, ATTRIBUTE:HMAC, term or TYPE:VALUE indicator.")
    ],
    source: Annotated[str, typer.Option(help="The case or network that confirmed it.")] = "",
    confidence: Annotated[float, typer.Option(min=0.0, max=1.0)] = 1.0,
) -> None:
    """Record an item the organization confirmed; prints its id."""
    from truemark.alliance import IntelDraft, confirm_item
    from truemark.store.types import utc_now

    with _acting(org) as (alliance, principal, org_id):
        draft = IntelDraft(kind, value, source, confidence)
        item = confirm_item(alliance, principal, org_id, draft, utc_now())
    console.print(f"intel item {item.id} ({item.kind}) confirmed by {org}")


@intel_app.command("retract")
def intel_retract(org: OrgOption, item: Annotated[int, typer.Argument(help="Item id.")]) -> None:
    """Withdraw an item the organization confirmed (a false positive)."""
    from truemark.alliance import retract_item
    from truemark.store.types import utc_now

    with _acting(org) as (alliance, principal, org_id):
        retract_item(alliance, principal, org_id, item, utc_now())
    console.print(f"intel item {item} retracted")


@intel_app.command("export")
def intel_export(
    org: OrgOption,
    recipient: Annotated[str, typer.Option(help="Slug of the member the bundle is for.")],
    out: Annotated[Path, typer.Option(dir_okay=False, help="Bundle file to write.")],
) -> None:
    """Write the signed bundle of what the organization shares with the recipient."""
    from truemark.alliance import export_bundle
    from truemark.config import get_settings
    from truemark.store.types import utc_now

    secret = get_settings().require_secret_key()
    out.parent.mkdir(parents=True, exist_ok=True)  # before the export is signed and audited
    with _acting(org) as (alliance, principal, org_id):
        bundle = export_bundle(alliance, principal, org_id, recipient, secret, utc_now())
    out.write_bytes(bundle)
    console.print(f"bundle for {recipient}: {out}")


@intel_app.command("import")
def intel_import(
    org: OrgOption,
    bundle: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="The exporter's key (PEM file or 64 hex): must be the key held for it here.",
        ),
    ] = None,
    trust: TrustOption = False,
) -> None:
    """Verify a bundle addressed to the organization and import its items and withdrawals. The
    signature must hold under the key held here for its exporter: an organization's own evidence
    key, or the key pinned for an exporter of another instance (intel trust, or --trust)."""
    from truemark.alliance import import_bundle
    from truemark.alliance.trust import pin_on_first_use
    from truemark.cases.access import Principal
    from truemark.cases.jobs import cli_actor
    from truemark.store.types import utc_now

    if trust and public_key is None:
        raise InputError("--trust pins the key given with --public-key: give it")
    key = None if public_key is None else exporter_key(public_key)
    content, moment = bundle.read_bytes(), utc_now()
    with _acting(org) as (alliance, principal, org_id):
        if trust and key is not None:
            operator = Principal.system(cli_actor())
            pin_on_first_use(alliance, operator, content, str(bundle), key, moment)
        report = import_bundle(alliance, principal, org_id, content, str(bundle), moment, key)
    console.print(import_summary(report), soft_wrap=True)


@intel_app.command("bank")
def intel_bank(
    org: OrgOption,
    out: Annotated[Path, typer.Option(dir_okay=False, help="Bank CSV to write.")],
    kind: Annotated[
        str,
        typer.Option(
            help="photo_hash (scan --known-fakes), cue_term (scan --cue-terms), infringer "
            "(networks --infringers) or racket_indicator (networks --indicators)."
        ),
    ] = "photo_hash",
) -> None:
    """Write the active items of one kind the organization may see, as the file the scan or the
    networks read: photo hashes (pdq,provenance,brand_id), cue terms (term,provenance),
    infringer hashes or racket indicators (value,provenance)."""
    from truemark.alliance import write_bank
    from truemark.store.types import utc_now

    with _acting(org) as (alliance, _principal, org_id):
        count = write_bank(alliance, org_id, kind, out, utc_now())
    console.print(f"{count} {kind} items written to {out}")
