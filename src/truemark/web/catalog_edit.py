"""A brand edits its own catalog from the portal: add a product (price, photo) or an
authorized seller. The brand's stored catalog is read back, changed, and imported again with
the catalog importer, so every rule of ``truemark catalog import`` holds (photos hashed, stored
photos whose file is not on this machine kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from truemark.cases.access import WRITERS, Principal
from truemark.catalog import Brand, Catalog, Product, Trademark
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import Problem, ValidationError
from truemark.store import OrganizationKind, Scope, UnitOfWork

BRANDS = frozenset({OrganizationKind.BRAND})
SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})


@dataclass(frozen=True, slots=True)
class NewProduct:
    sku: str
    name: str
    category: str
    msrp: float
    currency: str


def _stored_brand(work: UnitOfWork, scope: Scope, slug: str) -> Brand:
    """The brand as the database holds it, in the catalog's own model."""
    record = work.catalog.brand(scope, slug)
    photos: dict[str, list[Path]] = {}
    for image in work.catalog.reference_images(scope, slug):
        photos.setdefault(image.sku, []).append(Path(image.path))
    products = tuple(
        Product(
            p.sku,
            p.name,
            p.category,
            float(p.msrp),
            p.currency,
            float(p.msrp),
            tuple(photos.get(p.sku, ())),
        )
        for p in work.catalog.products(scope, slug)
    )
    trademarks = tuple(
        Trademark(number=t.number, office=t.office, classes=t.classes)
        for t in work.catalog.trademarks(scope, slug)
    )
    return Brand(
        slug,
        record.name,
        record.owner,
        record.aliases,
        trademarks,
        work.catalog.authorized_sellers(scope, slug),
        products,
    )


def _save(work: UnitOfWork, principal: Principal, brand: Brand, change: StateChange) -> None:
    work.catalog.import_catalog(Catalog(1, {"USD": 1.0}, (brand,), None), brand.owner)
    Enforcer(work, principal.actor, principal.organization_id).apply([change])


def _scope(principal: Principal) -> Scope:
    principal.require(BRANDS, WRITERS, "edit the brand catalog")
    assert principal.organization_id is not None
    return Scope.of(principal.organization_id)


def _checked(product: NewProduct, existing: Brand) -> list[Problem]:
    problems = []
    if not SKU.match(product.sku):
        problems.append(
            Problem(
                "product",
                "is not a valid SKU",
                field="sku",
                hint="letters, digits, '.', '_' or '-', up to 64",
            )
        )
    if any(p.sku == product.sku for p in existing.products):
        problems.append(Problem("product", f"SKU {product.sku!r} exists already", field="sku"))
    if not product.name.strip():
        problems.append(Problem("product", "needs a name", field="name"))
    if not product.msrp > 0:
        problems.append(Problem("product", "MSRP must be more than 0", field="msrp"))
    if not re.fullmatch(r"[A-Z]{3}", product.currency):
        problems.append(Problem("product", "is not an ISO 4217 code", field="currency"))
    return problems


def add_product(
    work: UnitOfWork,
    principal: Principal,
    brand_slug: str,
    product: NewProduct,
    photo: tuple[str, bytes] | None,
    photo_dir: Path,
) -> None:
    """Add a product with its MSRP and (optionally) a reference photo kept in ``photo_dir``."""
    brand = _stored_brand(work, _scope(principal), brand_slug)
    problems = _checked(product, brand)
    suffix = Path(photo[0]).suffix.lower() if photo else ""
    if photo and suffix not in PHOTO_SUFFIXES:
        problems.append(Problem("product", "photo must be JPEG, PNG or WebP", field="photo"))
    ValidationError.raise_if_any(problems, "the product cannot be added")
    images: tuple[Path, ...] = ()
    if photo:
        path = (photo_dir / brand_slug / f"{product.sku}{suffix}").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(photo[1])
        images = (path,)
    added = Product(
        product.sku,
        product.name.strip(),
        product.category.strip() or "other",
        product.msrp,
        product.currency,
        product.msrp,
        images,
    )
    change = StateChange(
        "catalog.product_added",
        f"brand:{brand_slug}",
        (("sku", product.sku), ("msrp", product.msrp)),
    )
    _save(work, principal, replace(brand, products=(*brand.products, added)), change)


def add_authorized_seller(
    work: UnitOfWork, principal: Principal, brand_slug: str, seller_id: str
) -> None:
    """Allow a seller to sell the brand (its use of the brand's photos is then no flag)."""
    brand = _stored_brand(work, _scope(principal), brand_slug)
    if not seller_id.strip():
        raise ValidationError([Problem("seller", "needs a seller id", field="seller_id")])
    sellers = brand.authorized_sellers | {seller_id.strip()}
    change = StateChange(
        "catalog.seller_authorized", f"brand:{brand_slug}", (("seller_id", seller_id.strip()),)
    )
    _save(work, principal, replace(brand, authorized_sellers=frozenset(sellers)), change)
