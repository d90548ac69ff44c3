"""Counts for the metrics endpoint: stored listings and cases by verdict and status.

Read at scrape time; a database without these tables (not yet migrated) yields nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from truemark.store.models.cases import Case, Listing


@dataclass(frozen=True)
class StoreCounts:
    """Listings stored, and cases per (verdict, status)."""

    listings: int
    cases: dict[tuple[str, str], int]


def store_counts(engine: Engine) -> StoreCounts | None:
    """The counts, or None when the tables are missing or the database does not answer."""
    by_state = select(Case.verdict, Case.status, func.count()).group_by(Case.verdict, Case.status)
    try:
        with engine.connect() as connection:
            listings = connection.execute(select(func.count()).select_from(Listing)).scalar_one()
            rows = connection.execute(by_state).all()
    except SQLAlchemyError:
        return None
    return StoreCounts(int(listings), {(str(v), str(s)): int(n) for v, s, n in rows})
