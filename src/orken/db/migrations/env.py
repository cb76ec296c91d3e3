"""Alembic environment: the engine comes from orken.db.migrate (or ORKEN_DATABASE_URL)."""

from alembic import context

from orken.capabilities import load_models
from orken.db.migrate import TRIGGER_TABLES

config = context.config
#: every capability's tables (orken.capabilities)
METADATA = load_models()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name in TRIGGER_TABLES)


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from orken.db.engine import default_engine

        engine = default_engine()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite rebuilds a table to change it (batch mode: copy, drop, rename); with foreign keys on,
            # the drop would cascade into the tables that refer to it. The pragma only works outside a
            # transaction, so it goes to the driver's connection before SQLAlchemy begins one.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=METADATA,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if sqlite:
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.commit()
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")
            if problems:
                raise RuntimeError(f"the migration left rows that refer to missing ones: {problems[:5]}")


run()
