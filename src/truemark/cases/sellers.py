"""Sellers on the strike ladder: their strikes and standing, expiry, store and network closure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from truemark.cases.access import ADMINS, WRITERS, Principal
from truemark.enforce.config import EnforcementConfig
from truemark.enforce.effects import CloseStore, Effect, StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.enforce.ladder import active_points, expiry_effects
from truemark.errors import NotFoundError
from truemark.store import OrganizationKind, UnitOfWork
from truemark.store.enforcement_records import StandingLevel, StandingRecord, StrikeRecord
from truemark.store.paging import Page, PageRequest
from truemark.store.types import utc_now

OPERATOR = frozenset({OrganizationKind.OPERATOR})


@dataclass(frozen=True, slots=True)
class SellerRecordView:
    """A seller's enforcement record: rung, active points, strikes, network."""

    seller_id: str
    level: StandingLevel
    active_points: int
    strikes: tuple[StrikeRecord, ...]
    network_id: str | None
    live_listings: int


def list_strikes(
    work: UnitOfWork, principal: Principal, page: PageRequest, seller_id: str | None = None
) -> Page[StrikeRecord]:
    """Strikes the caller may see (the operator: all; a seller: its own)."""
    visible = principal.seller_ids(work)
    wanted = None if visible is None else list(visible)
    if seller_id is not None:
        if visible is not None and seller_id not in visible:
            raise NotFoundError(f"no seller {seller_id!r}")
        wanted = [seller_id]
    return work.strikes.find(page, wanted)


def seller_record(
    work: UnitOfWork, principal: Principal, seller_id: str, moment: datetime | None = None
) -> SellerRecordView:
    visible = principal.seller_ids(work)
    if visible is not None and seller_id not in visible:
        raise NotFoundError(f"no seller {seller_id!r}")
    strikes = work.strikes.of_seller(seller_id)
    return SellerRecordView(
        seller_id=seller_id,
        level=work.strikes.standing(seller_id).level,
        active_points=active_points(strikes, moment or utc_now()),
        strikes=tuple(strikes),
        network_id=work.networks.of_sellers([seller_id]).get(seller_id),
        live_listings=len(work.cases.live_listing_ids(seller_id)),
    )


def list_standings(
    work: UnitOfWork, principal: Principal, page: PageRequest
) -> Page[StandingRecord]:
    visible = principal.seller_ids(work)
    return work.strikes.standings(page, None if visible is None else list(visible))


def expire_strikes(
    work: UnitOfWork,
    principal: Principal,
    config: EnforcementConfig,
    moment: datetime | None = None,
) -> list[str]:
    """Step sellers back down the ladder once their strikes expire; returns who moved."""
    principal.require(OPERATOR, WRITERS, "expire strikes")
    moment = moment or utc_now()
    moved = []
    for standing in work.strikes.on_ladder():
        effects = expiry_effects(
            standing, work.strikes.of_seller(standing.seller_id), config.strikes, moment
        )
        if effects:
            Enforcer(work, principal.actor, None, moment).apply(effects)
            moved.append(standing.seller_id)
    return moved


def close_store(
    work: UnitOfWork,
    principal: Principal,
    seller_id: str,
    reason: str,
    moment: datetime | None = None,
) -> SellerRecordView:
    """Close one store for good: every live listing comes down."""
    principal.require(OPERATOR, ADMINS, "close stores")
    moment = moment or utc_now()
    if work.strikes.standing(seller_id).level is not StandingLevel.CLOSED:
        Enforcer(work, principal.actor, None, moment).apply([CloseStore(seller_id, reason)])
    return seller_record(work, principal, seller_id, moment)


def close_network(
    work: UnitOfWork,
    principal: Principal,
    network_id: str,
    reason: str,
    moment: datetime | None = None,
) -> list[str]:
    """A confirmed racket: close every account of the network in one action."""
    principal.require(OPERATOR, ADMINS, "close networks")
    moment = moment or utc_now()
    network = work.networks.get(network_id)
    effects: list[Effect] = [
        StateChange("network.closed", f"network:{network_id}", (("reason", reason),))
    ]
    closed = [
        seller
        for seller in network.members
        if work.strikes.standing(seller).level is not StandingLevel.CLOSED
    ]
    effects += [CloseStore(seller, reason, network_id) for seller in closed]
    Enforcer(work, principal.actor, None, moment).apply(effects)
    return closed
