"""watch: news sources and the items polled from them, stories of reprints with their MinHash signatures

Revision ID: 0015_watch
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0015_watch'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tz = sa.DateTime(timezone=True)
    op.create_table('watch_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('every_s', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('etag', sa.String(length=500), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('last_polled_at', tz, nullable=True),
    sa.Column('last_success_at', tz, nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', tz, nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_poll_at', tz, nullable=True),
    sa.Column('items_seen', sa.Integer(), nullable=False),
    sa.Column('items_ingested', sa.Integer(), nullable=False),
    sa.Column('created_at', tz, nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('url'))
    op.create_index('ix_watch_sources_next_poll_at', 'watch_sources', ['next_poll_at'])
    op.create_table('watch_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('url_hash', sa.String(length=64), nullable=False),
    sa.Column('lastmod', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=300), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('fetched_at', tz, nullable=True),
    sa.ForeignKeyConstraint(['source_id'], ['watch_sources.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_id', 'url_hash', name='uq_watch_items_source_url'))
    op.create_index('ix_watch_items_source_id', 'watch_items', ['source_id'])
    op.create_index('ix_watch_items_document_id', 'watch_items', ['document_id'])
    op.create_table('watch_stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_document_id', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', tz, nullable=False),
    sa.ForeignKeyConstraint(['lead_document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'))
    op.create_table('watch_members',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['watch_stories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id'))
    op.create_index('ix_watch_members_story_id', 'watch_members', ['story_id'])
    op.create_table('watch_bands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_watch_bands_key', 'watch_bands', ['key'])
    op.create_index('ix_watch_bands_document_id', 'watch_bands', ['document_id'])
    op.create_table('watch_echoes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fact_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['fact_id'], ['news_facts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_watch_echoes_fact_id', 'watch_echoes', ['fact_id'])
    op.create_index('ix_watch_echoes_document_id', 'watch_echoes', ['document_id'])


def downgrade() -> None:
    for table in ('watch_echoes', 'watch_bands', 'watch_members', 'watch_stories', 'watch_items', 'watch_sources'):
        op.drop_table(table)
