"""application: drop renewal_option_id (never read or written; the option is in the answers)

The renewal option an applicant names is stored in `answers_json` ("renewal_option_id",
read through `services.applications.answers.Answers`); the column was never used.

Revision ID: 9b4e6f1d2c83
Revises: b7d41e0c2a95
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9b4e6f1d2c83"
down_revision: str | None = "b7d41e0c2a95"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Dropping the column drops its foreign key (PostgreSQL; SQLite rebuilds the table).
    with op.batch_alter_table("application") as batch_op:
        batch_op.drop_column("renewal_option_id")


def downgrade() -> None:
    with op.batch_alter_table("application") as batch_op:
        batch_op.add_column(
            sa.Column(
                "renewal_option_id",
                sa.Integer(),
                # PostgreSQL's own name for the initial schema's unnamed key.
                sa.ForeignKey("renewal_option.id", name="application_renewal_option_id_fkey"),
                nullable=True,
            )
        )
