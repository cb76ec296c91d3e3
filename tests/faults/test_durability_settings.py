"""The SQLite settings that the durability promise (docs/promises.md) rests on, on every connection."""

from __future__ import annotations

from sqlalchemy import text

from orken.db.engine import make_engine


def test_sqlite_connections_are_durable_and_check_references(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'orken.db'}")
    try:
        for _ in range(2):  # a new pooled connection as well as the first
            with engine.connect() as conn:
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: synced at every commit
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            engine.dispose()
    finally:
        engine.dispose()
