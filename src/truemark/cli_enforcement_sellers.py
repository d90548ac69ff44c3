"""``truemark sellers`` commands for the ladder: a seller's record, closures, network import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from truemark.terminal import console


def sellers_show(seller_id: str) -> None:
    """A seller's rung on the ladder, active points, strikes and network."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.sellers import seller_record

    with cli_work() as (work, principal):
        record = seller_record(work, principal, seller_id)
    console.print(
        f"{record.seller_id}: {record.level.value}, {record.active_points} active point(s), "
        f"{len(record.strikes)} strike(s), {record.live_listings} live flagged listing(s), "
        f"network {record.network_id or '-'}"
    )


def sellers_close(
    seller_id: str, reason: Annotated[str, typer.Option(help="Why the store is closed.")]
) -> None:
    """Close a store for good; its listings come down."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.sellers import close_store

    with cli_work() as (work, principal):
        record = close_store(work, principal, seller_id, reason)
    console.print(f"{record.seller_id} closed; {record.live_listings} listing(s) still live")


def sellers_close_network(
    network_id: str, reason: Annotated[str, typer.Option(help="The racket confirmed.")]
) -> None:
    """Close every account of a network in one action."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.sellers import close_network

    with cli_work() as (work, principal):
        closed = close_network(work, principal, network_id, reason)
    console.print(f"network {network_id}: {len(closed)} store(s) closed")


def sellers_import_networks(
    file: Annotated[Path, typer.Argument(exists=True, help="networks.parquet (links beside it).")],
) -> None:
    """Load the networks ``truemark networks`` found (members and link evidence)."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.networks import import_networks, read_network_files

    members, links = read_network_files(file)
    with cli_work() as (work, principal):
        report = import_networks(work, principal, members, links)
    console.print(
        f"{report.networks:,} networks, {report.members:,} accounts, {report.links:,} links"
    )


def commands() -> dict[str, Callable[..., Any]]:
    return {
        "show": sellers_show,
        "close": sellers_close,
        "close-network": sellers_close_network,
        "import-networks": sellers_import_networks,
    }
