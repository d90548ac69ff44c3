"""Public serial API: verify a code, the published keys, product photos of genuine codes.

Nothing here reveals database detail: answers carry the outcome, a sentence, and for genuine
codes the brand, product and photo; failures are problem+json without internals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from truemark.api.routes.serial_deps import RateLimited, ServiceDep, header_country
from truemark.serial.keyring import export_keys
from truemark.serial.outcomes import Verdict
from truemark.store import Scope

router = APIRouter(tags=["serial"])
MAX_CODE_TEXT = 4096


class VerificationRequest(BaseModel):
    """A code as the buyer typed or scanned it, and optionally the buyer's country."""

    code: str = Field(max_length=MAX_CODE_TEXT)
    country: str | None = Field(default=None, max_length=64)


class ProductPublic(BaseModel):
    sku: str
    name: str
    photo_url: str | None


class VerificationPublic(BaseModel):
    """What anyone may be told about a code."""

    outcome: str
    message: str
    brand: str | None = None
    product: ProductPublic | None = None
    batch: int | None = None
    serial: int | None = None


def photo_url(verdict: Verdict) -> str | None:
    """Where the product photo of a genuine code is served, when it has one."""
    if verdict.photo_path is None or verdict.brand is None or verdict.sku is None:
        return None
    return "/serial/photo?" + urlencode({"brand": verdict.brand, "sku": verdict.sku})


def public_verdict(verdict: Verdict) -> VerificationPublic:
    """The verdict without anything internal (no key ids, no paths)."""
    product = None
    if verdict.product_name is not None and verdict.sku is not None:
        product = ProductPublic(
            sku=verdict.sku, name=verdict.product_name, photo_url=photo_url(verdict)
        )
    return VerificationPublic(
        outcome=verdict.outcome.value,
        message=verdict.message,
        brand=verdict.brand_name,
        product=product,
        batch=verdict.batch if product else None,
        serial=verdict.serial if product else None,
    )


def unavailable() -> JSONResponse:
    """503 problem+json: the database cannot be reached; says nothing more."""
    return JSONResponse(
        {"type": "about:blank", "title": "Verification unavailable", "status": 503,
         "detail": "verification is unavailable right now; try again later"},
        status_code=503,
        media_type="application/problem+json",
    )  # fmt: skip


def _verify(service: ServiceDep, request: Request, code: str, country: str | None) -> Response:
    try:
        verdict = service.verify(code, country or header_country(request), channel="api")
    except SQLAlchemyError:
        return unavailable()
    return JSONResponse(public_verdict(verdict).model_dump())


@router.post("/api/serial/verify", response_model=VerificationPublic, dependencies=[RateLimited])
def verify_post(body: VerificationRequest, service: ServiceDep, request: Request) -> Response:
    """Verify a code: genuine, forged, unknown, revoked, suspected clone, or not a valid code."""
    return _verify(service, request, body.code, body.country)


@router.get("/api/serial/verify", response_model=VerificationPublic, dependencies=[RateLimited])
def verify_get(
    service: ServiceDep,
    request: Request,
    code: Annotated[str, Query(max_length=MAX_CODE_TEXT)],
    country: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The same check as POST, for links and QR scanners."""
    return _verify(service, request, code, country)


@router.get("/.well-known/truemark-keys.json", dependencies=[RateLimited])
def published_keys(service: ServiceDep) -> Response:
    """Every brand's public signing keys and SKU tags: all an offline verifier needs."""
    try:
        document = export_keys(service.store)
    except SQLAlchemyError:
        return unavailable()
    return Response(
        document, media_type="application/json", headers={"Cache-Control": "max-age=300"}
    )


@router.get("/serial/photo", dependencies=[RateLimited], include_in_schema=False)
def product_photo(
    service: ServiceDep,
    brand: Annotated[str, Query(max_length=100)],
    sku: Annotated[str, Query(max_length=100)],
) -> Response:
    """The first reference photo of a brand's product, as shown beside a genuine verdict."""
    try:
        with service.store.unit_of_work() as work:
            images = work.catalog.reference_images(Scope.everything(), brand)
    except SQLAlchemyError:
        return unavailable()
    paths = sorted(image.path for image in images if image.sku == sku)
    if not paths or not Path(paths[0]).is_file():
        return JSONResponse({"detail": "no photo"}, status_code=404)
    return FileResponse(paths[0])
