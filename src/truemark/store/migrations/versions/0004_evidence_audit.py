"""Evidence and audit: the hash-chained audit log (append-only on PostgreSQL) and its head,
test buys and their photos, referrals to law enforcement and their outcomes, evidence packs,
and organizations' evidence signing keys.

Revision ID: 0004_evidence
Revises: 0003
Create Date: 2026-11-25 10:10:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.schema import SchemaItem

revision: str = "0004_evidence"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# PostgreSQL refuses every UPDATE, DELETE and TRUNCATE of the audit log, whoever asks.
APPEND_ONLY = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""


def _stamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def _organization(table: str, column: str = "organization_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["organizations.id"], name=f"fk_{table}_{column}_organizations"
    )


def _audit() -> None:
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        _stamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.bulk_insert(
        head,
        [{"id": 1, "sequence": 0, "entry_hash": GENESIS_HASH, "updated_at": datetime.now(UTC)}],
    )
    op.create_table(
        "audit_log",
        sa.Column("sequence", sa.BigInteger(), autoincrement=False, nullable=False),
        _stamp("recorded_at"),
        sa.Column("actor", sa.String(length=400), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("subject_type", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.String(length=400), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name="pk_audit_log"),
    )
    _index("audit_log", "action", "organization_id")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY)


def _test_buys() -> None:
    op.create_table(
        "test_buys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.String(length=256), nullable=False),
        sa.Column("seller_id", sa.String(length=256), nullable=False),
        sa.Column("network_id", sa.String(length=256), nullable=True),
        sa.Column("order_ref", sa.String(length=200), nullable=False),
        _stamp("ordered_at"),
        sa.Column("cost", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _stamp("received_at", nullable=True),
        sa.Column("item_received", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("buyer", sa.String(length=400), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=400), nullable=False),
        _stamp("created_at"),
        _organization("test_buys"),
        sa.PrimaryKeyConstraint("id", name="pk_test_buys"),
    )
    _index("test_buys", "listing_id", "network_id", "organization_id", "result", "seller_id")
    op.create_table(
        "test_buy_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("test_buy_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["test_buy_id"],
            ["test_buys.id"],
            name="fk_test_buy_photos_test_buy_id_test_buys",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_test_buy_photos"),
    )
    _index("test_buy_photos", "test_buy_id")


def _referrals() -> None:
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("liaison_organization_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.String(length=256), nullable=True),
        sa.Column("seller_ids", JSON, nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=400), nullable=False),
        _stamp("created_at"),
        _stamp("acknowledged_at", nullable=True),
        sa.Column("acknowledged_by", sa.String(length=400), nullable=True),
        _organization("referrals", "liaison_organization_id"),
        _organization("referrals"),
        sa.PrimaryKeyConstraint("id", name="pk_referrals"),
    )
    _index("referrals", "liaison_organization_id", "network_id", "organization_id", "status")
    outcome_columns: list[SchemaItem] = [
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        _stamp("occurred_at", nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=400), nullable=False),
        _stamp("reported_at"),
    ]
    pack_columns: list[SchemaItem] = [
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_by", sa.String(length=400), nullable=False),
        _stamp("created_at"),
    ]
    for table, columns in (
        ("referral_outcomes", outcome_columns),
        ("evidence_packs", pack_columns),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("referral_id", sa.Integer(), nullable=False),
            *columns,
            sa.ForeignKeyConstraint(
                ["referral_id"],
                ["referrals.id"],
                name=f"fk_{table}_referral_id_referrals",
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        )
        _index(table, "referral_id")


def _evidence_keys() -> None:
    op.create_table(
        "evidence_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("sealed_private_key", sa.LargeBinary(), nullable=False),
        _stamp("created_at"),
        _stamp("retired_at", nullable=True),
        _organization("evidence_keys"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_keys"),
        sa.UniqueConstraint("key_id", name="uq_evidence_keys_key_id"),
    )
    _index("evidence_keys", "organization_id")


def upgrade() -> None:
    _audit()
    _test_buys()
    _referrals()
    _evidence_keys()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in (
        "evidence_keys",
        "evidence_packs",
        "referral_outcomes",
        "referrals",
        "test_buy_photos",
        "test_buys",
        "audit_log",
        "audit_head",
    ):
        op.drop_table(table)
