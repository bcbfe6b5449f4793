"""legal-name change requests that state staff decide (previous names kept)

Revision ID: a9b8c7d6e5f4
Revises: b3c4d5e6f7a8
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "a9b8c7d6e5f4"
down_revision: str | None = "b3c4d5e6f7a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _name(column: str, default: bool = False) -> sa.Column:
    return sa.Column(
        column,
        sqlmodel.sql.sqltypes.AutoString(length=100),
        nullable=False,
        **({"server_default": ""} if default else {}),
    )


def upgrade() -> None:
    op.create_table(
        "name_change_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        _name("first_name"),
        _name("middle_name", default=True),
        _name("last_name"),
        _name("previous_first_name"),
        _name("previous_middle_name", default=True),
        _name("previous_last_name"),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sqlmodel.sql.sqltypes.AutoString(length=10),
            nullable=False,
            server_default="pending",
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "decision_reason",
            sqlmodel.sql.sqltypes.AutoString(length=500),
            nullable=False,
            server_default="",
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name="ck_name_change_status"
        ),
        sa.ForeignKeyConstraint(["profile_id"], ["educator_profile.id"]),
        sa.ForeignKeyConstraint(["requested_by_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_file.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_name_change_request_profile_id", "name_change_request", ["profile_id"], unique=False
    )
    op.create_index(
        "ix_name_change_request_status_at",
        "name_change_request",
        ["status", "requested_at"],
        unique=False,
    )
    op.create_index(
        "uq_name_change_request_pending",
        "name_change_request",
        ["profile_id"],
        unique=True,
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("uq_name_change_request_pending", table_name="name_change_request")
    op.drop_index("ix_name_change_request_status_at", table_name="name_change_request")
    op.drop_index("ix_name_change_request_profile_id", table_name="name_change_request")
    op.drop_table("name_change_request")
