"""public disciplinary notices on a license (issue 16 item 7)

Revision ID: c3d4e5f6a7b8
Revises: e6f7a8b9c0d1
Create Date: 2026-12-02 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c3d4e5f6a7b8"
down_revision: str | None = "e6f7a8b9c0d1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disciplinary_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("license_id", sa.Integer(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["license_id"], ["license.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_disciplinary_notice_license_effective",
        "disciplinary_notice",
        ["license_id", "effective_on"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_disciplinary_notice_license_effective", table_name="disciplinary_notice")
    op.drop_table("disciplinary_notice")
