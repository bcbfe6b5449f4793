"""license: the prior validity period, kept when a renewal is approved before the current
period ends (the license stays valid under it until the renewed period begins)

Revision ID: b2c3d4e5f6a7
Revises: c3d4e5f6a7b8
Create Date: 2026-12-02 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b2c3d4e5f6a7"
down_revision: str | None = "c3d4e5f6a7b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("license") as batch:
        batch.add_column(sa.Column("prior_valid_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("prior_expires_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("license") as batch:
        batch.drop_column("prior_expires_on")
        batch.drop_column("prior_valid_from")
