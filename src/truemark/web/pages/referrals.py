"""Referrals to law enforcement with their signed evidence packs, and test buys: the referrer
builds a pack, the liaison acknowledges and downloads it; every download is logged."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truemark.api.context import SettingsDep, WorkDep
from truemark.errors import PermissionDenied
from truemark.evidence import referrals
from truemark.evidence.pack.build import build_pack, download_pack
from truemark.evidence.pack.sources import PackSources
from truemark.evidence.test_buys import list_test_buys
from truemark.store import OrganizationKind
from truemark.store.types import utc_now
from truemark.web.pages.common import page
from truemark.web.session import ViewerDep

router = APIRouter(prefix="/console/referrals")


def _back(message: str) -> Response:
    return RedirectResponse(f"/console/referrals?{urlencode({'flash': message})}", 303)


@router.get("", response_class=HTMLResponse)
def referral_list(request: Request, viewer: ViewerDep, work: WorkDep) -> Response:
    found = referrals.list_referrals(work, viewer.principal)
    try:
        buys = list_test_buys(work, viewer.principal)
    except PermissionDenied:
        buys = []  # a liaison sees test buys inside the packs referred to it
    names = {org.id: org.name for org in work.organizations.list()}
    return page(
        request,
        viewer,
        "referrals.html",
        "referrals",
        referrals=found,
        test_buys=buys,
        names=names,
        liaison=viewer.organization.kind is OrganizationKind.LAW_ENFORCEMENT,
    )


@router.post("/{referral_id}/pack")
def build(viewer: ViewerDep, work: WorkDep, settings: SettingsDep, referral_id: int) -> Response:
    """Build and sign a fresh pack from what the database holds."""
    secret = settings.require_secret_key()
    record, _ = build_pack(work, viewer.principal, referral_id, PackSources(), secret, utc_now())
    return _back(f"pack built for referral {referral_id} (SHA-256 {record.sha256[:12]}…)")


@router.get("/{referral_id}/pack")
def download(viewer: ViewerDep, work: WorkDep, referral_id: int) -> Response:
    """The newest signed pack as a ZIP (logged for the chain of custody)."""
    record, content = download_pack(work, viewer.principal, referral_id)
    headers = {
        "Content-Disposition": f'attachment; filename="referral-{referral_id}-pack.zip"',
        "X-Pack-SHA256": record.sha256,
    }
    return Response(content, media_type="application/zip", headers=headers)


@router.post("/{referral_id}/acknowledge")
def acknowledge(viewer: ViewerDep, work: WorkDep, referral_id: int) -> Response:
    referrals.acknowledge(work, viewer.principal, referral_id, utc_now())
    return _back(f"referral {referral_id} acknowledged")
