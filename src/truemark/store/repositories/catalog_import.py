"""Import a catalog: an idempotent upsert of brands and everything they own.

Brands in the catalog are made equal to it (trademarks, products, photos and authorized sellers
that left the catalog are removed); brands not in the catalog are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truemark.catalog import Brand as CatalogBrand
from truemark.catalog import Catalog
from truemark.errors import Problem
from truemark.store.models import AuthorizedSeller, Brand, BrandReferenceImage, Product, Trademark
from truemark.store.records import OrganizationKind
from truemark.store.reports import CatalogImportReport, TableCounts
from truemark.store.repositories.organizations import OrganizationRepository, slugify
from truemark.store.repositories.reference_images import HashedImage, hash_brand_photos
from truemark.store.repositories.sync import assign, sync_rows

MONEY_STEP = Decimal("0.0001")


def money(amount: float) -> Decimal:
    """A catalog price as the exact decimal the store keeps (four places)."""
    return Decimal(str(amount)).quantize(MONEY_STEP)


class CatalogImporter:
    """Writes one catalog into the store inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._organizations = OrganizationRepository(session)
        self._tables: dict[str, TableCounts] = {}
        self._skipped: list[Problem] = []

    def run(self, catalog: Catalog, organization: str | None = None) -> CatalogImportReport:
        """Import every brand; ``organization`` names one owner for all of them."""
        for brand in catalog.brands:
            owner = organization or brand.owner
            org = self._organizations.get_or_create(owner, OrganizationKind.BRAND, slugify(owner))
            self._import_brand(brand, org.id)
        return CatalogImportReport(tables=dict(self._tables), skipped_images=tuple(self._skipped))

    def _count(self, table: str, counts: TableCounts) -> None:
        self._tables[table] = self._tables.get(table, TableCounts()) + counts

    def _import_brand(self, brand: CatalogBrand, organization_id: int) -> None:
        values = {
            "organization_id": organization_id,
            "name": brand.name,
            "owner": brand.owner,
            "aliases": list(brand.aliases),
        }
        row = self._session.scalar(select(Brand).where(Brand.slug == brand.id))
        if row is None:
            row = Brand(slug=brand.id, **values)
            self._session.add(row)
            self._count("brands", TableCounts(inserted=1))
        else:
            changed = assign(row, values)
            self._count("brands", TableCounts(updated=1) if changed else TableCounts(unchanged=1))
        self._session.flush()  # a new owner cascades to the brand's rows in the database
        owned = {"organization_id": organization_id, "brand_id": row.id}
        self._sync_trademarks(brand, owned)
        self._sync_authorized_sellers(brand, owned)
        self._sync_products(brand, owned)
        self._sync_images(brand, owned)

    def _existing(self, model: Any, brand_id: int, key: Any) -> dict[Any, Any]:
        query = select(model).where(model.brand_id == brand_id)
        rows = self._session.scalars(query.execution_options(populate_existing=True))
        return {key(row): row for row in rows}

    def _sync_trademarks(self, brand: CatalogBrand, owned: Mapping[str, int]) -> None:
        existing = self._existing(Trademark, owned["brand_id"], lambda r: (r.office, r.number))
        desired = {(t.office, t.number): {"classes": list(t.classes)} for t in brand.trademarks}
        counts = sync_rows(
            self._session,
            existing,
            desired,
            lambda key, values: Trademark(**owned, office=key[0], number=key[1], **values),
        )
        self._count("trademarks", counts)

    def _sync_authorized_sellers(self, brand: CatalogBrand, owned: Mapping[str, int]) -> None:
        existing = self._existing(AuthorizedSeller, owned["brand_id"], lambda r: r.seller_id)
        desired: dict[Any, dict[str, Any]] = {s: {} for s in sorted(brand.authorized_sellers)}
        counts = sync_rows(
            self._session,
            existing,
            desired,
            lambda key, _values: AuthorizedSeller(**owned, seller_id=key),
        )
        self._count("authorized_sellers", counts)

    def _sync_products(self, brand: CatalogBrand, owned: Mapping[str, int]) -> None:
        existing = self._existing(Product, owned["brand_id"], lambda r: r.sku)
        desired: dict[Any, dict[str, Any]] = {
            p.sku: {
                "name": p.name,
                "category": p.category,
                "msrp": money(p.msrp),
                "currency": p.currency,
            }
            for p in brand.products
        }
        removed = [row.id for sku, row in existing.items() if sku not in desired]
        photos_removed = self._photos_of(removed)  # counted before the cascade removes them
        counts = sync_rows(
            self._session,
            existing,
            desired,
            lambda key, values: Product(**owned, sku=key, **values),
        )
        self._count("products", counts)
        self._count("brand_reference_images", TableCounts(deleted=photos_removed))
        self._session.flush()  # new products get their ids for the photos

    def _photos_of(self, product_ids: list[int]) -> int:
        """How many stored photos these products have (they go with them, by cascade)."""
        if not product_ids:
            return 0
        query = select(func.count()).where(BrandReferenceImage.product_id.in_(product_ids))
        return self._session.scalar(query) or 0

    def _sync_images(self, brand: CatalogBrand, owned: Mapping[str, int]) -> None:
        products = self._existing(Product, owned["brand_id"], lambda r: r.sku)
        existing = self._existing(
            BrandReferenceImage, owned["brand_id"], lambda r: (r.product_id, r.path)
        )
        known = {
            row.sha256: HashedImage(row.sha256, row.pdq_hash, row.quality)
            for row in existing.values()
        }
        product_ids = {sku: row.id for sku, row in products.items()}
        photos = hash_brand_photos(brand, product_ids, known)
        self._skipped.extend(photos.problems)
        counts = sync_rows(
            self._session,
            existing,
            photos.hashed,
            lambda key, values: BrandReferenceImage(
                **owned, product_id=key[0], path=key[1], **values
            ),
            keep=photos.unreadable,
        )
        self._count("brand_reference_images", counts)
