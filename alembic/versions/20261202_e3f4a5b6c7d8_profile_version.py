"""profile version: a counter per educator that every write to what their tracker page shows
raises (triggers), so an unchanged tracker is not recomputed when the page opens again

Revision ID: e3f4a5b6c7d8
Revises: d2e3f4a5b6c7
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e3f4a5b6c7d8"
down_revision: str | None = "d2e3f4a5b6c7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As models.educator.PROFILE_TABLES when this was written: table -> its educator column.
TABLES = {
    "pd_activity": "holder_id",
    "evidence_file": "owner_id",
    "license": "holder_id",
    "application": "applicant_id",
}
UPSERT = (
    "INSERT INTO profile_version (profile_id, version) VALUES ({0}, 1) "
    "ON CONFLICT (profile_id) DO UPDATE SET version = profile_version.version + 1"
)


def upgrade() -> None:
    op.create_table(
        "profile_version",
        sa.Column("profile_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()


def _postgresql() -> None:
    for table, column in TABLES.items():
        op.execute(
            f"CREATE FUNCTION {table}_bump_profile_version() RETURNS trigger AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {UPSERT.format(f'OLD.{column}')}; END IF; "
            f"IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.{column} IS DISTINCT FROM "
            f"OLD.{column}) THEN {UPSERT.format(f'NEW.{column}')}; END IF; "
            "RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_bump_profile_version AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_bump_profile_version()"
        )


def _sqlite() -> None:
    for table, column in TABLES.items():
        old, new = UPSERT.format(f"OLD.{column}"), UPSERT.format(f"NEW.{column}")
        op.execute(
            f"CREATE TRIGGER {table}_profile_on_insert AFTER INSERT ON {table} BEGIN {new}; END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_profile_on_delete AFTER DELETE ON {table} BEGIN {old}; END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_profile_on_update AFTER UPDATE ON {table} BEGIN {old}; END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_profile_on_move AFTER UPDATE OF {column} ON {table} "
            f"WHEN NEW.{column} IS NOT OLD.{column} BEGIN {new}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_profile_version ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_bump_profile_version()")
    else:
        for table in TABLES:
            for verb in ("insert", "delete", "update", "move"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_profile_on_{verb}")
    op.drop_table("profile_version")
