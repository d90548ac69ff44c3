"""Everything a referral's pack holds, gathered from the database (and the optional files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import orjson
import polars as pl

from truemark.catalog import Catalog, load_catalog
from truemark.errors import NotFoundError
from truemark.evidence.pack.sources import PackSources, conform, listings_from_file
from truemark.store import Scope, UnitOfWork
from truemark.store.enforcement_records import CaseRecord, NetworkRecord
from truemark.store.evidence_records import AuditEntryRecord, ReferralRecord, TestBuyRecord
from truemark.store.models.sellers import IDENTITY_COLUMNS
from truemark.store.paging import MAX_LIMIT, PageRequest
from truemark.store.records import OrganizationRecord
from truemark.store.repositories import CaseFilter

LINK_SCHEMA: dict[str, pl.DataType] = {
    "seller_a": pl.String(),
    "seller_b": pl.String(),
    "bits": pl.Float64(),
    "attributes": pl.List(pl.String()),
    "values": pl.List(pl.String()),
}


@dataclass(frozen=True)
class PackContents:
    referral: ReferralRecord
    referrer: OrganizationRecord
    liaison: OrganizationRecord
    network: NetworkRecord | None
    sellers: pl.DataFrame  # identities (spec §3) of the referred sellers
    links: pl.DataFrame  # per-edge evidence between referred accounts
    listings: pl.DataFrame  # the sellers' listings (sources.LISTING_COLUMNS)
    cases: list[CaseRecord]
    test_buys: list[TestBuyRecord]
    timeline: list[AuditEntryRecord]
    catalog: Catalog | None
    built_at: datetime


def _sellers(work: UnitOfWork, seller_ids: tuple[str, ...]) -> pl.DataFrame:
    rows = []
    for seller_id in seller_ids:
        row: dict[str, object] = {"seller_id": seller_id}
        try:
            record = work.sellers.by_seller_id(seller_id)
            row.update({name: getattr(record, name) for name in IDENTITY_COLUMNS})
        except NotFoundError:
            row.update({name: None for name in IDENTITY_COLUMNS})
        row["standing"] = work.strikes.standing(seller_id).level.value
        rows.append(row)
    frame = pl.DataFrame(rows, infer_schema_length=None)
    return frame.with_columns(pl.col("registered_at").cast(pl.String))


def _links(work: UnitOfWork, network: NetworkRecord | None, sellers: set[str]) -> pl.DataFrame:
    if network is None:
        return pl.DataFrame(schema=LINK_SCHEMA)
    rows = [
        {
            "seller_a": link.seller_a,
            "seller_b": link.seller_b,
            "bits": link.bits,
            "attributes": list(link.attributes),
            "values": list(link.values),
        }
        for link in work.networks.links(network.network_id)
        if link.seller_a in sellers and link.seller_b in sellers
    ]
    return pl.DataFrame(rows, schema=LINK_SCHEMA)


def _cases(work: UnitOfWork, seller_ids: tuple[str, ...]) -> list[CaseRecord]:
    found: list[CaseRecord] = []
    for seller_id in seller_ids:
        page = work.cases.find(
            Scope.everything(), CaseFilter(seller_id=seller_id), PageRequest(MAX_LIMIT, 0, "id")
        )
        found += page.items
    return found


def _timeline(
    work: UnitOfWork, contents: ReferralRecord, cases: list[CaseRecord], buys: list[TestBuyRecord]
) -> list[AuditEntryRecord]:
    """Audit entries about the sellers, their network, cases, listings, test buys, referral."""
    subjects = [("seller", seller) for seller in contents.seller_ids]
    subjects += [("case", str(case.id)) for case in cases]
    subjects += [("test_buy", str(buy.id)) for buy in buys]
    subjects += [("referral", str(contents.id))]
    if contents.network_id:
        subjects.append(("network", contents.network_id))
    listing_ids = {case.listing_id for case in cases}
    takedowns = [
        entry
        for entry in work.audit.of_subject_type("listings")
        if listing_ids & set(orjson.loads(entry.payload).get("listing_ids", []))
    ]
    entries = {e.sequence: e for e in work.audit.of_subjects(subjects) + takedowns}
    return [entries[key] for key in sorted(entries)]


def gather(
    work: UnitOfWork, referral: ReferralRecord, sources: PackSources, moment: datetime
) -> PackContents:
    """The referral's evidence as tables and records."""
    network = work.networks.get(referral.network_id) if referral.network_id else None
    if sources.listings is not None:
        listings = listings_from_file(sources.listings, referral.seller_ids)
    else:
        listings = conform(
            pl.DataFrame(
                work.referrals.listing_snapshots(referral.seller_ids), infer_schema_length=None
            )
        )
    cases = _cases(work, referral.seller_ids)
    buys = work.test_buys.find(Scope.everything(), referral.seller_ids)
    return PackContents(
        referral=referral,
        referrer=work.organizations.by_id(referral.organization_id),
        liaison=work.organizations.by_id(referral.liaison_organization_id),
        network=network,
        sellers=_sellers(work, referral.seller_ids),
        links=_links(work, network, set(referral.seller_ids)),
        listings=listings,
        cases=cases,
        test_buys=buys,
        timeline=_timeline(work, referral, cases, buys),
        catalog=load_catalog(sources.catalog) if sources.catalog is not None else None,
        built_at=moment,
    )
