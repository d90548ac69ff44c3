"""The alliance between instances: the keys the operator pinned for remote exporters.

Revision ID: 0006_trusted
Revises: 0005_alliance
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_trusted"
down_revision: str | Sequence[str] | None = "0005_alliance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trusted_exporters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exporter", sa.String(length=100), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("pinned_by", sa.String(length=400), nullable=False),
        sa.Column("pinned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trusted_exporters"),
        sa.UniqueConstraint("exporter", name="uq_trusted_exporters_exporter"),
    )


def downgrade() -> None:
    op.drop_table("trusted_exporters")
