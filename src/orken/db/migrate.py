"""Alembic, driven from Python: ``orken db upgrade`` and the tests use these.

Capabilities that add tables (monitoring, news ingestion, import) each have their own branch of
migrations starting from the registry's 0001, so ``upgrade`` goes to all heads.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
#: tables kept by database triggers, outside the ORM metadata (see versions/0005_perf.py): autogenerate
#: must not propose dropping them, and a backup leaves them out (the triggers fill them again)
TRIGGER_TABLES = frozenset({"registry_changes", "registry_generation"})


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


def current(engine: Engine) -> str | None:
    """The applied revision(s), comma-separated when several feature branches are applied."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None
