"""Command-line faces of notices, strikes and seller standing (see cli_enforcement)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truemark.cli_enforcement import (
    ConfigOption,
    OrgOption,
    notices_app,
    policy,
    strikes_app,
)
from truemark.terminal import console


@notices_app.command("file")
def notices_file(
    org: OrgOption,
    brand: Annotated[str, typer.Option(help="Brand id.")],
    evidence: Annotated[str, typer.Option(help="What shows the listings infringe.")],
    listing: Annotated[list[str], typer.Option("--listing", help="Listing id (repeat).")],
    trademark: Annotated[str | None, typer.Option(help="Registration number.")] = None,
    config: ConfigOption = None,
) -> None:
    """File a takedown notice as a brand organization (up to 300 listings)."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.notices import NoticeDraft, file_notice

    draft = NoticeDraft(brand, tuple(listing), evidence, trademark)
    with cli_work(org) as (work, principal):
        notice = file_notice(work, principal, draft, policy(config))
    console.print(f"notice {notice.id}: {len(notice.items)} listing(s), {notice.status.value}")


@notices_app.command("review")
def notices_review(
    notice_id: int,
    accept: Annotated[bool, typer.Option("--accept/--reject")],
    note: Annotated[str, typer.Option()] = "",
    config: ConfigOption = None,
) -> None:
    """Accept (takedown, sellers told) or reject a pending notice."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.notice_review import review_notice

    with cli_work() as (work, principal):
        notice = review_notice(work, principal, notice_id, accept, note, policy(config))
    console.print(f"notice {notice.id} {notice.status.value}")


@notices_app.command("counter")
def notices_counter(
    notice_id: int,
    seller: Annotated[str, typer.Option(help="The seller answering.")],
    statement: Annotated[str, typer.Option(help="Why the takedown is wrong.")],
    evidence: Annotated[str, typer.Option(help="Invoices, authorization, ...")],
) -> None:
    """File a counter-notice for a seller, before the notice's deadline."""
    from truemark.cases.counter_notices import file_counter_notice
    from truemark.cases.jobs import cli_work

    with cli_work() as (work, principal):
        counter = file_counter_notice(work, principal, notice_id, seller, statement, evidence)
    console.print(f"counter-notice {counter.id} on notice {notice_id} filed")


@notices_app.command("resolve")
def notices_resolve(
    counter_id: int,
    reinstate: Annotated[bool, typer.Option("--reinstate/--uphold")],
    note: Annotated[str, typer.Option()] = "",
    config: ConfigOption = None,
) -> None:
    """Reinstate the listings of a counter-notice, or uphold the notice."""
    from truemark.cases.counter_notices import resolve_counter_notice
    from truemark.cases.jobs import cli_work

    with cli_work() as (work, principal):
        counter = resolve_counter_notice(
            work, principal, counter_id, reinstate, note, policy(config)
        )
    console.print(f"counter-notice {counter.id}: {counter.status.value}")


@notices_app.command("uphold-expired")
def notices_uphold(config: ConfigOption = None) -> None:
    """Uphold every listing left uncountered past its deadline (run daily)."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.notice_review import uphold_expired

    with cli_work() as (work, principal):
        touched = uphold_expired(work, principal, policy(config))
    console.print(f"{len(touched)} notice(s) upheld past their deadline")


@notices_app.command("deliver")
def notices_deliver(
    smtp: Annotated[str | None, typer.Option(help="HOST:PORT of an SMTP server.")] = None,
    folder: Annotated[Path | None, typer.Option(help="Write .eml files here instead.")] = None,
    sender: Annotated[str, typer.Option(help="From address.")] = "notices@truemark.invalid",
) -> None:
    """Deliver the outbox: by SMTP, or as .eml files for development."""
    from truemark.cases.jobs import open_store
    from truemark.enforce.mail import FileSink, MailSink, SmtpSink, deliver_outbox
    from truemark.errors import InputError

    if (smtp is None) == (folder is None):
        raise InputError("give exactly one of --smtp HOST:PORT or --folder DIR")
    sink: MailSink
    if smtp is not None:
        host, _, port = smtp.rpartition(":")
        if not host or not port.isdigit():
            raise InputError(f"--smtp wants HOST:PORT, not {smtp!r}")
        sink = SmtpSink(host, int(port), sender)
    else:
        assert folder is not None
        sink = FileSink(folder, sender)
    store = open_store()
    try:
        delivery = deliver_outbox(store, sink)
    finally:
        store.close()
    console.print(f"{delivery.sent} message(s) sent, {delivery.failed} failed")


@strikes_app.command("list")
def strikes_list(
    seller: Annotated[str | None, typer.Option(help="One seller.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
) -> None:
    """Strikes, newest first."""
    from rich.table import Table

    from truemark.cases.jobs import cli_work
    from truemark.cases.sellers import list_strikes
    from truemark.store.paging import PageRequest

    with cli_work() as (work, principal):
        page = list_strikes(work, principal, PageRequest(limit), seller)
    table = Table("strike", "seller", "severity", "points", "expires", "reason")
    for strike in page.items:
        table.add_row(
            str(strike.id),
            strike.seller_id,
            strike.severity,
            str(strike.points),
            strike.expires_at.date().isoformat(),
            strike.reason,
        )
    console.print(table)


@strikes_app.command("expire")
def strikes_expire(config: ConfigOption = None) -> None:
    """Step sellers down the ladder whose strikes expired (run daily)."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.sellers import expire_strikes

    with cli_work() as (work, principal):
        moved = expire_strikes(work, principal, policy(config))
    console.print(f"{len(moved)} seller(s) moved down the ladder")


def add_seller_commands(sellers_app: typer.Typer) -> None:
    """``truemark sellers show | close | close-network | import-networks``."""
    from truemark.cli_enforcement_sellers import commands

    for name, command in commands().items():
        sellers_app.command(name)(command)
