"""perf: the registry generation, changed by the database on every write (for the web aggregate cache)

The web layer caches public aggregates (stats, facets, map clusters) keyed by a *generation* read
from the database, so that a write in any process (web, CLI, import, a bulk insert, plain SQL) is
seen by the caches of every other process. Triggers keep it, not application code:

* SQLite (one writer at a time): the one row of ``registry_generation`` gets a fresh random value
  on every inserted, changed or deleted row of the registry tables. Random, not a counter, so that
  a value seen inside a transaction that is then rolled back never comes back.
* PostgreSQL: a one-row counter would make every two concurrent writers conflict under REPEATABLE
  READ, so each writing transaction instead inserts its own id into ``registry_changes`` (one row
  per transaction, no shared row to lock). The generation is (count, greatest id) of the committed
  rows: it changes whenever a writing transaction commits, in whatever order.

These tables are not in the SQLAlchemy metadata on purpose: backups and test clean-ups must not
copy or empty them. ``orken.web.cache`` reads them.

Revision ID: 0005
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0001'
branch_labels = ('perf',)
depends_on = None

#: the tables whose changes can change a public aggregate or a map layer
TABLES = ("projects", "project_programmes", "project_organisations", "zones", "organisations", "admin_units",
          "sectors", "programmes")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_table("registry_changes", sa.Column("xid", sa.BigInteger(), primary_key=True))
        op.execute("""
            CREATE FUNCTION orken_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO registry_changes (xid) VALUES (txid_current()) ON CONFLICT (xid) DO NOTHING;
                RETURN NULL;
            END $$""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER orken_generation_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION orken_registry_changed()")
        op.execute("INSERT INTO registry_changes (xid) VALUES (txid_current())")
    else:
        op.create_table("registry_generation", sa.Column("id", sa.Integer(), primary_key=True),
                        sa.Column("value", sa.BigInteger(), nullable=False))
        op.execute("INSERT INTO registry_generation (id, value) VALUES (1, random())")
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER orken_generation_{table}_{event.lower()} AFTER {event} ON {table} "
                           "BEGIN UPDATE registry_generation SET value = random() WHERE id = 1; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS orken_generation_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS orken_registry_changed()")
        op.drop_table("registry_changes")
    else:
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS orken_generation_{table}_{event}")
        op.drop_table("registry_generation")
