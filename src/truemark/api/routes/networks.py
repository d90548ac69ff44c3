"""Seller networks: the rackets, their accounts and link evidence; closure of all at once."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.api.context import PageDep, PrincipalDep, WorkDep
from truemark.api.one_thread import OneThreadRoute
from truemark.api.schemas.common import PagePublic, page_of
from truemark.api.schemas.sellers import (
    Closure,
    NetworkClosurePublic,
    NetworkDetailPublic,
    NetworkLinkPublic,
    NetworkPublic,
)
from truemark.cases import networks, sellers

router = APIRouter(prefix="/networks", tags=["networks"], route_class=OneThreadRoute)


@router.get("")
def list_networks(
    work: WorkDep, principal: PrincipalDep, page: PageDep
) -> PagePublic[NetworkPublic]:
    """Networks of two or more accounts, riskiest first (operator)."""
    found = networks.list_networks(work, principal, page)
    return PagePublic[NetworkPublic](**page_of(found, NetworkPublic.model_validate))


@router.get("/{network_id}")
def get_network(work: WorkDep, principal: PrincipalDep, network_id: str) -> NetworkDetailPublic:
    """The network's members and the evidence of every link (for the graph)."""
    network, links = networks.get_network(work, principal, network_id)
    return NetworkDetailPublic(
        network=NetworkPublic.model_validate(network),
        links=[NetworkLinkPublic.model_validate(link) for link in links],
    )


@router.post("/{network_id}/closure")
def close_network(
    work: WorkDep, principal: PrincipalDep, network_id: str, body: Closure
) -> NetworkClosurePublic:
    """Close every account of a confirmed racket in one action (operator admin)."""
    closed = sellers.close_network(work, principal, network_id, body.reason)
    return NetworkClosurePublic(network_id=network_id, closed=closed)
