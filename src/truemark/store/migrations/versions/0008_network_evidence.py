"""What else raised a network's risk, kept with it: the confirmed fakes bought from its accounts
(``truemark networks --test-buys``) and the alliance intel that names one of them.

Revision ID: 0008_network
Revises: 0007_queue
Create Date: 2026-12-04 23:58:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_network"
down_revision: str | Sequence[str] | None = "0007_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("networks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("test_buy_fakes", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "intel",
                sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                server_default="[]",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("networks", schema=None) as batch_op:
        batch_op.drop_column("intel")
        batch_op.drop_column("test_buy_fakes")
