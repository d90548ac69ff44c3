"""The dashboards' figures: read-only aggregate queries over cases, listings, sellers,
networks and referrals, scoped like the services (the operator all, a brand its own cases).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from truemark.store import Store
from truemark.store.enforcement_records import (
    CaseStatus,
    DecisionOutcome,
    ListingStatus,
    StandingLevel,
)
from truemark.store.models import Brand, Case, Decision, Listing, Network, Referral, SellerStanding

AnySelect = Select[*tuple[Any, ...]]
TOP = 12  # bars per breakdown chart


@dataclass(frozen=True, slots=True)
class DashboardStats:
    """Headline counts, a daily trend and breakdowns; operator-only counts are None for brands."""

    counts: dict[str, int | None]
    trend: dict[str, list[Any]]  # day, flagged, confirmed
    by_brand: list[tuple[str, int]]
    by_reason: list[tuple[str, int]]
    by_region: list[tuple[str, int]]


def _scoped(query: AnySelect, organization_id: int | None) -> AnySelect:
    return (
        query if organization_id is None else query.where(Case.organization_id == organization_id)
    )


def _count(session: Session, query: AnySelect) -> int:
    return int(session.execute(query).scalar_one())


def _counts(session: Session, organization_id: int | None) -> dict[str, int | None]:
    cases = _scoped(select(func.count(Case.id)), organization_id)
    taken_down = cases.join(Listing, Listing.listing_id == Case.listing_id).where(
        Listing.status == ListingStatus.TAKEN_DOWN
    )
    counts: dict[str, int | None] = {
        "flagged": _count(session, cases),
        "queued": _count(session, cases.where(Case.status == CaseStatus.QUEUED)),
        "confirmed": _count(session, cases.where(Case.status == CaseStatus.CONFIRMED)),
        "taken_down": _count(session, taken_down),
        "stores_closed": None,
        "networks": None,
        "referrals": None,
    }
    if organization_id is None:
        closed = select(func.count()).where(SellerStanding.level == StandingLevel.CLOSED)
        counts["stores_closed"] = _count(session, closed)
        counts["networks"] = _count(session, select(func.count()).where(Network.size >= 2))
        counts["referrals"] = _count(session, select(func.count(Referral.id)))
    return counts


def _by_day(session: Session, query: AnySelect) -> dict[str, int]:
    return {str(day): int(n) for day, n in session.execute(query)}


def _trend(session: Session, organization_id: int | None) -> dict[str, list[Any]]:
    day = func.date(Case.created_at)
    flagged = _scoped(select(day, func.count(Case.id)).group_by(day), organization_id)
    decided = func.date(Decision.decided_at)
    confirmed = select(decided, func.count(Decision.id)).where(
        Decision.outcome == DecisionOutcome.CONFIRM
    )
    if organization_id is not None:
        confirmed = confirmed.where(Decision.organization_id == organization_id)
    flagged_by_day = _by_day(session, flagged)
    confirmed_by_day = _by_day(session, confirmed.group_by(decided))
    days = sorted(set(flagged_by_day) | set(confirmed_by_day))
    return {
        "day": days,
        "flagged": [flagged_by_day.get(d, 0) for d in days],
        "confirmed": [confirmed_by_day.get(d, 0) for d in days],
    }


def _grouped(session: Session, query: AnySelect) -> list[tuple[str, int]]:
    rows = session.execute(query.order_by(func.count(Case.id).desc()).limit(TOP))
    return [(str(key or "unknown"), int(n)) for key, n in rows]


def _reasons(session: Session, organization_id: int | None) -> list[tuple[str, int]]:
    """Reason codes are a list per case: counted with one explode over the column."""
    rows = session.execute(_scoped(select(Case.reasons), organization_id)).scalars().all()
    frame = pl.DataFrame({"reason": list(rows)}, schema={"reason": pl.List(pl.String)})
    top = frame.explode("reason").drop_nulls().group_by("reason").len().sort("len", descending=True)
    return [(str(r), int(n)) for r, n in top.head(TOP).iter_rows()]


def dashboard_stats(store: Store, organization_id: int | None) -> DashboardStats:
    """Figures for the operator (``organization_id`` None) or one brand organization."""
    with Session(store.engine) as session:
        by_brand = _scoped(
            select(Brand.slug, func.count(Case.id))
            .join(Brand, Brand.id == Case.brand_id)
            .group_by(Brand.slug),
            organization_id,
        )
        by_region = _scoped(
            select(Listing.ship_from, func.count(Case.id))
            .join(Listing, Listing.listing_id == Case.listing_id)
            .group_by(Listing.ship_from),
            organization_id,
        )
        return DashboardStats(
            counts=_counts(session, organization_id),
            trend=_trend(session, organization_id),
            by_brand=_grouped(session, by_brand),
            by_reason=_reasons(session, organization_id),
            by_region=_grouped(session, by_region),
        )
