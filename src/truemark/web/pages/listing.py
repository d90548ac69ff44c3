"""A flagged listing: the highlighted title, price against MSRP, photos beside their match,
the seller and its network, the reasons explained, and the full history."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from truemark.api.context import SettingsDep, WorkDep
from truemark.cases.queue import get_case
from truemark.cases.sellers import seller_record
from truemark.errors import NotFoundError
from truemark.store import Scope
from truemark.web.explain import brand_terms, explain, highlight_title
from truemark.web.listing_view import case_history, price_view
from truemark.web.pages.common import page
from truemark.web.session import ViewerDep

router = APIRouter(prefix="/console")
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def listing_detail(request: Request, viewer: ViewerDep, work: WorkDep, case_id: int) -> Response:
    case = get_case(work, viewer.principal, case_id)
    brand = work.catalog.brand(Scope.everything(), case.brand_slug)
    marks = brand_terms(brand, work.catalog.products(Scope.everything(), case.brand_slug))
    seller = (
        seller_record(work, viewer.principal, case.seller_id)
        if viewer.principal.is_operator
        else None
    )
    signals = case.signals
    match = {
        "reference_sku": signals.get("image.ref_sku"),
        "reference_distance": signals.get("image.ref_distance"),
        "known_fake_distance": signals.get("image.known_fake_distance"),
        "known_fake_source": signals.get("image.known_fake_source"),
        "cue_source": signals.get("text.cue_source"),
    }
    references = [
        r
        for r in work.catalog.reference_images(Scope.everything(), case.brand_slug)
        if r.sku == match["reference_sku"]
    ][:1]
    return page(
        request,
        viewer,
        "listing.html",
        "queue",
        case=case,
        title_html=highlight_title(
            case.title,
            marks,
            case.signals.get("text.cue_terms") or (),
            fuzzy=case.signals.get("text.mark_kind") == "fuzzy",
        ),
        price=price_view(work, case),
        reasons=explain(case.reasons),
        seller=seller,
        match=match,
        references=references,
        history=case_history(work, viewer.principal, case),
    )


def _photo_file(root: Path, stored: str) -> Path:
    """A stored photo path, relative ones under the data folder; only image files."""
    path = Path(stored)
    path = (path if path.is_absolute() else root / path).resolve()
    if path.suffix.lower() not in PHOTO_SUFFIXES or not path.is_file():
        raise NotFoundError(f"photo {stored!r} is not on this machine")
    return path


@router.get("/cases/{case_id}/photos/{number}")
def listing_photo(
    viewer: ViewerDep, work: WorkDep, settings: SettingsDep, case_id: int, number: int
) -> Response:
    """The listing's photo ``number`` (from 0), for a viewer who may see the case."""
    case = get_case(work, viewer.principal, case_id)
    if not 0 <= number < len(case.images):
        raise NotFoundError(f"case {case_id} has no photo {number}")
    return FileResponse(_photo_file(settings.data_dir, case.images[number]))


@router.get("/cases/{case_id}/reference-photo")
def reference_photo(
    viewer: ViewerDep, work: WorkDep, settings: SettingsDep, case_id: int
) -> Response:
    """The brand's reference photo the listing's photo matched."""
    case = get_case(work, viewer.principal, case_id)
    sku = case.signals.get("image.ref_sku")
    for image in work.catalog.reference_images(Scope.everything(), case.brand_slug):
        if image.sku == sku:
            return FileResponse(_photo_file(settings.data_dir, image.path))
    raise NotFoundError(f"case {case_id} matched no reference photo")
