"""claim attempts: counted per license number and client address; claims await confirmation

Revision ID: b3c4d5e6f7a8
Revises: f7e8d9c0b1a2
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b3c4d5e6f7a8"
down_revision: str | None = "f7e8d9c0b1a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("license_claim_attempt") as batch:
        batch.add_column(
            sa.Column(
                "client_address",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
        batch.add_column(
            sa.Column("notice_sent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    # Claims made before confirmation existed stay as they were: confirmed.
    op.execute("UPDATE license_claim_attempt SET confirmed_at = at WHERE succeeded")
    op.create_index(
        "ix_license_claim_attempt_number_at", "license_claim_attempt", ["license_number", "at"]
    )
    op.create_index(
        "ix_license_claim_attempt_address_at", "license_claim_attempt", ["client_address", "at"]
    )


def downgrade() -> None:
    op.drop_index("ix_license_claim_attempt_address_at", table_name="license_claim_attempt")
    op.drop_index("ix_license_claim_attempt_number_at", table_name="license_claim_attempt")
    with op.batch_alter_table("license_claim_attempt") as batch:
        batch.drop_column("confirmed_at")
        batch.drop_column("notice_sent")
        batch.drop_column("client_address")
