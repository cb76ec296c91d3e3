"""integrity: ids are never reused on SQLite (AUTOINCREMENT on the tables others refer to by id)

Grants (``auth_grants``), the change log, review facts and outside systems refer to projects,
organisations, zones, users, reports... by id. Without ``AUTOINCREMENT`` SQLite gives the greatest
id again after the row holding it was deleted, so an old grant or change-log entry would point at
a new, unrelated record. SQLite cannot add the keyword to a table: each table is rebuilt (batch
mode: copy, drop, rename; ``env.py`` turns foreign keys off meanwhile, so nothing cascades) and
the registry-generation triggers of 0005 on the rebuilt tables are created again. PostgreSQL's
sequences never reuse ids: nothing to do there.

Revision ID: 0007_integrity
Revises: 0003, 0005, 0006_planfact, 0008_auth, 0009_import, 0010_realdata, 0011_zones, 0015_watch

It merges every branch and runs after them all, so no later batch rebuild of a table can drop the keyword.
"""

from alembic import op

revision = '0007_integrity'
down_revision = ('0003', '0005', '0006_planfact', '0008_auth', '0009_import', '0010_realdata', '0011_zones', '0015_watch')
branch_labels = None
depends_on = None

#: the tables whose ids are referred to from elsewhere (0001: registry and documents; 0002: users and
#: monitoring; 0004: review facts)
TABLES = ("projects", "organisations", "zones", "documents", "auth_users", "monitoring_targets",
          "monitoring_portfolios", "monitoring_reports", "news_facts")
#: tables of TABLES with the registry-generation triggers of 0005
GENERATION_TRIGGERS = ("projects", "zones", "organisations")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
        if table in GENERATION_TRIGGERS:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"DROP TRIGGER IF EXISTS orken_generation_{table}_{event.lower()}")
                op.execute(f"CREATE TRIGGER orken_generation_{table}_{event.lower()} AFTER {event} ON {table} "
                           "BEGIN UPDATE registry_generation SET value = random() WHERE id = 1; END")


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
