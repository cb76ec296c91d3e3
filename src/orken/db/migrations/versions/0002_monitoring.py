"""Monitoring and access: users, grants, tokens, sessions, sign-in attempts; targets, portfolios, reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:10:21.349097
"""

from alembic import op
import sqlalchemy as sa
import orken.db.types  # noqa: F401  (custom column types)


revision = '0002'
down_revision = '0001'
branch_labels = ('monitoring',)
depends_on = None


def upgrade() -> None:

    op.create_table('auth_login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=100), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_login_attempts'))
    )
    with op.batch_alter_table('auth_login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_auth_login_attempts_address_time', ['address', 'time'], unique=False)
        batch_op.create_index('ix_auth_login_attempts_username_time', ['username', 'time'], unique=False)

    op.create_table('auth_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_users')),
    sa.UniqueConstraint('username', name=op.f('uq_auth_users_username'))
    )
    op.create_table('monitoring_portfolios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('horizon', sa.Integer(), nullable=True),
    sa.Column('projects_target', sa.Integer(), nullable=True),
    sa.Column('investment_target_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name_kk', sa.String(length=500), nullable=True),
    sa.Column('name_ru', sa.String(length=500), nullable=True),
    sa.Column('name_en', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_portfolios'))
    )
    op.create_table('auth_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['auth_users.id'], name=op.f('fk_auth_sessions_user_id_auth_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_auth_sessions_key_hash'))
    )
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('auth_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['auth_users.id'], name=op.f('fk_auth_tokens_user_id_auth_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_tokens_token_hash'))
    )
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('monitoring_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kato', sa.String(length=9), nullable=True),
    sa.Column('sector', sa.String(length=10), nullable=True),
    sa.Column('programme', sa.String(length=40), nullable=True),
    sa.Column('projects_launched', sa.Integer(), nullable=True),
    sa.Column('investment_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('jobs_permanent', sa.Integer(), nullable=True),
    sa.Column('output_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kato'], ['admin_units.kato'], name=op.f('fk_monitoring_targets_kato_admin_units')),
    sa.ForeignKeyConstraint(['programme'], ['programmes.code'], name=op.f('fk_monitoring_targets_programme_programmes')),
    sa.ForeignKeyConstraint(['sector'], ['sectors.code'], name=op.f('fk_monitoring_targets_sector_sectors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_targets')),
    sa.UniqueConstraint('year', 'kato', 'sector', 'programme', name=op.f('uq_monitoring_targets_year_kato_sector_programme'))
    )
    with op.batch_alter_table('monitoring_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_targets_year'), ['year'], unique=False)

    op.create_table('auth_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('region', sa.String(length=9), nullable=True),
    sa.Column('sector', sa.String(length=10), nullable=True),
    sa.Column('programme', sa.String(length=40), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_auth_grants_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme'], ['programmes.code'], name=op.f('fk_auth_grants_programme_programmes')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_auth_grants_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region'], ['admin_units.kato'], name=op.f('fk_auth_grants_region_admin_units')),
    sa.ForeignKeyConstraint(['sector'], ['sectors.code'], name=op.f('fk_auth_grants_sector_sectors')),
    sa.ForeignKeyConstraint(['user_id'], ['auth_users.id'], name=op.f('fk_auth_grants_user_id_auth_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_grants'))
    )
    with op.batch_alter_table('auth_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_grants_user_id'), ['user_id'], unique=False)

    op.create_table('monitoring_portfolio_projects',
    sa.Column('portfolio_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['portfolio_id'], ['monitoring_portfolios.id'], name=op.f('fk_monitoring_portfolio_projects_portfolio_id_monitoring_portfolios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_monitoring_portfolio_projects_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('portfolio_id', 'project_id', name=op.f('pk_monitoring_portfolio_projects'))
    )
    with op.batch_alter_table('monitoring_portfolio_projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_portfolio_projects_project_id'), ['project_id'], unique=False)

    op.create_table('monitoring_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('investment_period_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('investment_to_date_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('jobs_permanent', sa.Integer(), nullable=True),
    sa.Column('jobs_temporary', sa.Integer(), nullable=True),
    sa.Column('output_value_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('output_volume', orken.db.types.ExactDecimal(), nullable=True),
    sa.Column('output_unit', sa.String(length=20), nullable=True),
    sa.Column('capacity_utilisation', orken.db.types.ExactDecimal(), nullable=True),
    sa.Column('exports_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('support_received_kzt', orken.db.types.Tenge(), nullable=True),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('needs', sa.Text(), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=True),
    sa.Column('submitted_by', sa.String(length=200), nullable=True),
    sa.Column('reviewed_by', sa.String(length=200), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_monitoring_reports_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_reports')),
    sa.UniqueConstraint('project_id', 'year', 'quarter', 'revision', name=op.f('uq_monitoring_reports_project_id_year_quarter_revision'))
    )
    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.create_index('ix_monitoring_reports_current_year', ['current', 'year', 'project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_reports_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_monitoring_reports_state_due', ['state', 'due'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_reports_state_due')
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_project_id'))
        batch_op.drop_index('ix_monitoring_reports_current_year')

    op.drop_table('monitoring_reports')
    with op.batch_alter_table('monitoring_portfolio_projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_portfolio_projects_project_id'))

    op.drop_table('monitoring_portfolio_projects')
    with op.batch_alter_table('auth_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_grants_user_id'))

    op.drop_table('auth_grants')
    with op.batch_alter_table('monitoring_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_targets_year'))

    op.drop_table('monitoring_targets')
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_tokens_user_id'))

    op.drop_table('auth_tokens')
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_sessions_user_id'))

    op.drop_table('auth_sessions')
    op.drop_table('monitoring_portfolios')
    op.drop_table('auth_users')
    with op.batch_alter_table('auth_login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_auth_login_attempts_username_time')
        batch_op.drop_index('ix_auth_login_attempts_address_time')

    op.drop_table('auth_login_attempts')

