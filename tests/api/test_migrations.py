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


def test_0007_rebuilds_tables_without_losing_what_refers_to_them(empty_engine):
    """0007_integrity rebuilds the tables referred to by id on SQLite (for AUTOINCREMENT): the rows of the
    tables that refer to them (cascading foreign keys) survive, and the generation triggers still fire."""
    from sqlalchemy import text

    from orken.auth import service
    from orken.auth.policy import Grant
    from orken.auth.guard import system_session
    from orken.reference.loader import load_reference
    from orken.registry import projects
    from orken.registry.schemas import ProjectCreate

    for head in ("0003", "0005", "0006_planfact", "0008_auth", "0009_import", "0010_realdata", "0011_zones", "0015_watch"):
        migrate.upgrade(empty_engine, head)
    with system_session(empty_engine, "tests") as s:
        load_reference(s)
    with system_session(empty_engine, "tests") as s:
        pid = projects.create(s, ProjectCreate(name={"ru": "Завод"}, region_kato="350000000",
                                               programmes=["gpiir-2020-2025"]), "test").id
        service.add_user(s, "curator", grants=[Grant(role="curator", project_id=pid)])
    counts = "SELECT (SELECT count(*) FROM project_statuses), (SELECT count(*) FROM project_programmes), " \
             "(SELECT count(*) FROM auth_grants), (SELECT count(*) FROM change_log)"
    with empty_engine.connect() as conn:
        before = tuple(conn.execute(text(counts)).one())
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert tuple(conn.execute(text(counts)).one()) == before
        if empty_engine.dialect.name == "sqlite":
            generation = conn.scalar(text("SELECT value FROM registry_generation"))
            conn.execute(text("UPDATE projects SET note = 'x'"))
            assert conn.scalar(text("SELECT value FROM registry_generation")) != generation
            assert conn.scalar(text("PRAGMA foreign_keys")) == 1
