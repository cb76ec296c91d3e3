"""ledger: the promise ledger's dated claims from accepted news (``claims``)

Claims of facts accepted before this revision are recorded by ``orken ledger rebuild`` (idempotent).

Revision ID: 0018_ledger
Revises: 0007_integrity
"""

import sqlalchemy as sa
from alembic import op

import orken.db.types  # noqa: F401  (custom column types)

revision = '0018_ledger'
down_revision = '0007_integrity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('fact_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('measure', sa.String(length=30), nullable=False),
    sa.Column('actual', sa.Boolean(), nullable=False),
    sa.Column('value', orken.db.types.ExactDecimal(), nullable=True),
    sa.Column('unit', sa.String(length=10), nullable=True),
    sa.Column('qualifier', sa.String(length=20), nullable=True),
    sa.Column('period', sa.String(length=10), nullable=True),
    sa.Column('claimed_date', sa.Date(), nullable=True),
    sa.Column('precision', sa.String(length=10), nullable=True),
    sa.Column('speaker', sa.String(length=300), nullable=True),
    sa.Column('said_on', sa.Date(), nullable=True),
    sa.Column('outlet', sa.String(length=300), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('sentence', sa.Text(), nullable=True),
    sa.Column('lang', sa.String(length=5), nullable=True),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('accepted_by', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_claims_document_id_documents'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fact_id'], ['news_facts.id'], name=op.f('fk_claims_fact_id_news_facts'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_claims_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('fact_id', name=op.f('uq_claims_fact_id')),
    sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_claims_document_id'), 'claims', ['document_id'], unique=False)
    op.create_index(op.f('ix_claims_project_id'), 'claims', ['project_id'], unique=False)
    op.create_index('ix_claims_project_measure', 'claims', ['project_id', 'measure'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_claims_project_measure', table_name='claims')
    op.drop_index(op.f('ix_claims_project_id'), table_name='claims')
    op.drop_index(op.f('ix_claims_document_id'), table_name='claims')
    op.drop_table('claims')
