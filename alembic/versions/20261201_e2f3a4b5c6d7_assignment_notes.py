"""work queue: assignment of an application, and internal notes on it

Revision ID: e2f3a4b5c6d7
Revises: a9b8c7d6e5f4
Create Date: 2026-12-01 11:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e2f3a4b5c6d7"
down_revision: str | None = "a9b8c7d6e5f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            "fk_application_assigned_to_id_account", "account", ["assigned_to_id"], ["id"]
        )
        batch.create_index("ix_application_assigned_to_id", ["assigned_to_id"], unique=False)
    op.create_table(
        "application_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_application_note_application_at",
        "application_note",
        ["application_id", "at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_application_note_application_at", table_name="application_note")
    op.drop_table("application_note")
    with op.batch_alter_table("application") as batch:
        batch.drop_index("ix_application_assigned_to_id")
        batch.drop_constraint("fk_application_assigned_to_id_account", type_="foreignkey")
        batch.drop_column("assigned_at")
        batch.drop_column("assigned_to_id")
