"""sessions and tickets record the second factor; the last one-time code step per account

Revision ID: c1a2b3c4d5e6
Revises: d41f7a2c8e03
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c1a2b3c4d5e6"
down_revision: str | None = "d41f7a2c8e03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Sessions open before this revision never recorded a code: they carry no approver or
    # staff role until their account signs in again with one.
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("second_factor", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("session_ticket", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("second_factor", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
    with op.batch_alter_table("session_ticket", schema=None) as batch_op:
        batch_op.drop_column("second_factor")
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.drop_column("second_factor")
