"""``truemark intel trust`` and ``intel distrust``: the keys this instance pins for exporters of
other instances, whose bundles (imported, pushed here or pulled) it believes only when signed with
them. Argument handling only; the work is in ``truemark.alliance.trust``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truemark.errors import InputError
from truemark.terminal import console

if TYPE_CHECKING:
    from truemark.alliance import AllianceWork
    from truemark.cases.access import Principal

ExporterOption = Annotated[
    str | None, typer.Option("--exporter", help="Slug of the exporter on the other instance.")
]
TrustOption = Annotated[
    bool,
    typer.Option(
        "--trust",
        help="Pin the --public-key for the bundle's exporter if none is pinned yet (first use).",
    ),
]


def exporter_key(text: str) -> bytes:
    """An exporter's raw Ed25519 key given as 64 hex digits or as the path of a PEM file."""
    from truemark.evidence.keys import read_public_key_pem

    if re.fullmatch(r"[0-9a-fA-F]{64}", text.strip()):
        return bytes.fromhex(text.strip())
    path = Path(text)
    if not path.is_file():
        raise InputError(f"--public-key {text!r}: neither 64 hex digits nor a PEM file")
    return read_public_key_pem(path.read_bytes(), str(path))


@contextmanager
def operating() -> Iterator[tuple[AllianceWork, Principal]]:
    """One transaction acting as the instance's operator (whoever runs the command line)."""
    from truemark.alliance import alliance_work
    from truemark.cases.access import Principal
    from truemark.cases.jobs import cli_actor, open_store

    store = open_store()
    try:
        with alliance_work(store) as alliance:
            yield alliance, Principal.system(cli_actor())
    finally:
        store.close()


def intel_trust(
    exporter: ExporterOption = None,
    public_key: Annotated[
        str | None,
        typer.Option("--public-key", help="The exporter's Ed25519 key: a PEM file or 64 hex."),
    ] = None,
    note: Annotated[str, typer.Option(help="Why, or how the key reached you.")] = "",
    listing: Annotated[bool, typer.Option("--list", help="List the pinned exporters.")] = False,
) -> None:
    """Pin the key of an exporter of another instance: its bundles are believed only when signed
    with it (pinning again replaces the key). With --list, show every pinned exporter."""
    from truemark.alliance import trust_exporter, trusted_exporters
    from truemark.store.types import utc_now

    if listing:
        with operating() as (alliance, principal):
            pins = trusted_exporters(alliance, principal)
        for pin in pins:
            when = pin.pinned_at.isoformat(timespec="seconds")
            note_text = f": {pin.note}" if pin.note else ""
            console.print(
                f"{pin.exporter} key {pin.key_id} pinned {when} by {pin.pinned_by}{note_text}",
                soft_wrap=True,
                markup=False,
            )
        console.print(f"{len(pins)} exporters pinned")
        return
    if exporter is None or public_key is None:
        raise InputError("intel trust needs --exporter and --public-key (or --list)")
    key = exporter_key(public_key)
    with operating() as (alliance, principal):
        pin = trust_exporter(alliance, principal, exporter, key, note, utc_now())
    console.print(f"{pin.exporter}: key {pin.key_id} pinned")


def intel_distrust(
    exporter: Annotated[str, typer.Option("--exporter", help="Slug of the remote exporter.")],
    suspend_items: Annotated[
        bool,
        typer.Option(
            "--suspend-items",
            help="Also stop matching the items already imported from it (until a bundle under a "
            "key pinned again carries them).",
        ),
    ] = False,
) -> None:
    """Unpin an exporter's key: its bundles are refused from now on (items already imported stay
    until it retracts them or they expire, unless --suspend-items)."""
    from truemark.alliance import distrust_exporter
    from truemark.store.types import utc_now

    with operating() as (alliance, principal):
        pin, suspended = distrust_exporter(alliance, principal, exporter, utc_now(), suspend_items)
    console.print(f"{pin.exporter}: key {pin.key_id} no longer trusted")
    if suspend_items:
        items = f"{suspended:,} item{'' if suspended == 1 else 's'}"
        console.print(f"{items} imported from {pin.exporter} suspended")


def register(intel_app: typer.Typer) -> None:
    """Add trust and distrust to the ``intel`` command group."""
    intel_app.command("trust")(intel_trust)
    intel_app.command("distrust")(intel_distrust)
