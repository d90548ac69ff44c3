"""Command-line faces of organizations, users and API keys (see cli_enforcement)."""

from __future__ import annotations

from typing import Annotated

import typer

from truemark.cli_enforcement import OrgOption, keys_app, orgs_app, users_app
from truemark.terminal import console


@orgs_app.command("create")
def orgs_create(
    name: str,
    kind: Annotated[str, typer.Option(help="operator, brand, law_enforcement or seller.")],
    slug: Annotated[str | None, typer.Option(help="Default: from the name.")] = None,
    seller: Annotated[
        list[str] | None, typer.Option("--seller", help="A store it runs (sellers; repeat).")
    ] = None,
) -> None:
    """Create an organization."""
    from truemark.cases.accounts import create_organization
    from truemark.cases.jobs import cli_work
    from truemark.store import OrganizationKind

    with cli_work() as (work, principal):
        org = create_organization(work, principal, name, OrganizationKind(kind), slug, seller or ())
    console.print(f"organization {org.slug} ({org.kind.value}), id {org.id}")


@users_app.command("create")
def users_create(
    org: OrgOption,
    email: Annotated[str, typer.Option()],
    role: Annotated[str, typer.Option(help="admin, reviewer, analyst or read_only.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Create a user in an organization (password asked for, not echoed)."""
    from truemark.cases.accounts import create_user
    from truemark.cases.jobs import cli_work
    from truemark.store import Role

    with cli_work() as (work, principal):
        org_id = work.organizations.by_slug(org).id
        user = create_user(work, principal, org_id, email, password, Role(role))
    console.print(f"user {user.email} ({user.role.value}) in {org}")


@keys_app.command("issue")
def keys_issue(
    org: OrgOption,
    name: Annotated[str, typer.Option(help="What the key is for.")],
    role: Annotated[str, typer.Option(help="admin, reviewer, analyst or read_only.")],
) -> None:
    """Issue an API key; its secret is printed this once."""
    from truemark.cases.accounts import issue_key
    from truemark.cases.jobs import cli_work
    from truemark.store import Role

    with cli_work() as (work, principal):
        issued = issue_key(work, principal, work.organizations.by_slug(org).id, name, Role(role))
    console.print(f"key {issued.key.prefix} ({issued.key.role.value}) for {org}:")
    console.print(issued.secret, soft_wrap=True, highlight=False)


@keys_app.command("revoke")
def keys_revoke(org: OrgOption, key_id: int) -> None:
    """Revoke an API key at once."""
    from truemark.cases.accounts import revoke_key
    from truemark.cases.jobs import cli_work

    with cli_work() as (work, principal):
        key = revoke_key(work, principal, work.organizations.by_slug(org).id, key_id)
    console.print(f"key {key.prefix} revoked")


@orgs_app.command("list")
def orgs_list() -> None:
    """Every organization."""
    from truemark.cases.accounts import list_organizations
    from truemark.cases.jobs import cli_work

    with cli_work() as (work, principal):
        for org in list_organizations(work, principal):
            console.print(f"{org.id:>5}  {org.slug:<30} {org.kind.value:<16} {org.name}")


@keys_app.command("list")
def keys_list(org: OrgOption) -> None:
    """An organization's keys (never their secrets)."""
    from truemark.cases.accounts import list_keys
    from truemark.cases.jobs import cli_work

    with cli_work() as (work, principal):
        keys = list_keys(work, principal, work.organizations.by_slug(org).id)
    for key in keys:
        state = "revoked" if key.revoked_at else "live"
        console.print(f"{key.id:>5}  {key.prefix}  {key.role.value:<10} {state:<8} {key.name}")
