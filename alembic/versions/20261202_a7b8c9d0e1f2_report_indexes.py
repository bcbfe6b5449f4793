"""report indexes: backlog and aging of every district, decisions and submissions per
week, processing times, active licenses expiring per month

Revision ID: a7b8c9d0e1f2
Revises: b2c3d4e5f6a7
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a7b8c9d0e1f2"
down_revision: str | None = "b2c3d4e5f6a7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_application_status_district",
        "application",
        ["status", "district_id", "submitted_at"],
    )
    op.create_index(
        "ix_application_status_decided", "application", ["status", "decided_at", "district_id"]
    )
    op.create_index(
        "ix_application_transition_to_status_at",
        "application_transition",
        ["to_status", "at", "from_status", "application_id"],
    )
    op.create_index(
        "ix_application_transition_first",
        "application_transition",
        ["application_id", "to_status", "at"],
    )
    op.create_index("ix_license_status_expires_on", "license", ["status", "expires_on"])


def downgrade() -> None:
    op.drop_index("ix_license_status_expires_on", table_name="license")
    op.drop_index("ix_application_transition_first", table_name="application_transition")
    op.drop_index("ix_application_transition_to_status_at", table_name="application_transition")
    op.drop_index("ix_application_status_decided", table_name="application")
    op.drop_index("ix_application_status_district", table_name="application")
