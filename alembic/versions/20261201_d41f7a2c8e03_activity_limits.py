"""activity limits: the least and most one PD activity may count, per kind (rule settings)

Revision ID: d41f7a2c8e03
Revises: 9b4e6f1d2c83
Create Date: 2026-12-01 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d41f7a2c8e03"
down_revision: str | None = "9b4e6f1d2c83"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SETTINGS = [
    ("max_activity_ceu", 10, "Most CEUs one activity may count"),
    ("min_activity_semester_hours", 1, "Fewest semester hours one course may count"),
    ("max_activity_semester_hours", 15, "Most semester hours one course may count"),
    ("min_activity_semi_credits", 1, "Fewest SEMI credits one activity may count"),
    ("max_activity_semi_credits", 70, "Most SEMI credits one activity may count"),
]


def upgrade() -> None:
    setting = sa.table(
        "rule_setting",
        sa.column("key", sa.String),
        sa.column("value", sa.Float),
        sa.column("description", sa.String),
    )
    op.bulk_insert(setting, [{"key": k, "value": v, "description": d} for k, v, d in _SETTINGS])


def downgrade() -> None:
    keys = ", ".join(f"'{k}'" for k, _, _ in _SETTINGS)
    op.execute(f"DELETE FROM rule_setting WHERE key IN ({keys})")
