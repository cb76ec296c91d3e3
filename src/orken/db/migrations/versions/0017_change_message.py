"""change message: the optional note a person gives with a change (``change_log.message``)

Revision ID: 0017_change_message
Revises: 0007_integrity
"""

import sqlalchemy as sa
from alembic import op

revision = '0017_change_message'
down_revision = '0007_integrity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('change_log') as batch:
        batch.add_column(sa.Column('message', sa.Text(), server_default=sa.text('NULL'), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('change_log') as batch:
        batch.drop_column('message')
