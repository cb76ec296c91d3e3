"""planfact indexes: the projects' launch dates, and the period's reports by project and quarter

Plan-vs-fact selects the projects whose planned or actual launch falls in a period (one year of
~21 in the registry) and, of the approved reports of a year, each project's quarters. With these
indexes a year's plan-vs-fact reads that year's projects and reports, not the whole tables. The
reports index replaces ``ix_monitoring_reports_current_year`` (its prefix) with one that also
holds the quarter, so that each project's latest quarter is found from the index alone.

Revision ID: 0006_planfact
Revises: 0002
"""

from alembic import op


revision = '0006_planfact'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index('ix_projects_launch_planned', ['launch_planned'], unique=False)
        batch_op.create_index('ix_projects_launch_actual', ['launch_actual'], unique=False)
    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_reports_current_year')
        batch_op.create_index('ix_monitoring_reports_current_year_quarter', ['current', 'year', 'project_id', 'quarter'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_reports_current_year_quarter')
        batch_op.create_index('ix_monitoring_reports_current_year', ['current', 'year', 'project_id'], unique=False)
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_launch_actual')
        batch_op.drop_index('ix_projects_launch_planned')
