"""Organizations: the operator, alliance brands, law-enforcement liaisons and sellers."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from truemark.errors import InputError, NotFoundError
from truemark.store.models import Organization
from truemark.store.records import OrganizationKind, OrganizationRecord


def slugify(name: str) -> str:
    """A URL-safe, lower-case slug of an organization name (``"Kering S.A."`` -> ``kering-s-a``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not slug:
        raise InputError(f"cannot make an organization slug out of the name {name!r}")
    return slug[:100]


def organization_record(row: Organization) -> OrganizationRecord:
    """The plain record of an organization row."""
    return OrganizationRecord(id=row.id, slug=row.slug, name=row.name, kind=row.kind)


class OrganizationRepository:
    """Find and create organizations by their slug."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(
        self, name: str, kind: OrganizationKind, slug: str | None = None
    ) -> OrganizationRecord:
        """The organization with this slug (default: slug of ``name``), created when missing.

        An existing organization is returned as it is, whatever ``name`` and ``kind`` say.
        """
        slug = slug or slugify(name)
        row = self._session.scalar(select(Organization).where(Organization.slug == slug))
        if row is None:
            row = Organization(slug=slug, name=name, kind=kind)
            self._session.add(row)
            self._session.flush()
        return organization_record(row)

    def by_slug(self, slug: str) -> OrganizationRecord:
        """The organization with this slug; NotFoundError when there is none."""
        row = self._session.scalar(select(Organization).where(Organization.slug == slug))
        if row is None:
            raise NotFoundError(f"no organization with slug {slug!r}")
        return organization_record(row)

    def by_id(self, organization_id: int) -> OrganizationRecord:
        """The organization with this id; NotFoundError when there is none."""
        row = self._session.get(Organization, organization_id)
        if row is None:
            raise NotFoundError(f"no organization with id {organization_id}")
        return organization_record(row)

    def list(self, kind: OrganizationKind | None = None) -> list[OrganizationRecord]:
        """Every organization (of one kind, when given), by slug."""
        query = select(Organization).order_by(Organization.slug)
        if kind is not None:
            query = query.where(Organization.kind == kind)
        return [organization_record(row) for row in self._session.scalars(query)]
