"""The brand portal: the brand organization's own catalog (products and prices, reference
photos, trademarks, authorized sellers) and its complainant reputation and fast-track status."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truemark.api.context import ConfigDep, SettingsDep, WorkDep
from truemark.cases.reputation import brand_reputation
from truemark.store import OrganizationKind, Scope
from truemark.store.types import utc_now
from truemark.web.catalog_edit import NewProduct, add_authorized_seller, add_product
from truemark.web.pages.common import page
from truemark.web.session import ViewerDep

router = APIRouter(prefix="/console/brand")
BRANDS = frozenset({OrganizationKind.BRAND})


@router.get("", response_class=HTMLResponse)
def portal(request: Request, viewer: ViewerDep, work: WorkDep, config: ConfigDep) -> Response:
    viewer.principal.require(BRANDS, None, "open the brand portal")
    assert viewer.principal.organization_id is not None
    scope = Scope.of(viewer.principal.organization_id)
    now = utc_now()
    brands = []
    for brand in work.catalog.brands(scope):
        brands.append(
            {
                "brand": brand,
                "products": work.catalog.products(scope, brand.slug),
                "trademarks": work.catalog.trademarks(scope, brand.slug),
                "photos": [image.sku for image in work.catalog.reference_images(scope, brand.slug)],
                "authorized": sorted(work.catalog.authorized_sellers(scope, brand.slug)),
                "reputation": brand_reputation(
                    work, brand.organization_id, brand.id, brand.slug, config.fast_track, now
                ),
            }
        )
    can_edit = viewer.principal.role.value in ("admin", "reviewer")
    return page(
        request,
        viewer,
        "brand.html",
        "brand",
        brands=brands,
        policy=config.fast_track,
        can_edit=can_edit,
    )


def _back(message: str) -> Response:
    return RedirectResponse(f"/console/brand?{urlencode({'flash': message})}", status_code=303)


@router.post("/{brand_slug}/products")
async def new_product(
    viewer: ViewerDep,
    work: WorkDep,
    settings: SettingsDep,
    brand_slug: str,
    sku: Annotated[str, Form()],
    name: Annotated[str, Form()],
    msrp: Annotated[float, Form()],
    currency: Annotated[str, Form()] = "USD",
    category: Annotated[str, Form()] = "",
    photo: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Add a product with its price and, optionally, a reference photo."""
    upload = (photo.filename or "photo", await photo.read()) if photo and photo.filename else None
    product = NewProduct(sku.strip(), name, category, msrp, currency.strip().upper())
    photos = settings.data_dir / "catalog-photos"
    add_product(work, viewer.principal, brand_slug, product, upload, photos)
    return _back(f"product {product.sku} added to {brand_slug}")


@router.post("/{brand_slug}/authorized-sellers")
def new_authorized_seller(
    viewer: ViewerDep, work: WorkDep, brand_slug: str, seller_id: Annotated[str, Form()]
) -> Response:
    add_authorized_seller(work, viewer.principal, brand_slug, seller_id)
    return _back(f"seller {seller_id.strip()} authorized for {brand_slug}")
