"""The alliance: intel items (own and imported, with provenance) and sharing rules.

Revision ID: 0005_alliance
Revises: 0004_evidence
Create Date: 2026-11-25 10:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_alliance"
down_revision: str | Sequence[str] | None = "0004_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _stamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _organization(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"], ["organizations.id"], name=f"fk_{table}_organization_id_organizations"
    )


def _intel_items() -> None:
    op.create_table(
        "intel_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=400), nullable=False),
        sa.Column("source", sa.String(length=256), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        _stamp("confirmed_at"),
        _stamp("expires_at", nullable=True),
        sa.Column("created_by", sa.String(length=400), nullable=False),
        _stamp("created_at"),
        _stamp("retracted_at", nullable=True),
        _organization("intel_items"),
        sa.PrimaryKeyConstraint("id", name="pk_intel_items"),
        sa.UniqueConstraint("organization_id", "uid", name="uq_intel_items_organization_id_uid"),
    )
    for column in ("organization_id", "kind", "status"):
        op.create_index(f"ix_intel_items_{column}", "intel_items", [column])


def _sharing_rules() -> None:
    op.create_table(
        "sharing_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("members", JSON, nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=400), nullable=False),
        _stamp("created_at"),
        _organization("sharing_rules"),
        sa.PrimaryKeyConstraint("id", name="pk_sharing_rules"),
        sa.UniqueConstraint(
            "organization_id", "kind", name="uq_sharing_rules_organization_id_kind"
        ),
    )
    op.create_index("ix_sharing_rules_organization_id", "sharing_rules", ["organization_id"])


def upgrade() -> None:
    _intel_items()
    _sharing_rules()


def downgrade() -> None:
    op.drop_table("sharing_rules")
    op.drop_table("intel_items")
