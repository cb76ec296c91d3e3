"""Engines and sessions for the configured database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import orjson
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from orken.config import Settings


#: what orjson leaves to ``json.dumps`` (so that a value either writes alike or is refused alike: a
#: ``TypeError`` for what is not JSON, such as a date or an amount the caller makes plain first)
_ORJSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def json_dumps(value) -> str:
    """A JSON column's text: orjson (compact, UTF-8; a change-log snapshot in a quarter of the time of
    ``json.dumps``), else ``json.dumps`` for what orjson does not write (an integer past 64 bits, keys
    that are not strings) or to raise its ``TypeError``."""
    try:
        return orjson.dumps(value, option=_ORJSON).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               json_serializer=json_dumps)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: WAL is synced at every commit, so a write acknowledged survives a power cut, not only a
            # crash of the server (NORMAL may lose the last commits then); it costs ~0.25 ms per commit here
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            _begin_sqlite(conn)

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, json_serializer=json_dumps)


#: execution option: how a transaction on SQLite begins. ``"immediate"`` (the default) takes the
#: database's write lock at BEGIN, before anything is read: a transaction that reads a version or a
#: state and then writes on its strength cannot be overtaken between its read and its write (with
#: pysqlite's own handling the reads ran outside any transaction and two writers both read version 1:
#: a lost update). ``"deferred"`` leaves reads to pysqlite (no transaction until the first write), for
#: requests that only read (``read_only``): they never wait for a writer. ``"snapshot"``: a plain
#: BEGIN, so that every read sees one snapshot of the database (a backup), without the write lock.
SQLITE_BEGIN = "sqlite_begin"


def _begin_sqlite(conn) -> None:
    dbapi_connection = conn.connection.dbapi_connection
    mode = conn.get_execution_options().get(SQLITE_BEGIN, "immediate")
    if mode == "deferred":
        dbapi_connection.isolation_level = ""  # pysqlite's legacy handling: BEGIN before the first write
        return
    dbapi_connection.isolation_level = None  # no implicit BEGIN: ours is explicit
    conn.exec_driver_sql("BEGIN" if mode == "snapshot" else "BEGIN IMMEDIATE")


def read_only(engine: Engine) -> Engine:
    """The engine for work that only reads (or writes only incidentally): on SQLite its transactions do
    not take the write lock up front. Same pool; on PostgreSQL nothing changes."""
    return engine.execution_options(**{SQLITE_BEGIN: "deferred"})


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def default_engine() -> Engine:
    return engine_for(Settings.from_env().database_url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
