"""Fixtures of the fault tests: a fresh, migrated database of each engine for a real server process."""

from __future__ import annotations

import pytest

from tests.conftest import fresh_database, make_user
from tests.faults.server import Server, prepare, url_of


@pytest.fixture(params=["sqlite", "postgresql"])
def served_db(request, tmp_path_factory):
    """A fresh database (its own SQLite file or PostgreSQL database) with reference data and an
    administrator's API token: ``(engine, token)``."""
    engine = fresh_database(request.param, tmp_path_factory, lambda: request.getfixturevalue("postgres_url"))
    prepare(engine)
    token = make_user(engine, "writer", "administrator")
    yield engine, token
    engine.dispose()


@pytest.fixture
def server_factory(tmp_path):
    """``server_factory(database_url)``: a started ``orken serve``; every one is stopped after the test."""
    started: list[Server] = []

    def make(database_url: str) -> Server:
        server = Server(database_url, tmp_path / f"server-{len(started)}.log")
        started.append(server)
        return server.start()

    yield make
    for server in started:
        server.stop()


__all__ = ["served_db", "server_factory", "url_of"]
