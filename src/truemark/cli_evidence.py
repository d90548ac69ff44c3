"""``truemark audit`` and ``truemark evidence``: verify and anchor the audit log; build, check
and sign evidence packs. Argument handling only; the work is in ``truemark.audit`` and
``truemark.evidence``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truemark.terminal import console

if TYPE_CHECKING:
    from truemark.store import UnitOfWork

audit_app = typer.Typer(help="The tamper-evident audit log: verify, anchor.", no_args_is_help=True)
evidence_app = typer.Typer(
    help="Evidence packs for referrals: build, verify; signing keys.", no_args_is_help=True
)
OrgOption = Annotated[str | None, typer.Option("--org", help="Organization slug to act as.")]


def _secret() -> str:
    from truemark.config import get_settings

    return get_settings().require_secret_key()


def _organization_id(work: UnitOfWork, organization: str | None) -> int:
    """The organization named, else the single operator organization."""
    from truemark.errors import InputError
    from truemark.store import OrganizationKind

    if organization is not None:
        return work.organizations.by_slug(organization).id
    operators = work.organizations.list(OrganizationKind.OPERATOR)
    if len(operators) != 1:
        raise InputError("name the signing organization with --org SLUG")
    return operators[0].id


@audit_app.command("verify")
def audit_verify(
    anchor: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Anchor file to check too.")
    ] = None,
) -> None:
    """Walk the hash chain; name every entry edited, inserted or deleted (exit 2 if any)."""
    from truemark.audit import verify_log
    from truemark.audit.anchor import check_anchor, read_anchor
    from truemark.cases.jobs import cli_work
    from truemark.errors import Problem, ValidationError

    with cli_work() as (work, _principal):
        report = verify_log(work)
        breaks = report.breaks + (check_anchor(work, read_anchor(anchor)) if anchor else [])
    ValidationError.raise_if_any(
        Problem("audit log", chain_break.problem, f"entry {chain_break.sequence}")
        for chain_break in breaks
    )
    anchored = f"; matches the anchor {anchor}" if anchor else ""
    console.print(
        f"audit log intact: {report.checked:,} entries, head {report.head_sequence} "
        f"({report.head_hash[:16]}...){anchored}"
    )


@audit_app.command("anchor")
def audit_anchor(
    out: Annotated[Path, typer.Option(dir_okay=False, help="Where to write the anchor (JSON).")],
    org: OrgOption = None,
) -> None:
    """Export the head (sequence, hash, time), signed with the organization's evidence key."""
    from truemark.audit.anchor import take_anchor, write_anchor
    from truemark.cases.jobs import cli_work
    from truemark.store.types import utc_now

    with cli_work() as (work, principal):
        anchor = take_anchor(work, principal, _organization_id(work, org), _secret(), utc_now())
    write_anchor(anchor, out)
    console.print(f"anchored entry {anchor.sequence} ({anchor.entry_hash[:16]}...) in {out}")


@evidence_app.command("pack")
def evidence_pack(
    referral: Annotated[int, typer.Option("--referral", help="Referral id.")],
    out: Annotated[Path, typer.Option(dir_okay=False, help="The pack to write (.zip).")],
    listings: Annotated[
        Path | None, typer.Option(exists=True, help="Listings file: full rows and photos.")
    ] = None,
    catalog: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Catalog: reference photos.")
    ] = None,
    known_fakes: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Known-fake photos table.")
    ] = None,
    org: OrgOption = None,
) -> None:
    """Build the referral's evidence pack, signed by the referring organization."""
    from truemark.cases.jobs import cli_work
    from truemark.evidence.pack.build import build_pack
    from truemark.evidence.pack.sources import PackSources
    from truemark.store.types import utc_now

    sources = PackSources(listings, catalog, known_fakes)
    with cli_work(org) as (work, principal):
        record, content = build_pack(work, principal, referral, sources, _secret(), utc_now())
    out.write_bytes(content)
    console.print(
        f"wrote {out} ({record.size:,} bytes, SHA-256 {record.sha256[:16]}...), "
        f"signed with key {record.key_id}"
    )


@evidence_app.command("verify")
def evidence_verify(
    pack: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The pack (.zip).")],
    public_key: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Signer's public key (PEM).")
    ] = None,
) -> None:
    """Check every file's SHA-256 and the manifest's signature; name what was altered, added
    or removed (exit 2 if anything was)."""
    from truemark.errors import Problem, ValidationError
    from truemark.evidence.keys import read_public_key_pem
    from truemark.evidence.pack.manifest import check_pack

    key = read_public_key_pem(public_key.read_bytes(), str(public_key)) if public_key else None
    check = check_pack(pack, key)
    problems = [Problem(str(pack), "altered since it was signed", name) for name in check.altered]
    problems += [Problem(str(pack), "added: not in the manifest", name) for name in check.added]
    problems += [Problem(str(pack), "removed: in the manifest", name) for name in check.removed]
    if not check.signature_holds:
        problems.append(
            Problem(
                str(pack), f"the signature does not hold for key {check.key_id}", "manifest.json"
            )
        )
    ValidationError.raise_if_any(problems)
    pinned = "the key given" if check.pinned_key else "the key named in the manifest"
    console.print(
        f"{pack}: intact: {check.files} files match their SHA-256; signature holds "
        f"({pinned}, {check.key_id})"
    )


@evidence_app.command("key")
def evidence_key(
    org: Annotated[str, typer.Option("--org", help="Organization slug.")],
    out: Annotated[Path | None, typer.Option(dir_okay=False, help="Write the PEM here.")] = None,
    rotate: Annotated[bool, typer.Option(help="Create a new key; the old one retires.")] = False,
) -> None:
    """Show (or rotate) the organization's evidence signing key; the public half as PEM."""
    from truemark.cases.jobs import cli_work
    from truemark.evidence.keys import create_key, public_key_pem, signer_for
    from truemark.store.types import utc_now

    with cli_work(org) as (work, principal):
        organization = _organization_id(work, org)
        if rotate:
            key = create_key(work, principal, organization, _secret(), utc_now())
        else:
            key = signer_for(work, principal, organization, _secret(), utc_now()).key
    pem = public_key_pem(key.public_key)
    if out is not None:
        out.write_text(pem)
    console.print(f"evidence key {key.key_id} of {org}" + (f", written to {out}" if out else ""))
    if out is None:
        console.print(pem, end="", highlight=False)
