"""Seller networks (rackets): the list, and one network as an interactive graph with its
members, listings, sales and risk; close every account, or refer it to law enforcement."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from truemark.api.context import WorkDep
from truemark.cases.networks import get_network, list_networks
from truemark.cases.queue import list_cases
from truemark.cases.sellers import close_network
from truemark.evidence.referrals import create_referral
from truemark.store import OrganizationKind, UnitOfWork
from truemark.store.enforcement_records import NetworkLinkRecord, NetworkRecord, StandingLevel
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter
from truemark.store.types import utc_now
from truemark.web.pages.common import page
from truemark.web.session import ViewerDep

router = APIRouter(prefix="/console/networks")
STANDING_COLOURS = {
    StandingLevel.GOOD: "#9ec5fe",
    StandingLevel.WARNING: "#ffe69c",
    StandingLevel.RESTRICTED: "#fecba1",
    StandingLevel.SUSPENDED: "#f1aeb5",
    StandingLevel.CLOSED: "#6c757d",
}


@router.get("", response_class=HTMLResponse)
def networks(request: Request, viewer: ViewerDep, work: WorkDep, offset: int = 0) -> Response:
    found = list_networks(work, viewer.principal, PageRequest(50, offset, "-risk"))
    return page(request, viewer, "networks.html", "networks", networks=found)


def _members(work: UnitOfWork, network: NetworkRecord) -> list[dict[str, Any]]:
    return [
        {
            "seller_id": s,
            "level": work.strikes.standing(s).level,
            "live": len(work.cases.live_listing_ids(s)),
        }
        for s in network.members
    ]


@router.get("/{network_id}", response_class=HTMLResponse)
def network(request: Request, viewer: ViewerDep, work: WorkDep, network_id: str) -> Response:
    record, links = get_network(work, viewer.principal, network_id)
    cases = list_cases(
        work, viewer.principal, CaseFilter(network_id=network_id), PageRequest(200, 0, "-risk")
    )
    liaisons = work.organizations.list(OrganizationKind.LAW_ENFORCEMENT)
    return page(
        request,
        viewer,
        "network.html",
        "networks",
        network=record,
        links=links,
        members=_members(work, record),
        cases=cases,
        liaisons=liaisons,
    )


def graph_elements(
    members: list[dict[str, Any]], links: list[NetworkLinkRecord]
) -> list[dict[str, Any]]:
    """cytoscape.js elements: an account per node, a labelled edge per shared attribute set."""
    nodes = [
        {
            "data": {
                "id": m["seller_id"],
                "label": m["seller_id"],
                "colour": STANDING_COLOURS[m["level"]],
                "size": 26 + min(m["live"], 20) * 2,
            }
        }
        for m in members
    ]
    edges = [
        {
            "data": {
                "id": f"e{i}",
                "source": link.seller_a,
                "target": link.seller_b,
                "label": shared_label(link.attributes),
                "width": 1 + min(link.bits, 40) / 8,
            }
        }
        for i, link in enumerate(links)
    ]
    return nodes + edges


def shared_label(attributes: tuple[str, ...]) -> str:
    """What two accounts share, each attribute once: "image ×3, ip"."""
    counts = Counter(attributes)
    return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in counts.items())


@router.get("/{network_id}/graph.json")
def graph(viewer: ViewerDep, work: WorkDep, network_id: str) -> JSONResponse:
    record, links = get_network(work, viewer.principal, network_id)
    return JSONResponse(graph_elements(_members(work, record), links))


@router.post("/{network_id}/closure")
def close_all(
    viewer: ViewerDep, work: WorkDep, network_id: str, reason: Annotated[str, Form()]
) -> Response:
    """Close every account of the racket in one action."""
    closed = close_network(work, viewer.principal, network_id, reason.strip() or "racket")
    message = urlencode({"flash": f"{len(closed)} stores closed"})
    return RedirectResponse(f"/console/networks/{network_id}?{message}", status_code=303)


@router.post("/{network_id}/referral")
def refer(
    viewer: ViewerDep,
    work: WorkDep,
    network_id: str,
    liaison: Annotated[str, Form()],
    title: Annotated[str, Form()],
    summary: Annotated[str, Form()] = "",
) -> Response:
    """Refer the whole network to a law-enforcement liaison."""
    referral = create_referral(
        work, viewer.principal, liaison, title, utc_now(), network_id=network_id, summary=summary
    )
    message = urlencode({"flash": f"referral {referral.id} sent"})
    return RedirectResponse(f"/console/referrals?{message}", status_code=303)
