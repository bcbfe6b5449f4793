"""session tickets: one-time hand-off from a websocket sign-in to the HttpOnly cookie

Revision ID: 7c3d9e2a4b10
Revises: 5e1f0a7c9b21
Create Date: 2026-11-24 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "7c3d9e2a4b10"
down_revision: str | None = "5e1f0a7c9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("next_path", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("session_ticket", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_ticket_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_session_ticket_token_hash"), ["token_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("session_ticket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_ticket_token_hash"))
        batch_op.drop_index(batch_op.f("ix_session_ticket_account_id"))
    op.drop_table("session_ticket")
