"""news: facts read from documents and the analyst's review queue

Revision ID: 0004
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
import orken.db.types  # noqa: F401  (custom column types)


revision = '0004'
down_revision = '0001'
branch_labels = ('news',)
depends_on = None


def upgrade() -> None:
    op.create_table('news_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=True),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('measure', sa.String(length=30), nullable=False),
    sa.Column('value', orken.db.types.ExactDecimal(), nullable=True),
    sa.Column('unit', sa.String(length=10), nullable=True),
    sa.Column('qualifier', sa.String(length=20), nullable=True),
    sa.Column('period', sa.String(length=10), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('subject_text', sa.Text(), nullable=True),
    sa.Column('subject_type', sa.String(length=20), nullable=True),
    sa.Column('location_text', sa.Text(), nullable=True),
    sa.Column('location_kato', sa.String(length=9), nullable=True),
    sa.Column('implied_status', sa.String(length=30), nullable=True),
    sa.Column('actual', sa.Boolean(), nullable=False),
    sa.Column('confidence', orken.db.types.ExactDecimal(), nullable=True),
    sa.Column('target', sa.String(length=40), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('zone_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('region_kato', sa.String(length=9), nullable=True),
    sa.Column('link_score', orken.db.types.ExactDecimal(), nullable=True),
    sa.Column('link_method', sa.String(length=20), nullable=True),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.Column('proposal', sa.JSON(), nullable=True),
    sa.Column('review_status', sa.String(length=10), nullable=False),
    sa.Column('review_reason', sa.Text(), nullable=True),
    sa.Column('reviewed_by', sa.String(length=200), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('applied', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_news_facts_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_news_facts_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_news_facts_project_id_projects'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_news_facts_zone_id_zones'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_facts'))
    )
    op.create_index(op.f('ix_news_facts_document_id'), 'news_facts', ['document_id'], unique=False)
    op.create_index(op.f('ix_news_facts_measure'), 'news_facts', ['measure'], unique=False)
    op.create_index(op.f('ix_news_facts_organisation_id'), 'news_facts', ['organisation_id'], unique=False)
    op.create_index(op.f('ix_news_facts_project_id'), 'news_facts', ['project_id'], unique=False)
    op.create_index(op.f('ix_news_facts_region_kato'), 'news_facts', ['region_kato'], unique=False)
    op.create_index('ix_news_facts_review_status_id', 'news_facts', ['review_status', 'id'], unique=False)
    op.create_index(op.f('ix_news_facts_zone_id'), 'news_facts', ['zone_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_news_facts_zone_id'), table_name='news_facts')
    op.drop_index('ix_news_facts_review_status_id', table_name='news_facts')
    op.drop_index(op.f('ix_news_facts_region_kato'), table_name='news_facts')
    op.drop_index(op.f('ix_news_facts_project_id'), table_name='news_facts')
    op.drop_index(op.f('ix_news_facts_organisation_id'), table_name='news_facts')
    op.drop_index(op.f('ix_news_facts_measure'), table_name='news_facts')
    op.drop_index(op.f('ix_news_facts_document_id'), table_name='news_facts')
    op.drop_table('news_facts')
