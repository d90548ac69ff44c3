"""The review queue's index: cases by status, then risk and id, so a page of the riskiest queued
cases is read in index order instead of sorting every queued case (it replaces the index on
status alone, which is its first column).

Revision ID: 0007_queue
Revises: 0006_trusted
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_queue"
down_revision: str | Sequence[str] | None = "0006_trusted"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_queue", ["status", "risk", "id"], unique=False)
        batch_op.drop_index(batch_op.f("ix_cases_status"))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)
        batch_op.drop_index("ix_cases_queue")
