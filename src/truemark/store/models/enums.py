"""Enum column types stored as checked strings (no native PostgreSQL enum to migrate)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum

from truemark.store.records import OrganizationKind, Role


def _string_enum(enum: type[StrEnum], name: str) -> Enum:
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


ORGANIZATION_KIND = _string_enum(OrganizationKind, "organization_kind")
ROLE = _string_enum(Role, "role")
