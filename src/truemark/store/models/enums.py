"""Enum column types stored as checked strings (no native PostgreSQL enum to migrate)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum

from truemark.store.records import OrganizationKind, Role


def string_enum(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum column: values stored as strings with a CHECK constraint."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


ORGANIZATION_KIND = string_enum(OrganizationKind, "organization_kind")
ROLE = string_enum(Role, "role")
