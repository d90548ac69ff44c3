"""Serialization: brand signing keys, issued serial ranges, verifications, clone flags.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 09:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _brand_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["brand_id", "organization_id"],
        ["brands.id", "brands.organization_id"],
        name=f"fk_{table}_brand",
        ondelete="CASCADE",
        onupdate="CASCADE",
    )


def _owned() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
    ]


def _key_reference(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["serial_key_id"],
        ["serial_keys.id"],
        name=f"fk_{table}_serial_key_id_serial_keys",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "serial_keys",
        *_owned(),
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("sealed_private_key", sa.LargeBinary(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        _brand_key("serial_keys"),
        sa.PrimaryKeyConstraint("id", name="pk_serial_keys"),
        sa.UniqueConstraint("key_id", name="uq_serial_keys_key_id"),
    )
    op.create_index("ix_serial_keys_organization_id", "serial_keys", ["organization_id"])
    op.create_index("ix_serial_keys_brand_id", "serial_keys", ["brand_id"])

    op.create_table(
        "serial_ranges",
        *_owned(),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("serial_key_id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("first_serial", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        _brand_key("serial_ranges"),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name="fk_serial_ranges_product_id_products",
            ondelete="CASCADE",
        ),
        _key_reference("serial_ranges"),
        sa.PrimaryKeyConstraint("id", name="pk_serial_ranges"),
    )
    op.create_index("ix_serial_ranges_organization_id", "serial_ranges", ["organization_id"])
    op.create_index(
        "ix_serial_ranges_key_first", "serial_ranges", ["serial_key_id", "first_serial"]
    )

    op.create_table(
        "serial_verifications",
        *_owned(),
        sa.Column("serial_key_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        _brand_key("serial_verifications"),
        _key_reference("serial_verifications"),
        sa.PrimaryKeyConstraint("id", name="pk_serial_verifications"),
    )
    op.create_index(
        "ix_serial_verifications_organization_id", "serial_verifications", ["organization_id"]
    )
    op.create_index(
        "ix_serial_verifications_unit",
        "serial_verifications",
        ["serial_key_id", "serial", "verified_at"],
    )

    op.create_table(
        "serial_clone_flags",
        *_owned(),
        sa.Column("serial_key_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=False),
        sa.Column("code", sa.String(length=140), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        _brand_key("serial_clone_flags"),
        _key_reference("serial_clone_flags"),
        sa.PrimaryKeyConstraint("id", name="pk_serial_clone_flags"),
        sa.UniqueConstraint(
            "serial_key_id",
            "serial",
            "reason",
            name="uq_serial_clone_flags_serial_key_id_serial_reason",
        ),
    )
    op.create_index(
        "ix_serial_clone_flags_organization_id", "serial_clone_flags", ["organization_id"]
    )


def downgrade() -> None:
    for table in ("serial_clone_flags", "serial_verifications", "serial_ranges", "serial_keys"):
        op.drop_table(table)
