"""Seller networks into the store (``truemark networks import``) and read back for the operator."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from truemark.cases.access import WRITERS, Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import InputError
from truemark.store import OrganizationKind, UnitOfWork
from truemark.store.enforcement_records import NetworkLinkRecord, NetworkRecord
from truemark.store.paging import Page, PageRequest

OPERATOR = frozenset({OrganizationKind.OPERATOR})
MEMBER_COLUMNS = ("seller_id", "network_id", "network_size", "network_risk")


@dataclass(frozen=True, slots=True)
class NetworkImportReport:
    networks: int
    members: int
    links: int


def read_network_files(path: Path) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """networks.parquet and, when it is beside it, networks.links.parquet."""
    from truemark.networks.files import links_path

    try:
        members = pl.read_parquet(path)
        evidence = links_path(path)
        links = pl.read_parquet(evidence) if evidence.exists() else None
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read networks ({exc})") from None
    missing = set(MEMBER_COLUMNS) - set(members.columns)
    if missing:
        raise InputError(f"{path}: networks file lacks column(s) {', '.join(sorted(missing))}")
    return members, links


def import_networks(
    work: UnitOfWork, principal: Principal, members: pl.DataFrame, links: pl.DataFrame | None
) -> NetworkImportReport:
    """Replace the networks of 2+ accounts named in ``members`` with these (members, links)."""
    principal.require(OPERATOR, WRITERS, "import networks")
    grouped = members.filter(pl.col("network_size") > 1)
    defaults = {
        "network_flagged_listings": pl.lit(0),
        "network_flagged_sales_usd": pl.lit(0.0),
        "links": pl.lit(None),
        "network_test_buy_fakes": pl.lit(0),
        "network_intel": pl.lit([], dtype=pl.List(pl.String)),
    }
    grouped = grouped.with_columns(
        value.alias(name) for name, value in defaults.items() if name not in grouped.columns
    )
    networks = grouped.group_by("network_id", maintain_order=True).agg(
        pl.col("network_size").first().alias("size"),
        pl.col("network_risk").first().cast(pl.Float64).alias("risk"),
        pl.col("network_flagged_listings").first().fill_null(0).alias("flagged_listings"),
        pl.col("network_flagged_sales_usd").first().fill_null(0.0).alias("flagged_sales_usd"),
        pl.col("network_test_buy_fakes").first().fill_null(0).alias("test_buy_fakes"),
        pl.col("network_intel").first().fill_null([]).alias("intel"),
    )
    member_rows = grouped.select(
        "network_id", "seller_id", pl.col("links").fill_null([]).alias("links")
    ).to_dicts()
    link_rows = []
    if links is not None:
        wanted = links.filter(pl.col("network_id").is_in(networks["network_id"].implode()))
        link_rows = wanted.select(
            "network_id",
            "seller_a",
            "seller_b",
            pl.col("bits").cast(pl.Float64),
            "attributes",
            pl.col("values").list.eval(pl.element().cast(pl.String)),
        ).to_dicts()
    work.networks.replace(networks.to_dicts(), member_rows, link_rows)
    report = NetworkImportReport(networks.height, len(member_rows), len(link_rows))
    details = (("networks", report.networks), ("members", report.members), ("links", report.links))
    change = StateChange("networks.imported", "networks", details)
    Enforcer(work, principal.actor).apply([change])
    return report


def list_networks(work: UnitOfWork, principal: Principal, page: PageRequest) -> Page[NetworkRecord]:
    principal.require(OPERATOR, None, "see seller networks")
    return work.networks.find(page)


def get_network(
    work: UnitOfWork, principal: Principal, network_id: str
) -> tuple[NetworkRecord, list[NetworkLinkRecord]]:
    """A network with its members and the evidence on each link between two accounts."""
    principal.require(OPERATOR, None, "see seller networks")
    return work.networks.get(network_id), work.networks.links(network_id)
