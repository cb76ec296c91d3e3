"""Backup and restore: a consistent snapshot of every table, portable between SQLite and PostgreSQL.

A backup is a zip file: ``manifest.json`` (format, schema revisions, tables and row counts, time)
and one JSON-lines file per table under ``tables/``. Values are written by column type, not by
engine: exact decimals and tiyn amounts as decimal text, dates and times in ISO 8601 (times in
UTC), JSON as JSON, bytes as base64. So a backup taken on SQLite restores on PostgreSQL and back.

Signature: the manifest lists the SHA-256 of every table file, and ``manifest.sig`` holds the
HMAC-SHA256 of the manifest under a key only the operator holds (``ORKEN_BACKUP_KEY``, or a key
file). ``restore`` checks the signature and every file's hash *before* it writes anything (even
before it migrates the target); a backup without a signature is refused unless the operator says
``insecure_unsigned`` (then the hashes still catch damage, but not a forger).

Credentials: by default a backup leaves out what lets anyone sign in (the users' password hashes,
sign-in sessions with their CSRF tokens, API token hashes, and the sign-in attempts of the throttle);
a site restored from it has its users, grants and data, and each user gets a new password from the
operator (``orken users password NAME``). ``with_credentials`` includes them (still signed), and a
restore puts them back only when it is given ``with_credentials`` too.

Consistency: the snapshot is read in ONE transaction (REPEATABLE READ on PostgreSQL; a single read
transaction on SQLite's WAL), so concurrent writes are either wholly in it or not at all.
Restore migrates the target to the newest schema, then replaces the content of every table in ONE
transaction (an error or a kill leaves the target as it was) and moves sequences past the highest
ids on PostgreSQL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
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
from orken.db.models import Base
from orken.db.types import ExactDecimal, Tenge

FORMAT = "orken-backup/2"
#: read as well (with ``insecure_unsigned`` only: they carry no signature nor file hashes)
OLD_FORMATS = {"orken-backup/1"}
SKIP = {"alembic_version"}
BATCH = 1000
SIGNATURE = "manifest.sig"
#: tables that are credentials (or the throttle's state), and credential columns of other tables
CREDENTIAL_TABLES = frozenset({"auth_sessions", "auth_tokens", "auth_login_attempts"})
CREDENTIAL_COLUMNS = {"auth_users": frozenset({"password_hash"})}
KEY_ENV = "ORKEN_BACKUP_KEY"
MIN_KEY = 32


class BackupError(ValueError):
    pass


def load_key(key_file: Path | None = None) -> bytes | None:
    """The signing key: the content of ``key_file`` if given, else ``ORKEN_BACKUP_KEY``; None if neither.
    At least 32 bytes (``openssl rand -hex 32`` makes one)."""
    if key_file is not None:
        try:
            key = key_file.read_bytes().strip()
        except OSError as exc:
            raise BackupError(f"cannot read the key file {key_file}: {exc.strerror or exc}") from None
    else:
        raw = os.environ.get(KEY_ENV, "").strip()
        if not raw:
            return None
        key = raw.encode()
    if len(key) < MIN_KEY:
        raise BackupError(f"the backup key is too short ({len(key)} bytes; at least {MIN_KEY}: "
                          "`openssl rand -hex 32` makes one)")
    return key


def _sign(key: bytes, manifest_bytes: bytes) -> str:
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


def _no_key() -> BackupError:
    return BackupError(f"no backup key: set {KEY_ENV} or give --key-file (an unsigned backup needs "
                       "--insecure-unsigned)")


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
    # every table of the database must be known, or it would be left out of the snapshot unseen: the
    # tables are those of the capabilities whose models were imported (orken.capabilities.load_models)
    unknown = present - set(Base.metadata.tables) - SKIP - migrate.TRIGGER_TABLES
    if unknown:
        raise BackupError(f"tables with no model loaded: {', '.join(sorted(unknown))} (load every capability's "
                          "models first: orken.capabilities.load_models())")
    return [t for t in Base.metadata.sorted_tables if t.name in present and t.name not in SKIP]


def _pk_order(table: Table):
    return list(table.primary_key.columns) or list(table.columns)


def backup(engine: Engine, out: Path, key: bytes | None = None, with_credentials: bool = False,
           insecure_unsigned: bool = False) -> dict:
    """Write a snapshot of the whole database to ``out``, signed with ``key``; returns the manifest.
    Credentials are left out unless ``with_credentials``."""
    if key is None and not insecure_unsigned:
        raise _no_key()
    manifest = {"format": FORMAT, "created": datetime.now(timezone.utc).isoformat(), "engine": engine.dialect.name,
                "revision": migrate.current(engine), "credentials": with_credentials, "signed": key is not None,
                "tables": {}, "files": {}}
    tmp = out.with_name(out.name + ".part")
    try:
        _write(engine, tmp, manifest, key)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk or an error: no half-written backup left behind
        raise
    tmp.replace(out)
    return manifest


def _write(engine: Engine, tmp: Path, manifest: dict, key: bytes | None) -> None:
    with engine.connect() as conn, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            conn.execute(text("SELECT 1"))
        else:
            conn = conn.execution_options(sqlite_begin="snapshot")  # one read transaction: a WAL snapshot
            conn.exec_driver_sql("SELECT 1")  # of all tables, without SQLite's write lock (orken.db.engine)
        try:
            for table in _tables(conn):
                if table.name in CREDENTIAL_TABLES and not manifest["credentials"]:
                    continue
                left_out = set() if manifest["credentials"] else CREDENTIAL_COLUMNS.get(table.name, set())
                encoders = [(c.name, _encoder(c)) for c in table.columns if c.name not in left_out]
                count, digest = 0, hashlib.sha256()
                name = f"tables/{table.name}.jsonl"
                with zf.open(name, "w") as fh:
                    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
                        select(table).order_by(*_pk_order(table)))
                    for row in result:
                        record = {name: enc(row._mapping[name]) for name, enc in encoders}
                        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
                        fh.write(line)
                        digest.update(line)
                        count += 1
                manifest["tables"][table.name] = count
                manifest["files"][name] = digest.hexdigest()
        finally:
            conn.rollback()
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        zf.writestr("manifest.json", manifest_bytes)
        if key is not None:
            zf.writestr(SIGNATURE, _sign(key, manifest_bytes))


def read_manifest(path: Path, key: bytes | None = None, insecure_unsigned: bool = False) -> dict:
    """The manifest, after the signature (with ``key``) and every file's hash are checked. Unsigned
    backups only with ``insecure_unsigned``. Raises ``BackupError``; reads, never writes."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest_bytes = zf.read("manifest.json")
            signature = zf.read(SIGNATURE).decode("ascii", "replace").strip() if SIGNATURE in zf.namelist() else None
            manifest = json.loads(manifest_bytes)
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError, EOFError, zlib.error,
            OSError) as exc:
        raise BackupError(f"{path} is not an Orken backup: {exc}") from None
    if not isinstance(manifest, dict):
        raise BackupError(f"{path} is not an Orken backup: its manifest is not an object")
    if manifest.get("format") not in {FORMAT, *OLD_FORMATS}:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if signature is None:
        if not insecure_unsigned:
            raise BackupError(f"{path} is not signed: refused (a backup anyone could have written may carry "
                              "planted accounts); --insecure-unsigned restores it anyway")
    elif key is None:
        raise _no_key()
    elif not hmac.compare_digest(signature, _sign(key, manifest_bytes)):
        raise BackupError(f"{path} is damaged or was altered, or the key is another one: its signature does not "
                          "match; nothing was written")
    if manifest.get("format") in OLD_FORMATS:
        return manifest  # no file hashes to check (unsigned, accepted above only when insecure)
    _check_files(path, manifest)
    return manifest


