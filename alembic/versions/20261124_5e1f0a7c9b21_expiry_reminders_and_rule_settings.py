"""approvals: expiry_reminder table; rule settings for extensions and provisional licenses

- expiry_reminder records each reminder sent (license, expiry date, days before), so the
  reminder job sends each one once however often it runs.
- rule_setting gains extension_years (how long an extension application extends a
  provisional license) and provisional_validity_years (validity of a new provisional license).

Revision ID: 5e1f0a7c9b21
Revises: 30342806385b
Create Date: 2026-11-24 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5e1f0a7c9b21'
down_revision: str | None = '30342806385b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SETTINGS = [
    ("extension_years", 1, "Years an approved extension adds to a provisional license"),
    ("provisional_validity_years", 3, "Years a newly issued provisional license is valid"),
]


def upgrade() -> None:
    op.create_table(
        'expiry_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('license_id', sa.Integer(), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=False),
        sa.Column('days_before', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['license_id'], ['license.id']),
        sa.ForeignKeyConstraint(['recipient_id'], ['account.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('license_id', 'expires_on', 'days_before', name='uq_expiry_reminder'),
    )
    with op.batch_alter_table('expiry_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expiry_reminder_license_id'), ['license_id'], unique=False)
    setting = sa.table(
        'rule_setting',
        sa.column('key', sa.String),
        sa.column('value', sa.Float),
        sa.column('description', sa.String),
    )
    op.bulk_insert(setting, [{'key': k, 'value': v, 'description': d} for k, v, d in _SETTINGS])


def downgrade() -> None:
    keys = ", ".join(f"'{k}'" for k, _, _ in _SETTINGS)
    op.execute(f"DELETE FROM rule_setting WHERE key IN ({keys})")
    with op.batch_alter_table('expiry_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expiry_reminder_license_id'))
    op.drop_table('expiry_reminder')
