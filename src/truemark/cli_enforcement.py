"""Command-line faces of the enforcement workflow: cases, notices, strikes, sellers' standing,
organizations, users and keys. Argument handling only; the work is in ``truemark.cases``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truemark.terminal import console

if TYPE_CHECKING:
    from truemark.enforce.config import EnforcementConfig

cases_app = typer.Typer(
    help="Cases: import scan results, work the queue, decide, labels.", no_args_is_help=True
)
notices_app = typer.Typer(
    help="Takedown notices and counter-notices; the outbox.", no_args_is_help=True
)
strikes_app = typer.Typer(help="The strike ladder: strikes and their expiry.", no_args_is_help=True)
orgs_app = typer.Typer(
    help="Organizations: operator, brands, liaisons, sellers.", no_args_is_help=True
)
users_app = typer.Typer(help="Users who sign in to the console.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (shown once, stored hashed).", no_args_is_help=True)

OrgOption = Annotated[str, typer.Option("--org", help="Organization slug to act as.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", exists=True, help="Enforcement policy YAML.")
]


def register(app: typer.Typer, sellers_app: typer.Typer) -> None:
    """Add the enforcement sub-commands to the ``truemark`` app."""
    # the commands live in these modules; importing them attaches them to the sub-apps
    from truemark import cli_enforcement_accounts, cli_enforcement_more

    del cli_enforcement_accounts
    app.add_typer(cases_app, name="cases")
    app.add_typer(notices_app, name="notices")
    app.add_typer(strikes_app, name="strikes")
    app.add_typer(orgs_app, name="orgs")
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")
    cli_enforcement_more.add_seller_commands(sellers_app)


def policy(path: Path | None) -> EnforcementConfig:
    """The policy file given, else the configured one."""
    from truemark.enforce.config import configured, load_enforcement_config

    return load_enforcement_config(path) if path else configured()


@cases_app.command("import")
def cases_import(
    results: Annotated[Path, typer.Argument(exists=True, help="Scan results (spec §4).")],
    listings: Annotated[Path, typer.Option(exists=True, help="The listings scanned (spec §2).")],
    config: ConfigOption = None,
) -> None:
    """Open or refresh cases from scan results; sure counterfeits are taken down by policy."""
    from truemark.cases.importing import import_results
    from truemark.cases.jobs import cli_work, read_scan_files
    from truemark.store.types import utc_now

    frame, listing_frame = read_scan_files(results, listings)
    with cli_work() as (work, principal):
        report = import_results(work, principal, frame, listing_frame, policy(config), utc_now())
    console.print(
        f"{report.flagged:,} flagged: {report.opened:,} new cases ({report.queued:,} queued, "
        f"{report.taken_down:,} taken down by policy), {report.refreshed:,} re-scanned; "
        f"{report.unknown_brand:,} of unknown brands, {report.unknown_listing:,} without listing"
    )


@cases_app.command("queue")
def cases_queue(
    brand: Annotated[str | None, typer.Option(help="Brand id.")] = None,
    status: Annotated[str, typer.Option(help="queued, confirmed or rejected.")] = "queued",
    min_risk: Annotated[float | None, typer.Option(help="Lowest risk shown.")] = None,
    reason: Annotated[str | None, typer.Option(help="Reason code.")] = None,
    network: Annotated[str | None, typer.Option(help="Network id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    sort: Annotated[str, typer.Option(help="risk, updated_at or id; -field reverses.")] = "-risk",
) -> None:
    """The review queue, riskiest first."""
    from rich.table import Table

    from truemark.cases.jobs import cli_work
    from truemark.cases.queue import list_cases
    from truemark.store.enforcement_records import CaseStatus
    from truemark.store.paging import PageRequest
    from truemark.store.repositories import CaseFilter

    where = CaseFilter(brand, CaseStatus(status), min_risk, reason, network)
    with cli_work() as (work, principal):
        page = list_cases(work, principal, where, PageRequest(limit, 0, sort))
    table = Table("case", "brand", "listing", "seller", "risk", "reasons", "title")
    for case in page.items:
        table.add_row(
            str(case.id),
            case.brand_slug,
            case.listing_id,
            case.seller_id,
            f"{case.risk:.2f}",
            ", ".join(case.reasons[:3]),
            case.title[:50],
        )
    console.print(table)
    console.print(f"{len(page.items)} of {page.total:,} {status} cases")


@cases_app.command("decide")
def cases_decide(
    case_ids: Annotated[list[int], typer.Argument(help="Case ids.")],
    confirm: Annotated[bool, typer.Option("--confirm/--reject", help="Confirm or reject.")],
    note: Annotated[str, typer.Option(help="Why.")] = "",
    config: ConfigOption = None,
) -> None:
    """Confirm (takedown, strike) or reject queued cases."""
    from truemark.cases.decisions import decide_many
    from truemark.cases.jobs import cli_work
    from truemark.store.enforcement_records import DecisionOutcome

    outcome = DecisionOutcome.CONFIRM if confirm else DecisionOutcome.REJECT
    with cli_work() as (work, principal):
        made = decide_many(work, principal, case_ids, outcome, note, policy(config))
    console.print(f"{len(made)} case(s) {outcome.value}ed")


@cases_app.command("labels")
def cases_labels(
    out: Annotated[Path, typer.Option(help="labels.csv (spec §6).")],
    org: Annotated[str | None, typer.Option("--org", help="Only this brand organization.")] = None,
) -> None:
    """Export every decision as a label (latest per listing) for training and evaluation."""
    from truemark.cases.jobs import cli_work
    from truemark.cases.queue import labels, write_labels

    with cli_work(org) as (work, principal):
        frame = labels(work, principal)
    write_labels(frame, out)
    console.print(f"{frame.height:,} labels written to {out}")
