"""Catalog data in the store: import a catalog; read brands, products and photos by scope."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from truemark.catalog import Catalog
from truemark.errors import NotFoundError
from truemark.store.models import AuthorizedSeller, Brand, BrandReferenceImage, Product, Trademark
from truemark.store.records import (
    BrandRecord,
    ProductRecord,
    ReferenceImageRecord,
    Scope,
    TrademarkRecord,
)
from truemark.store.reports import CatalogImportReport
from truemark.store.repositories.catalog_import import CatalogImporter

Query = TypeVar("Query", bound=Select)


def scoped(query: Query, scope: Scope) -> Query:
    """Restrict a query over brands (joined or selected) to the scope's organization."""
    if scope.organization_id is None:
        return query
    return query.where(Brand.organization_id == scope.organization_id)


def _brand_record(row: Brand) -> BrandRecord:
    return BrandRecord(
        id=row.id,
        organization_id=row.organization_id,
        slug=row.slug,
        name=row.name,
        owner=row.owner,
        aliases=tuple(row.aliases),
    )


class CatalogRepository:
    """Brands and what they own; every read takes the caller's scope."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def import_catalog(
        self, catalog: Catalog, organization: str | None = None
    ) -> CatalogImportReport:
        """Upsert the catalog's brands. Each brand goes to an organization of kind brand named
        after its owner (created when missing), or to ``organization`` when one is given.
        Importing the same catalog twice changes nothing the second time.
        """
        return CatalogImporter(self._session).run(catalog, organization)

    def brands(self, scope: Scope) -> list[BrandRecord]:
        """The brands visible in the scope, by slug."""
        rows = self._session.scalars(scoped(select(Brand), scope).order_by(Brand.slug))
        return [_brand_record(row) for row in rows]

    def brand(self, scope: Scope, slug: str) -> BrandRecord:
        """One brand by its catalog id; NotFoundError also when it is outside the scope."""
        row = self._session.scalar(scoped(select(Brand).where(Brand.slug == slug), scope))
        if row is None:
            raise NotFoundError(f"no brand {slug!r}")
        return _brand_record(row)

    def trademarks(self, scope: Scope, brand_slug: str | None = None) -> list[TrademarkRecord]:
        """Registered marks of the scope's brands (of one brand, when given)."""
        query = select(Trademark, Brand.slug).join(Brand, Brand.id == Trademark.brand_id)
        query = scoped(_of_brand(query, brand_slug), scope).order_by(Brand.slug, Trademark.id)
        return [
            TrademarkRecord(slug, mark.number, mark.office, tuple(mark.classes))
            for mark, slug in self._session.execute(query)
        ]

    def products(self, scope: Scope, brand_slug: str | None = None) -> list[ProductRecord]:
        """Genuine products of the scope's brands (of one brand, when given), by brand and SKU."""
        query = select(Product, Brand.slug).join(Brand, Brand.id == Product.brand_id)
        query = scoped(_of_brand(query, brand_slug), scope).order_by(Brand.slug, Product.sku)
        return [
            ProductRecord(row.id, slug, row.sku, row.name, row.category, row.msrp, row.currency)
            for row, slug in self._session.execute(query)
        ]

    def reference_images(
        self, scope: Scope, brand_slug: str | None = None
    ) -> list[ReferenceImageRecord]:
        """Hashed reference photos of the scope's brands (of one brand, when given)."""
        query = (
            select(BrandReferenceImage, Product.sku, Brand.slug)
            .join(Product, Product.id == BrandReferenceImage.product_id)
            .join(Brand, Brand.id == BrandReferenceImage.brand_id)
        )
        query = scoped(_of_brand(query, brand_slug), scope)
        query = query.order_by(Brand.slug, Product.sku, BrandReferenceImage.path)
        return [
            ReferenceImageRecord(slug, sku, image.path, image.pdq_hash, image.quality, image.sha256)
            for image, sku, slug in self._session.execute(query)
        ]

    def authorized_sellers(self, scope: Scope, brand_slug: str) -> frozenset[str]:
        """Seller ids the brand authorized; NotFoundError when the brand is outside the scope."""
        brand = self.brand(scope, brand_slug)
        query = select(AuthorizedSeller.seller_id).where(AuthorizedSeller.brand_id == brand.id)
        return frozenset(self._session.scalars(query))


def _of_brand(query: Query, brand_slug: str | None) -> Query:
    return query if brand_slug is None else query.where(Brand.slug == brand_slug)
