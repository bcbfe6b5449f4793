"""look-up: name index in full sort order, byte-wise (COLLATE "C") name keys on PostgreSQL

The public look-up finds name prefixes with range conditions (key >= 'smi' AND
key < 'smj') and returns holders in (last_name_key, first_name_key, id) order.
- ix_educator_profile_name_key (last, first) becomes ix_educator_profile_name_sort
  (last, first, id): on PostgreSQL the index then gives the whole order, so a page is
  read with LIMIT and no sort (SQLite's index already ends with the rowid).
- PostgreSQL: under a locale collation (en_US.UTF-8, ...) the range is not exactly
  "starts with 'smi'" and the order differs from SQLite's; COLLATE "C" makes both
  byte-wise, like SQLite's BINARY.

Revision ID: 30342806385b
Revises: abecbc6c2f5d
Create Date: 2026-11-24 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '30342806385b'
down_revision: str | None = 'abecbc6c2f5d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("first_name_key", "last_name_key")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    # Drop first: changing the collation would otherwise rebuild an index about to go.
    op.drop_index("ix_educator_profile_name_key", table_name="educator_profile")
    if _is_postgresql():
        for column in _COLUMNS:
            op.alter_column(
                "educator_profile",
                column,
                type_=sa.String(length=100, collation="C"),
                existing_type=sa.String(length=100),
                existing_nullable=False,
            )
    op.create_index(
        "ix_educator_profile_name_sort",
        "educator_profile",
        ["last_name_key", "first_name_key", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_educator_profile_name_sort", table_name="educator_profile")
    if _is_postgresql():
        for column in _COLUMNS:
            op.alter_column(
                "educator_profile",
                column,
                type_=sa.String(length=100),
                existing_type=sa.String(length=100, collation="C"),
                existing_nullable=False,
            )
    op.create_index(
        "ix_educator_profile_name_key",
        "educator_profile",
        ["last_name_key", "first_name_key"],
        unique=False,
    )
