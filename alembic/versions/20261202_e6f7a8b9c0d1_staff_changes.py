"""staff changes: an educator's request to change employing district, confirmed by the
new district or the state office

Revision ID: e6f7a8b9c0d1
Revises: e2f3a4b5c6d7
Create Date: 2026-12-02 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e6f7a8b9c0d1"
down_revision: str | None = "e2f3a4b5c6d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("from_district_id", sa.Integer(), nullable=True),
        sa.Column("to_district_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'declined', 'cancelled')",
            name="ck_staff_change_status",
        ),
        sa.ForeignKeyConstraint(["profile_id"], ["educator_profile.id"]),
        sa.ForeignKeyConstraint(["from_district_id"], ["district.id"]),
        sa.ForeignKeyConstraint(["to_district_id"], ["district.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_change_profile_id", "staff_change", ["profile_id"], unique=False)
    op.create_index(
        "ix_staff_change_to_status", "staff_change", ["to_district_id", "status"], unique=False
    )
    op.create_index(
        "uq_staff_change_pending",
        "staff_change",
        ["profile_id"],
        unique=True,
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("uq_staff_change_pending", table_name="staff_change")
    op.drop_index("ix_staff_change_to_status", table_name="staff_change")
    op.drop_index("ix_staff_change_profile_id", table_name="staff_change")
    op.drop_table("staff_change")
