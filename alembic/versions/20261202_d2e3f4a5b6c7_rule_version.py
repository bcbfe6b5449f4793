"""rule version: a counter every write to the rule tables raises (triggers), so readers can
cache the rules and know at once, in every process, when they changed

Revision ID: d2e3f4a5b6c7
Revises: f1a2b3c4d5e6
Create Date: 2026-12-02 06:10:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d2e3f4a5b6c7"
down_revision: str | None = "f1a2b3c4d5e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As models.rules.RULE_TABLES when this was written.
TABLES = ("renewal_option", "renewal_option_part", "rule_setting", "rule_change")
VERBS = ("INSERT", "UPDATE", "DELETE")
BUMP = "UPDATE rule_version SET version = version + 1"


def upgrade() -> None:
    op.create_table(
        "rule_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("stamp", sa.String(length=32), nullable=False, server_default=""),
    )
    op.execute(
        sa.text("INSERT INTO rule_version (id, version, stamp) VALUES (1, 0, :stamp)").bindparams(
            stamp=uuid.uuid4().hex
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_rule_version() RETURNS trigger AS $$ "
            f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_bump_rule_version AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_rule_version()"
            )
        return
    for table in TABLES:
        for verb in VERBS:
            op.execute(
                f"CREATE TRIGGER {table}_bump_on_{verb.lower()} AFTER {verb} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_rule_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_rule_version()")
    else:
        for table in TABLES:
            for verb in VERBS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_on_{verb.lower()}")
    op.drop_table("rule_version")
