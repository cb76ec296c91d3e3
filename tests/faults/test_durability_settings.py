"""The SQLite settings that the durability promise (docs/promises.md) rests on, on every connection, and
the JSON columns' serializer."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import JSON, Column, MetaData, Table, insert, select, text

from orken.db.engine import json_dumps, make_engine


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


def test_json_columns_are_written_by_orjson_with_json_dumps_meaning(tmp_path):
    """``json_dumps``, every JSON column's serializer: compact UTF-8 text (Kazakh letters as letters,
    not ``\\u`` escapes) that reads back as ``json.dumps``' would; what orjson does not write (an integer
    past 64 bits, keys that are not strings) written by ``json.dumps``; what is not JSON (an amount, a
    date) refused with ``json.dumps``' ``TypeError``, as the bulk writer expects."""
    value = {"name": {"kk": "Өскемен қаласы", "ru": "Усть-Каменогорск"}, "n": [1, 2.5, True, None],
             "big": 2 ** 70, 3: "int key"}
    assert json.loads(json_dumps(value)) == json.loads(json.dumps(value))
    text_ = json_dumps({"kk": "Өскемен"})
    assert text_ == '{"kk":"Өскемен"}'
    for odd in (Decimal("1.5"), date(2026, 1, 2), {"a": {1, 2}}):
        with pytest.raises(TypeError):
            json_dumps(odd)

    engine = make_engine(f"sqlite:///{tmp_path / 'orken.db'}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (doc JSON)"))
            t = Table("t", MetaData(), Column("doc", JSON))
            plain = {k: v for k, v in value.items() if k not in ("big", 3)}  # what orjson writes itself
            conn.execute(insert(t), [{"doc": plain}, {"doc": value}])
            raw = conn.execute(text("SELECT doc FROM t")).scalars().all()
            assert "Өскемен қаласы" in raw[0] and "Өскемен" not in raw[1]  # the second by json.dumps
            assert conn.execute(select(t.c.doc)).scalars().all() == [plain, json.loads(json.dumps(value))]
    finally:
        engine.dispose()
