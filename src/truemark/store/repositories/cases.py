"""Cases: listing snapshots and the cases opened on them, filtered and paged by scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from truemark.errors import NotFoundError
from truemark.store.base import Base
from truemark.store.bulk import LOOKUP_CHUNK, bulk_upsert
from truemark.store.enforcement_records import CaseRecord, CaseStatus, ListingRecord, ListingStatus
from truemark.store.models import Brand, Case, Listing
from truemark.store.paging import Page, PageRequest
from truemark.store.records import Scope
from truemark.store.repositories.case_queue import CaseFilter, find_cases, get_case

LISTINGS = Base.metadata.tables["listings"]
CASES = Base.metadata.tables["cases"]


def listing_record(row: Listing) -> ListingRecord:
    return ListingRecord(
        row.listing_id,
        row.seller_id,
        row.title,
        row.price,
        row.currency,
        row.ship_from,
        row.quantity_sold,
        row.status,
    )


class CaseRepository:
    """Store listing snapshots and cases; every read of a case takes the caller's scope."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def upsert_listings(self, listings: pa.Table) -> None:
        """Insert or refresh listing snapshots (columns as in the ``listings`` table)."""
        bulk_upsert(self._session, LISTINGS, listings, key="listing_id")

    def brand_ids(self, slugs: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Brand slug -> (brand id, organization id) for the slugs the catalog knows."""
        query = select(Brand.slug, Brand.id, Brand.organization_id).where(Brand.slug.in_(slugs))
        return {slug: (brand, org) for slug, brand, org in self._session.execute(query)}

    def existing(self, listing_ids: Sequence[str]) -> dict[tuple[str, int], tuple[int, CaseStatus]]:
        """(listing id, brand id) -> (case id, status) of the cases already open on them."""
        found = {}
        for start in range(0, len(listing_ids), LOOKUP_CHUNK):
            chunk = listing_ids[start : start + LOOKUP_CHUNK]
            query = select(Case.listing_id, Case.brand_id, Case.id, Case.status).where(
                Case.listing_id.in_(chunk)
            )
            found.update(
                {(lid, bid): (cid, st) for lid, bid, cid, st in self._session.execute(query)}
            )
        return found

    def insert_cases(self, rows: list[dict[str, Any]]) -> dict[tuple[str, int], int]:
        """Insert new cases; returns (listing id, brand id) -> case id."""
        if rows:
            self._session.execute(insert(Case), rows)
        return {key: ids[0] for key, ids in self.existing([r["listing_id"] for r in rows]).items()}

    def refresh_cases(self, rows: list[dict[str, Any]]) -> None:
        """A re-scan: new risk, verdict, reasons and signals; one more scan counted."""
        if not rows:
            return
        cases = CASES
        statement = (
            update(cases)
            .where(cases.c.id == bindparam("case_id"))
            .values(
                risk=bindparam("new_risk"),
                verdict=bindparam("new_verdict"),
                reasons=bindparam("new_reasons", type_=cases.c.reasons.type),
                signals=bindparam("new_signals", type_=cases.c.signals.type),
                network_id=bindparam("new_network_id"),
                updated_at=bindparam("new_updated_at", type_=cases.c.updated_at.type),
                scans=cases.c.scans + 1,
            )
        )
        names = ("risk", "verdict", "reasons", "signals", "network_id", "updated_at")
        self._session.execute(
            statement,
            [{"case_id": row["id"], **{f"new_{n}": row[n] for n in names}} for row in rows],
        )

    def find(self, scope: Scope, where: CaseFilter, page: PageRequest) -> Page[CaseRecord]:
        """One page of the cases the scope may see, filtered."""
        return find_cases(self._session, scope, where, page)

    def get(self, scope: Scope, case_id: int) -> CaseRecord:
        """One case; NotFoundError also when it is outside the scope."""
        return get_case(self._session, scope, case_id)

    def set_status(self, case_id: int, status: CaseStatus, moment: datetime) -> None:
        self._session.execute(
            update(Case).where(Case.id == case_id).values(status=status, updated_at=moment)
        )

    def assign(self, case_id: int, user_id: int | None, moment: datetime) -> None:
        self._session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(assignee_user_id=user_id, updated_at=moment)
        )

    def listing(self, listing_id: str) -> ListingRecord:
        row = self._session.scalar(select(Listing).where(Listing.listing_id == listing_id))
        if row is None:
            raise NotFoundError(f"no listing {listing_id!r}")
        return listing_record(row)

    def listings(self, listing_ids: Sequence[str]) -> dict[str, ListingRecord]:
        query = select(Listing).where(Listing.listing_id.in_(listing_ids))
        return {row.listing_id: listing_record(row) for row in self._session.scalars(query)}

    def live_listing_ids(self, seller_id: str) -> list[str]:
        query = select(Listing.listing_id).where(
            Listing.seller_id == seller_id, Listing.status == ListingStatus.LIVE
        )
        return list(self._session.scalars(query.order_by(Listing.listing_id)))

    def set_listing_status(
        self, listing_ids: Sequence[str], status: ListingStatus, at: datetime
    ) -> int:
        """Take listings down or put them back; returns how many changed."""
        result = self._session.execute(
            update(Listing)
            .where(Listing.listing_id.in_(listing_ids), Listing.status != status)
            .values(status=status, updated_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def brand_cases_for_listings(self, brand_id: int, listing_ids: Sequence[str]) -> list[int]:
        query = select(Case.id).where(Case.brand_id == brand_id, Case.listing_id.in_(listing_ids))
        return list(self._session.scalars(query))
