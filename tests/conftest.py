"""Fixtures: every database test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from orken.db import migrate
from orken.db.engine import make_engine, read_only, session_scope
from orken.capabilities import load_models
from tests.pgserver import PostgresServer

#: every capability's tables (as the Alembic environment sees them)
METADATA = load_models()
#: tables of reference data, kept between tests; everything else is emptied after each test
REFERENCE = {"admin_units", "unit_changes", "sectors", "priority_sectors", "programmes", "exchange_rates",
             "alembic_version"}


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ.get("ORKEN_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()


def fresh_database(kind: str, tmp_path_factory, postgres_url_getter):
    """An empty database of the given kind: a new SQLite file, or a new PostgreSQL database."""
    if kind == "sqlite":
        return make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'orken.db'}")
    admin_url = postgres_url_getter()
    name = f"orken_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_engine(admin_url.rsplit("/", 1)[0] + f"/{name}")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path_factory):
    engine = fresh_database(request.param, tmp_path_factory, lambda: request.getfixturevalue("postgres_url"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def reference_engine(request, tmp_path_factory):
    """A migrated database with reference data loaded, shared by the tests of one engine."""
    from orken.reference.loader import load_reference

    engine = fresh_database(request.param, tmp_path_factory, lambda: request.getfixturevalue("postgres_url"))
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(reference_engine):
    """The shared reference database, with registry tables emptied after the test."""
    yield reference_engine
    tables = [t for t in reversed(METADATA.sorted_tables) if t.name not in REFERENCE]
    with reference_engine.begin() as conn:
        if reference_engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(t.name for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
            # ids start again from 1, as PostgreSQL's RESTART IDENTITY does (AUTOINCREMENT tables, 0007)
            conn.execute(text("DELETE FROM sqlite_sequence"))


@pytest.fixture
def session(engine):
    """A session for the test's own reads (and set-up writes) beside the app: on SQLite it does not hold
    the write lock while the test talks to the app (``read_only``), as the app's reading requests do not.
    Its set-up writes are the system's (``orken.auth.guard.trusted``); a service handed a principal
    writes as that principal (``acting``)."""
    from orken.auth.guard import trusted

    with session_scope(read_only(engine)) as s, trusted(s, "tests"):
        yield s


@pytest.fixture
def app(engine):
    from orken.web.app import create_app

    return create_app(engine)


def make_user(engine, username: str, role: str | None = None, password: str | None = None, **scope) -> str:
    """Add a user (with one grant of ``role`` over ``scope``) and return a fresh API token of theirs."""
    from orken.auth import service
    from orken.auth.policy import Grant

    from orken.auth.guard import system_session

    with system_session(engine, "tests") as s:
        grants = [Grant(role=role, **scope)] if role else []
        user = service.add_user(s, username, password=password, grants=grants)
        return service.create_token(s, user, "tests")


@pytest.fixture
def client(app, engine):
    """A full-rights client: an administrator's API token on every request."""
    token = make_user(engine, "admin", "administrator")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as c:
        yield c


@pytest.fixture
def anon_client(app):
    """The public: no sign-in."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def client_for(app, engine):
    """``client_for("region_analyst", region="350000000")``: a client acting as a new user of that role."""
    opened = []

    def make(role: str, username: str | None = None, **scope) -> TestClient:
        name = username or f"{role}-{len(opened) + 1}"
        token = make_user(engine, name, role, **scope)
        c = TestClient(app, headers={"Authorization": f"Bearer {token}"})
        c.__enter__()
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium under Playwright, one per test module (tests/web/browser.py)."""
    from tests.web.browser import chromium

    with chromium() as b:
        yield b
