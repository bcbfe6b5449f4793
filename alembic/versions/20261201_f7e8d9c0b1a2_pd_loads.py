"""pd loads: each bulk load and its rows (for listing and rollback), a provider's record key
on loaded activities, and voiding an activity

Revision ID: f7e8d9c0b1a2
Revises: c1a2b3c4d5e6
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "f7e8d9c0b1a2"
down_revision: str | None = "c1a2b3c4d5e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pd_load",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("rolled_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rolled_back_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('loading', 'loaded', 'rolled_back')", name="ck_pd_load_status"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["rolled_back_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "pd_load_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("educator", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("amount", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('added', 'updated', 'skipped')", name="ck_pd_load_row_outcome"
        ),
        sa.ForeignKeyConstraint(["load_id"], ["pd_load.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pd_load_row", schema=None) as batch_op:
        batch_op.create_index("ix_pd_load_row_load_id", ["load_id"], unique=False)
        batch_op.create_index("ix_pd_load_row_activity_id", ["activity_id"], unique=False)
    with op.batch_alter_table("pd_activity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("record_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "void_reason",
                sqlmodel.sql.sqltypes.AutoString(length=500),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_foreign_key(
            "fk_pd_activity_voided_by_id_account", "account", ["voided_by_id"], ["id"]
        )
        batch_op.create_index(
            "uq_pd_activity_record_key",
            ["source", "record_key"],
            unique=True,
            sqlite_where=sa.text("record_key IS NOT NULL"),
            postgresql_where=sa.text("record_key IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("pd_activity", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_pd_activity_record_key",
            sqlite_where=sa.text("record_key IS NOT NULL"),
            postgresql_where=sa.text("record_key IS NOT NULL"),
        )
        batch_op.drop_constraint("fk_pd_activity_voided_by_id_account", type_="foreignkey")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by_id")
        batch_op.drop_column("voided_at")
        batch_op.drop_column("record_key")
    with op.batch_alter_table("pd_load_row", schema=None) as batch_op:
        batch_op.drop_index("ix_pd_load_row_activity_id")
        batch_op.drop_index("ix_pd_load_row_load_id")
    op.drop_table("pd_load_row")
    op.drop_table("pd_load")
