"""Backup and restore: a consistent snapshot of every table, portable between SQLite and PostgreSQL.

A backup is a zip file: ``manifest.json`` (format, schema revisions, tables and row counts, time)
and one JSON-lines file per table under ``tables/``. Values are written by column type, not by
engine: exact decimals and tiyn amounts as decimal text, dates and times in ISO 8601 (times in
UTC), JSON as JSON, bytes as base64. So a backup taken on SQLite restores on PostgreSQL and back.

Consistency: the snapshot is read in ONE transaction (REPEATABLE READ on PostgreSQL; a single read
transaction on SQLite's WAL), so concurrent writes are either wholly in it or not at all.
Restore migrates the target to the newest schema, then replaces the content of every table in ONE
transaction (an error or a kill leaves the target as it was) and moves sequences past the highest
ids on PostgreSQL.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Date, DateTime, Integer, LargeBinary, Table, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError

from orken.db import migrate
from orken.db.schema import Base
from orken.db.types import ExactDecimal, Tenge

FORMAT = "orken-backup/1"
SKIP = {"alembic_version"}
BATCH = 1000


class BackupError(ValueError):
    pass


def _encoder(column):
    t = column.type
    if isinstance(t, (Tenge, ExactDecimal)):
        return lambda v: None if v is None else format(v, "f")
    if isinstance(t, DateTime):
        def dt(v):
            if v is None:
                return None
            if t.timezone and v.tzinfo is None:
                v = v.replace(tzinfo=timezone.utc)
            return v.astimezone(timezone.utc).isoformat() if v.tzinfo else v.isoformat()
        return dt
    if isinstance(t, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(t, LargeBinary):
        return lambda v: None if v is None else base64.b64encode(bytes(v)).decode()
    return lambda v: v


def _decoder(column):
    t = column.type
    if isinstance(t, (Tenge, ExactDecimal)):
        return lambda v: None if v is None else Decimal(v)
    if isinstance(t, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(t, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(t, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    return lambda v: v


def _tables(conn: Connection) -> list[Table]:
    present = set(inspect(conn).get_table_names())
    return [t for t in Base.metadata.sorted_tables if t.name in present and t.name not in SKIP]


def _pk_order(table: Table):
    return list(table.primary_key.columns) or list(table.columns)


def backup(engine: Engine, out: Path) -> dict:
    """Write a snapshot of the whole database to ``out``; returns the manifest."""
    manifest = {"format": FORMAT, "created": datetime.now(timezone.utc).isoformat(), "engine": engine.dialect.name,
                "revision": migrate.current(engine), "tables": {}}
    tmp = out.with_name(out.name + ".part")
    try:
        _write(engine, tmp, manifest)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk or an error: no half-written backup left behind
        raise
    tmp.replace(out)
    return manifest


def _write(engine: Engine, tmp: Path, manifest: dict) -> None:
    with engine.connect() as conn, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            conn.execute(text("SELECT 1"))
        else:
            conn = conn.execution_options(sqlite_begin="snapshot")  # one read transaction: a WAL snapshot
            conn.exec_driver_sql("SELECT 1")  # of all tables, without SQLite's write lock (orken.db.engine)
        try:
            for table in _tables(conn):
                encoders = [(c.name, _encoder(c)) for c in table.columns]
                count = 0
                with zf.open(f"tables/{table.name}.jsonl", "w") as fh:
                    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
                        select(table).order_by(*_pk_order(table)))
                    for row in result:
                        record = {name: enc(row._mapping[name]) for name, enc in encoders}
                        fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                        count += 1
                manifest["tables"][table.name] = count
        finally:
            conn.rollback()
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))


def read_manifest(path: Path) -> dict:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError, EOFError, zlib.error,
            OSError) as exc:
        raise BackupError(f"{path} is not an Orken backup: {exc}") from None
    if not isinstance(manifest, dict):
        raise BackupError(f"{path} is not an Orken backup: its manifest is not an object")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _records(zf: zipfile.ZipFile, name: str) -> Iterator[dict]:
    with zf.open(f"tables/{name}.jsonl") as fh:
        for line in io.TextIOWrapper(fh, encoding="utf-8"):
            if line.strip():
                yield json.loads(line)


def _self_ordered(table: Table, rows: list[dict]) -> list[dict]:
    """Rows of a self-referencing table (regions before districts) parents first."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]
    if not links:
        return rows
    (child, parent), = links[:1]
    done: set = set()
    ordered, pending = [], rows
    while pending:
        ready = [r for r in pending if r.get(child) is None or r[child] in done]
        if not ready:
            raise BackupError(f"{table.name}: rows refer to parents that are not in the backup")
        ordered += ready
        done |= {r[parent] for r in ready}
        taken = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in taken]
    return ordered


#: what a damaged backup raises while it is read: the archive, its compression, its text, its JSON,
#: values the columns cannot take, rows the database refuses
DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, UnicodeDecodeError, json.JSONDecodeError, ValueError,
          TypeError, AttributeError, IntegrityError, DataError)


def restore(engine: Engine, path: Path) -> dict:
    """Replace the whole content of the database with the backup at ``path``. A damaged backup
    raises ``BackupError`` and leaves the database as it was (one transaction, rolled back)."""
    manifest = read_manifest(path)
    migrate.upgrade(engine)
    try:
        return _restore(engine, path, manifest)
    except BackupError:
        raise
    except DAMAGE as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise BackupError(f"{path} is damaged ({type(exc).__name__}: {detail}); the database was not changed") from exc


def _restore(engine: Engine, path: Path, manifest: dict) -> dict:
    with zipfile.ZipFile(path) as zf, engine.begin() as conn:
        tables = _tables(conn)
        known = {t.name for t in tables}
        unknown = set(manifest["tables"]) - known
        if unknown:
            raise BackupError(f"the backup has tables this database does not know: {', '.join(sorted(unknown))}; "
                              "upgrade Orken first")
        for table in reversed(tables):
            conn.execute(table.delete())
        for table in tables:
            if table.name not in manifest["tables"]:
                continue
            decoders = {c.name: _decoder(c) for c in table.columns}
            records = _records(zf, table.name)
            if any(fk.column.table is table for fk in table.foreign_keys):
                records = iter(_self_ordered(table, list(records)))
            batch = []
            for record in records:
                batch.append({k: decoders[k](v) for k, v in record.items() if k in decoders})
                if len(batch) >= BATCH:
                    conn.execute(table.insert(), batch)
                    batch = []
            if batch:
                conn.execute(table.insert(), batch)
        if engine.dialect.name == "postgresql":
            for table in tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and isinstance(pk[0].type, Integer) and pk[0].autoincrement in (True, "auto"):
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                        f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 1), "
                        f"(SELECT MAX({pk[0].name}) FROM {table.name}) IS NOT NULL)"))
        counts = {t.name: conn.scalar(select(func.count()).select_from(t)) for t in tables}
        mismatched = {k: (v, counts.get(k)) for k, v in manifest["tables"].items() if counts.get(k) != v}
        if mismatched:  # raised inside the transaction: it is rolled back, the database stays as it was
            raise BackupError(f"{path} is damaged: the restore counted other rows than the backup lists "
                              f"(table: (listed, found)) {mismatched}; the database was not changed")
    return manifest
