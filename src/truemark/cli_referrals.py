"""``truemark testbuys`` and ``truemark referrals``: record test buys, refer networks to law
enforcement, acknowledge and report outcomes (as the liaison). Argument handling only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from truemark.terminal import console

testbuys_app = typer.Typer(help="Test buys: purchases that check the goods.", no_args_is_help=True)
referrals_app = typer.Typer(
    help="Referrals to law enforcement: create, list, acknowledge, outcomes.", no_args_is_help=True
)
OrgOption = Annotated[str, typer.Option("--org", help="Organization slug to act as.")]


def _moment(text: str, option: str) -> datetime:
    """An ISO 8601 date or time; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"not an ISO 8601 date or time: {text!r}", param_hint=option
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise typer.BadParameter(f"not a number: {text!r}", param_hint="--cost") from None


@testbuys_app.command("record")
def record_purchase(
    org: OrgOption,
    listing: Annotated[str, typer.Option(help="Listing id bought from.")],
    order: Annotated[str, typer.Option(help="Order reference.")],
    date: Annotated[str, typer.Option(help="When it was ordered (ISO 8601).")],
    cost: Annotated[str, typer.Option(help="What it cost.")],
    currency: Annotated[str, typer.Option(help="ISO 4217 code.")],
    result: Annotated[str, typer.Option(help="genuine, fake or inconclusive.")],
    buyer: Annotated[str, typer.Option(help="Who bought it.")],
    received: Annotated[str, typer.Option(help="The item received, described.")] = "",
    received_at: Annotated[str | None, typer.Option(help="When it arrived.")] = None,
    seller: Annotated[str | None, typer.Option(help="Seller (default: the listing's).")] = None,
    notes: Annotated[str, typer.Option(help="Anything else.")] = "",
    photo: Annotated[
        list[Path] | None, typer.Option(exists=True, dir_okay=False, help="Photo (repeat).")
    ] = None,
) -> None:
    """Record a test buy; a confirmed fake counts against the seller and its network."""
    from truemark.cases.jobs import cli_work
    from truemark.evidence import test_buys
    from truemark.store.types import utc_now

    try:
        outcome = test_buys.TestBuyResult(result.lower())
    except ValueError:
        raise typer.BadParameter("genuine, fake or inconclusive", param_hint="--result") from None
    purchase = test_buys.Purchase(
        listing_id=listing,
        order_ref=order,
        ordered_at=_moment(date, "--date"),
        cost=_decimal(cost),
        currency=currency,
        result=outcome,
        buyer=buyer,
        item_received=received,
        received_at=_moment(received_at, "--received-at") if received_at else None,
        notes=notes,
        seller_id=seller,
        photos=tuple(test_buys.photo(str(path), path.read_bytes()) for path in photo or []),
    )
    with cli_work(org) as (work, principal):
        record = test_buys.record_test_buy(work, principal, purchase, utc_now())
    network = f", network {record.network_id}" if record.network_id else ""
    console.print(
        f"test buy {record.id}: {record.result} from {record.seller_id}{network} "
        f"({len(record.photos)} photos)"
    )


@testbuys_app.command("fakes")
def write_fakes(
    out: Annotated[
        Path, typer.Option(dir_okay=False, help="seller_id, test_buy_fakes (.parquet/.csv).")
    ],
) -> None:
    """Write confirmed fakes per seller, for the scan's seller context and network scoring."""
    from truemark.cases.jobs import cli_work
    from truemark.evidence.risk import fakes_per_seller

    with cli_work() as (work, _principal):
        fakes = fakes_per_seller(work)
    fakes.write_csv(out) if out.suffix == ".csv" else fakes.write_parquet(out)
    console.print(f"{fakes.height:,} sellers with confirmed fakes written to {out}")


@referrals_app.command("create")
def referrals_create(
    org: OrgOption,
    liaison: Annotated[str, typer.Option(help="Law-enforcement organization slug.")],
    title: Annotated[str, typer.Option(help="What the referral is about.")],
    network: Annotated[str | None, typer.Option(help="Network id: refer all its accounts.")] = None,
    seller: Annotated[list[str] | None, typer.Option(help="Seller id (repeat).")] = None,
    summary: Annotated[str, typer.Option(help="A few lines for the liaison.")] = "",
) -> None:
    """Refer a network and/or sellers to a law-enforcement liaison."""
    from truemark.cases.jobs import cli_work
    from truemark.evidence.referrals import create_referral
    from truemark.store.types import utc_now

    with cli_work(org) as (work, principal):
        referral = create_referral(
            work, principal, liaison, title, utc_now(), network, seller or (), summary
        )
    console.print(f"referral {referral.id}: {len(referral.seller_ids)} sellers sent to {liaison}")


@referrals_app.command("list")
def referrals_list(
    org: Annotated[str | None, typer.Option("--org", help="Organization slug.")] = None,
) -> None:
    """Referrals the organization made or was sent (all of them without --org)."""
    from rich.table import Table

    from truemark.cases.jobs import cli_work
    from truemark.evidence.referrals import list_referrals

    table = Table("id", "title", "network", "sellers", "status", "outcomes")
    with cli_work(org) as (work, principal):
        for referral in list_referrals(work, principal):
            outcomes = ", ".join(outcome.kind for outcome in referral.outcomes)
            table.add_row(
                str(referral.id),
                referral.title,
                referral.network_id or "",
                str(len(referral.seller_ids)),
                referral.status,
                outcomes,
            )
    console.print(table)


@referrals_app.command("ack")
def referrals_ack(
    referral: Annotated[int, typer.Argument(help="Referral id.")], org: OrgOption
) -> None:
    """Acknowledge a referral (as the liaison it was sent to)."""
    from truemark.cases.jobs import cli_work
    from truemark.evidence.referrals import acknowledge
    from truemark.store.types import utc_now

    with cli_work(org) as (work, principal):
        record = acknowledge(work, principal, referral, utc_now())
    console.print(f"referral {record.id}: {record.status}")


@referrals_app.command("outcome")
def referrals_outcome(
    referral: Annotated[int, typer.Argument(help="Referral id.")],
    org: OrgOption,
    kind: Annotated[str, typer.Option(help="raid, arrests, seizure, charges, conviction, ...")],
    count: Annotated[int | None, typer.Option(min=0, help="People arrested, items seized.")] = None,
    details: Annotated[str, typer.Option(help="What happened.")] = "",
    date: Annotated[str | None, typer.Option(help="When (ISO 8601).")] = None,
    final: Annotated[bool, typer.Option(help="The last outcome: close the referral.")] = False,
) -> None:
    """Report an outcome back (as the liaison the referral was sent to)."""
    from truemark.cases.jobs import cli_work
    from truemark.evidence.referrals import Outcome, OutcomeKind, report_outcome
    from truemark.store.types import utc_now

    try:
        outcome_kind = OutcomeKind(kind.lower())
    except ValueError:
        known = ", ".join(k.value for k in OutcomeKind)
        raise typer.BadParameter(f"one of {known}", param_hint="--kind") from None
    occurred = _moment(date, "--date") if date else None
    with cli_work(org) as (work, principal):
        stored = report_outcome(
            work,
            principal,
            referral,
            Outcome(outcome_kind, details, count, occurred, final),
            utc_now(),
        )
    console.print(f"referral {referral}: outcome {stored.kind} recorded")
