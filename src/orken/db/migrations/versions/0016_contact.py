"""contact: the contact desks and people of a zone's management company (``zone_contacts``)

Revision ID: 0016_contact
Revises: 0007_integrity
"""

import sqlalchemy as sa
from alembic import op

revision = '0016_contact'
down_revision = '0007_integrity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('zone_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=100), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_zone_contacts_zone_id_zones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zone_contacts')),
    sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_zone_contacts_zone_id'), 'zone_contacts', ['zone_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_zone_contacts_zone_id'), table_name='zone_contacts')
    op.drop_table('zone_contacts')
