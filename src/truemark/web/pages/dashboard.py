"""The dashboard: the operator's whole marketplace, or a brand's own cases."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truemark.store import OrganizationKind
from truemark.web.pages.common import page, store_of
from truemark.web.session import ViewerDep
from truemark.web.stats import dashboard_stats

router = APIRouter(prefix="/console")

LANDING = {
    OrganizationKind.LAW_ENFORCEMENT: "/console/referrals",
    OrganizationKind.SELLER: "/console/notices",
}


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, viewer: ViewerDep) -> Response:
    """Counts, trends and breakdowns by brand, reason and ship-from region."""
    landing = LANDING.get(viewer.organization.kind)
    if landing is not None:
        return RedirectResponse(landing, status_code=303)
    scope = None if viewer.principal.is_operator else viewer.principal.organization_id
    stats = dashboard_stats(store_of(request), scope)
    charts = {
        "trend": {
            "labels": stats.trend["day"],
            "series": {"flagged": stats.trend["flagged"], "confirmed": stats.trend["confirmed"]},
        },
        **{
            name: {"labels": [key for key, _ in rows], "series": {"cases": [n for _, n in rows]}}
            for name, rows in (
                ("brand", stats.by_brand),
                ("reason", stats.by_reason),
                ("region", stats.by_region),
            )
        },
    }
    return page(request, viewer, "dashboard.html", "dashboard", stats=stats, charts=charts)
