"""zones: the catalogue an investor searches (years, specialisation, incentives, reported figures,
as-of), infrastructure with capacity and due year, and the zones' KPI targets per year

Revision ID: 0011_zones
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
import orken.db.types  # noqa: F401  (custom column types)


revision = '0011_zones'
down_revision = '0001'
branch_labels = None
depends_on = None

ZONE_COLUMNS = (
    ('established_year', sa.Integer),
    ('valid_until_year', sa.Integer),
    ('specialisation_oked', sa.JSON),
    ('specialisation', sa.JSON),
    ('incentives', sa.JSON),
    ('management_contact', sa.Text),
    ('participants_count', sa.Integer),
    ('projects_count', sa.Integer),
    ('reported_investment_kzt', orken.db.types.Tenge),
    ('reported_jobs', sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table('zones', schema=None) as batch_op:
        for name, kind in ZONE_COLUMNS:
            batch_op.add_column(sa.Column(name, kind(), nullable=True))
        batch_op.add_column(sa.Column('as_of', sa.String(length=10), nullable=True))
    with op.batch_alter_table('zone_infrastructure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capacity_mw', orken.db.types.ExactDecimal(), nullable=True))
        batch_op.add_column(sa.Column('year', sa.Integer(), nullable=True))
    op.create_table('zone_targets',
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('investment_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('jobs', sa.Integer(), nullable=True),
    sa.Column('output_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('local_content_percent', orken.db.types.ExactDecimal(), nullable=True),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_zone_targets_zone_id_zones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('zone_id', 'year', name=op.f('pk_zone_targets'))
    )


def downgrade() -> None:
    op.drop_table('zone_targets')
    with op.batch_alter_table('zone_infrastructure', schema=None) as batch_op:
        batch_op.drop_column('year')
        batch_op.drop_column('capacity_mw')
    with op.batch_alter_table('zones', schema=None) as batch_op:
        batch_op.drop_column('as_of')
        for name, _kind in reversed(ZONE_COLUMNS):
            batch_op.drop_column(name)
