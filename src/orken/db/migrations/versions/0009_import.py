"""import: the precision of the projects' launch dates

A launch "2025" or "IV кв. 2025" in a regional sheet is a year or a quarter, not 1 January or
1 October: the date is stored as the first day of its period, with ``launch_*_precision`` saying
which period ("year", "quarter", "month"; NULL or "day" for a date). Alerts compare a planned
launch at its precision (``launch_slipped`` only once the whole stated period has passed).

Revision ID: 0009_import
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op


revision = '0009_import'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('launch_planned_precision', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('launch_actual_precision', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('launch_actual_precision')
        batch_op.drop_column('launch_planned_precision')
