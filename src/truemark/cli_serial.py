"""``truemark serial``: brand keys, issuing codes, offline and database verification, clones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truemark.terminal import console

if TYPE_CHECKING:
    from truemark.serial.keys import KeyVault
    from truemark.store import Store

serial_app = typer.Typer(help="Serial codes: keys, issue, verify, clones.", no_args_is_help=True)
keys_app = typer.Typer(help="Brand signing keys.", no_args_is_help=True)
serial_app.add_typer(keys_app, name="keys")

BrandOption = Annotated[str, typer.Option("--brand", help="Brand id (catalog slug).")]


def _store() -> Store:
    from truemark.config import get_settings
    from truemark.store import Store, require_current

    url = get_settings().database_url
    require_current(url)
    return Store.from_url(url)


def _vault() -> KeyVault:
    from truemark.config import get_settings
    from truemark.serial.keys import KeyVault

    return KeyVault(get_settings().require_secret_key())


@keys_app.command("create")
def keys_create(brand: BrandOption) -> None:
    """Create the brand's first signing key."""
    from truemark.cases.jobs import cli_actor
    from truemark.serial.keyring import create_key

    key = create_key(_store(), _vault(), brand, actor=cli_actor())
    console.print(f"[green]✓[/green] key {key.key_id} created for {brand}")


@keys_app.command("rotate")
def keys_rotate(brand: BrandOption) -> None:
    """Give the brand a new signing key; older keys retire but their codes still verify."""
    from truemark.cases.jobs import cli_actor
    from truemark.serial.keyring import rotate_key

    key = rotate_key(_store(), _vault(), brand, actor=cli_actor())
    console.print(f"[green]✓[/green] key {key.key_id} is now the live key of {brand}")


@keys_app.command("revoke")
def keys_revoke(
    brand: BrandOption,
    key_id: Annotated[str, typer.Option("--key", help="Key id to revoke (8 hex digits).")],
) -> None:
    """Revoke a key: every code it signed verifies as revoked from now on."""
    from truemark.cases.jobs import cli_actor
    from truemark.serial.keyring import revoke_key

    key = revoke_key(_store(), brand, key_id, actor=cli_actor())
    console.print(f"[yellow]key {key.key_id} of {brand} revoked[/yellow]")


@keys_app.command("export")
def keys_export(
    brand: Annotated[str | None, typer.Option("--brand", help="One brand (default: all).")] = None,
    out: Annotated[Path | None, typer.Option(help="File to write (default: stdout).")] = None,
    pem: Annotated[bool, typer.Option("--pem", help="The brand's live key as PEM.")] = False,
) -> None:
    """Export public keys as truemark-keys.json (or one PEM key), for offline verification."""
    from truemark.errors import InputError
    from truemark.serial.keyring import export_keys, export_pem

    if pem and brand is None:
        raise InputError("--pem exports one brand's live key: add --brand")
    document = (
        export_pem(_store(), brand).encode() if pem and brand else export_keys(_store(), brand)
    )
    if out is None:
        typer.echo(document.decode())
        return
    out.write_bytes(document)
    console.print(f"[green]✓[/green] public keys written to {out}")


@serial_app.command("issue")
def issue(
    brand: BrandOption,
    sku: Annotated[str, typer.Option(help="SKU of one of the brand's products.")],
    count: Annotated[int, typer.Option(min=1, help="Codes to issue.")],
    out: Annotated[Path, typer.Option(help="Folder for codes.csv, qr/ and labels.pdf.")],
    batch: Annotated[int | None, typer.Option(min=0, max=65535, help="Batch number.")] = None,
    images: Annotated[bool, typer.Option(help="Write QR images and the label sheet.")] = True,
) -> None:
    """Issue signed codes for a product: recorded range, codes, QR images, label sheet."""
    from truemark.serial.issue import issue_codes

    with console.status(f"signing {count:,} codes"):
        report = issue_codes(_store(), _vault(), brand, sku, count, out, batch, images)
    issued = report.range
    console.print(
        f"[green]✓[/green] {issued.count:,} codes for {brand} {sku}, batch {issued.batch}, serials "
        f"{issued.first_serial:,}–{issued.first_serial + issued.count - 1:,} (key {issued.key_id})"
        f"; written to {out}"
    )


@serial_app.command("verify")
def verify(
    code: Annotated[str, typer.Argument(help="The code, as printed (any case, dashes, spaces).")],
    public_key: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="Key file or PEM: verify offline."),
    ] = None,
) -> None:
    """Verify a code: offline with --public-key, else against the database (nothing recorded)."""
    from truemark.serial.keyfile import load_key_file
    from truemark.serial.offline import verify_offline
    from truemark.serial.outcomes import Outcome
    from truemark.serial.verify import VerificationService

    if public_key is not None:
        verdict = verify_offline(code, load_key_file(public_key))
    else:
        verdict = VerificationService(_store()).verify(code, channel="cli", record=False)
    good = verdict.outcome in (Outcome.GENUINE, Outcome.SIGNED)
    console.print(f"[{'green' if good else 'red'}]{verdict.outcome.value}[/]: {verdict.message}")
    facts = {"brand": verdict.brand, "sku": verdict.sku, "product": verdict.product_name,
             "batch": verdict.batch, "serial": verdict.serial, "key": verdict.key_id,
             "clone reasons": ", ".join(verdict.reasons) or None}  # fmt: skip
    for name, value in facts.items():
        if value is not None:
            console.print(f"  {name}: {value}")
    if not good:
        raise typer.Exit(1)


@serial_app.command("clones")
def clones(
    out: Annotated[Path, typer.Option(help="cloned.parquet (or .csv / .jsonl) for the scan.")],
    listings: Annotated[
        Path | None, typer.Option(exists=True, help="Listings to search for codes.")
    ] = None,
) -> None:
    """Find cloned codes in listings (flags raised for the brands), or export raised flags."""
    from truemark.serial.clone_job import find_clones

    report = find_clones(_store(), out, listings)
    console.print(
        f"[green]✓[/green] {report.rows:,} cloned-code rows written to {out}; "
        f"{report.new_flags:,} new flags for the brands"
    )
