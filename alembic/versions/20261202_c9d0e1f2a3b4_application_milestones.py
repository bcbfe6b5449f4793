"""application milestones for the reports: first submission and the district's decision,
kept on the application so processing times read one indexed row per application

Revision ID: c9d0e1f2a3b4
Revises: a7b8c9d0e1f2
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c9d0e1f2a3b4"
down_revision: str | None = "a7b8c9d0e1f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As domain.status.DISTRICT_STAGE and DISTRICT_DECISIONS when this was written.
_BACKFILL_FIRST = """
UPDATE application SET first_submitted_at = (
    SELECT MIN(t.at) FROM application_transition t
    WHERE t.application_id = application.id AND t.to_status = 'submitted')
"""
_BACKFILL_DISTRICT = """
UPDATE application SET district_decided_at = (
    SELECT MAX(t.at) FROM application_transition t
    WHERE t.application_id = application.id
      AND t.to_status IN ('approved', 'district_approved', 'rejected')
      AND t.from_status IN ('submitted', 'resubmitted'))
"""


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("first_submitted_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("district_decided_at", sa.DateTime(timezone=True)))
    op.execute(_BACKFILL_FIRST)
    op.execute(_BACKFILL_DISTRICT)
    op.drop_index("ix_application_status_decided", table_name="application")
    op.create_index(
        "ix_application_status_decided",
        "application",
        ["status", "decided_at", "district_id", "first_submitted_at"],
    )
    op.create_index(
        "ix_application_district_decided",
        "application",
        ["district_decided_at", "district_id", "first_submitted_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_application_district_decided", table_name="application")
    op.drop_index("ix_application_status_decided", table_name="application")
    op.create_index(
        "ix_application_status_decided", "application", ["status", "decided_at", "district_id"]
    )
    with op.batch_alter_table("application") as batch:
        batch.drop_column("district_decided_at")
        batch.drop_column("first_submitted_at")
