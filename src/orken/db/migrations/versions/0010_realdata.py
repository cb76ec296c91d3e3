"""realdata: location precision and as-of dates of projects, source languages, regional statistics, annual rates

Revision ID: 0010_realdata
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from orken.db.types import ExactDecimal

revision = '0010_realdata'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('location_precision', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('status_as_of', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('investment_as_of', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('jobs_as_of', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('launch_planned_text', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('launch_actual_text', sa.String(length=10), nullable=True))
        batch_op.create_index('ix_projects_location_precision', ['location_precision'], unique=False)
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sa.String(length=5), nullable=True))
    op.create_table(
        'indicator_values',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('indicator', sa.String(length=60), nullable=False),
        sa.Column('region_kato', sa.String(length=9), nullable=True),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=True),
        sa.Column('period_text', sa.String(length=40), nullable=True),
        sa.Column('value', ExactDecimal(), nullable=False),
        sa.Column('unit', sa.String(length=20), nullable=False),
        sa.Column('source_url', sa.Text(), nullable=True),
        sa.Column('source_title', sa.Text(), nullable=True),
        sa.Column('source_lang', sa.String(length=5), nullable=True),
        sa.Column('as_of', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('is_sample', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['region_kato'], ['admin_units.kato'],
                                name=op.f('fk_indicator_values_region_kato_admin_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
        sa.UniqueConstraint('indicator', 'region_kato', 'year', 'months', 'period_text', 'source_url',
                            name='uq_indicator_values_key'),
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index('ix_indicator_values_indicator', ['indicator'], unique=False)
        batch_op.create_index('ix_indicator_values_region_kato', ['region_kato'], unique=False)
        batch_op.create_index('ix_indicator_values_year', ['year'], unique=False)
        batch_op.create_index('ix_indicator_values_lookup', ['indicator', 'year', 'region_kato'], unique=False)
    op.create_table(
        'annual_rates',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('rate_kzt', ExactDecimal(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('year', 'currency', name=op.f('pk_annual_rates')),
    )


def downgrade() -> None:
    op.drop_table('annual_rates')
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_index('ix_indicator_values_lookup')
        batch_op.drop_index('ix_indicator_values_year')
        batch_op.drop_index('ix_indicator_values_region_kato')
        batch_op.drop_index('ix_indicator_values_indicator')
    op.drop_table('indicator_values')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('lang')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_location_precision')
        batch_op.drop_column('launch_actual_text')
        batch_op.drop_column('launch_planned_text')
        batch_op.drop_column('jobs_as_of')
        batch_op.drop_column('investment_as_of')
        batch_op.drop_column('status_as_of')
        batch_op.drop_column('location_precision')
