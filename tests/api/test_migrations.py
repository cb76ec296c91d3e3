from sqlalchemy import inspect

from orken.db import migrate


def test_empty_to_head_to_base_to_head(empty_engine):
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) is not None
    tables = set(inspect(empty_engine).get_table_names())
    assert {"projects", "zones", "organisations", "change_log", "admin_units", "exchange_rates"} <= tables

    migrate.downgrade(empty_engine, "base")
    assert migrate.current(empty_engine) is None
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}

    migrate.upgrade(empty_engine)
    assert "projects" in inspect(empty_engine).get_table_names()