def _check_files(path: Path, manifest: dict) -> None:
    files, tables = manifest.get("files"), manifest.get("tables")
    if not isinstance(files, dict) or not isinstance(tables, dict):
        raise BackupError(f"{path} is damaged: its manifest lists no tables or file hashes; nothing was written")
    unhashed = sorted(set(map(str, tables)) ^ {n.removeprefix("tables/").removesuffix(".jsonl") for n in files})
    if unhashed:
        raise BackupError(f"{path} is damaged or was altered: tables and file hashes do not match "
                          f"({', '.join(unhashed[:10])}); nothing was written")
    try:
        with zipfile.ZipFile(path) as zf:
            for name, expected in files.items():
                digest = hashlib.sha256()
                with zf.open(name) as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(chunk)
                if not hmac.compare_digest(digest.hexdigest(), str(expected)):
                    raise BackupError(f"{path} is damaged or was altered: {name} is not what was backed up; "
                                      "nothing was written")
    except BackupError:
        raise
    except (zipfile.BadZipFile, KeyError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{path} is damaged ({type(exc).__name__}: {exc}); nothing was written") from None


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


def restore(engine: Engine, path: Path, key: bytes | None = None, with_credentials: bool = False,
            insecure_unsigned: bool = False) -> dict:
    """Replace the whole content of the database with the backup at ``path``, once its signature
    and hashes are checked. Credentials (if the backup has them) are restored only with
    ``with_credentials``; otherwise every user is left without a password, session or token. A
    damaged backup raises ``BackupError`` and leaves the database as it was."""
    manifest = read_manifest(path, key, insecure_unsigned)
    has_credentials = bool(manifest.get("credentials", True))  # format 1 carried everything
    if with_credentials and not has_credentials:
        raise BackupError(f"{path} was taken without credentials: there are none to restore")
    manifest["credentials_restored"] = with_credentials
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
        credentials = manifest["credentials_restored"]
        skipped = set() if credentials else CREDENTIAL_TABLES
        for table in tables:
            if table.name not in manifest["tables"] or table.name in skipped:
                continue
            left_out = set() if credentials else CREDENTIAL_COLUMNS.get(table.name, set())
            decoders = {c.name: _decoder(c) for c in table.columns if c.name not in left_out}
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
        mismatched = {k: (v, counts.get(k)) for k, v in manifest["tables"].items()
                      if counts.get(k) != v and k not in skipped}
        if mismatched:  # raised inside the transaction: it is rolled back, the database stays as it was
            raise BackupError(f"{path} is damaged: the restore counted other rows than the backup lists "
                              f"(table: (listed, found)) {mismatched}; the database was not changed")
    return manifest
