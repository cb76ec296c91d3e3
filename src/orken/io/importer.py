"""Importing projects, zones and monitoring reports from a spreadsheet: validate, write, report.

How it writes: every row goes through the registry's rules. A new project is built by
``orken.registry.projects.build`` (the checks and derivations of ``create``) and written with the
others of its batch, with one executemany INSERT per table and batch and their change-log entries
likewise (``_core_insert``: the same records and change log as ``create``, see
tests/io/test_bulk_import.py). Core statements pass no flush, so before each batch the flush guard's
own rules decide every row (``orken.auth.guard.check_new_projects``: the web upload's user's scope,
or the system context of the command line); a row they refuse is rejected with the guard's reason.
A batch the database refuses is written again row by row through the service, each row reporting
its own problem. Updates go through ``projects.update``; zones through
``orken.registry.others.create_zone`` / ``update_zone``.

Matching (projects): a row is about an existing project by its external id, else by the BIN of its
initiator and its name, else by its normalised name and district (and initiator, when that
decides); several matches are reported, not guessed. A row that repeats what is stored (blank cells leave
fields alone) is found so by the update's own rules without writing (``projects.would_change``, and
the write guard's ``check_written`` for what the user may write) and counted as unchanged: no
savepoint, no version bump, no change log, so importing a file twice writes nothing the second time.
Every other matched row goes through ``projects.update``; one that still changes nothing (its change
record differs only in version and time) is rolled back and counted as unchanged too. The file is a
source of every project it writes.

Places and context: see ``orken.io.places`` (KATO, the sheet's title, heading rows, region column,
``region`` option and the user's scope).

Monitoring reports go through ``orken.monitoring.service`` (``create_report`` / ``update_report`` and,
with ``submit``, ``act(SUBMIT)``) acting as the importing user, so the workflow, the permissions and
the change log apply. An imported report is a *draft* (or *submitted*, with ``submit``), never
approved: approval is the curator's review of figures someone else wrote, and a file upload is not
that review; approved figures are what plan-vs-fact and the briefings count. A row for a quarter
that already has a draft or returned report updates it; a submitted or approved one is left alone
and the row is reported (an approved report is corrected in the app, as a new revision). A row that
repeats what is stored is counted as unchanged and writes nothing.

Transactions: the whole import is ONE database transaction, committed at the very end. A crash, an
exception or a kill before that leaves the database as it was. Each update (and each batch of new
projects) is written inside a savepoint, so that a row the service rejects is rolled back alone and
reported. With ``all_or_nothing`` the file is first validated without writing; any problem stops
the import before anything is written. ``dry_run`` does every write a real run would, then rolls
back: its counts are exact.

Speed: each distinct cell of a column is read once per import (``RowReader._get``: a region, a status,
a sector, a date typed on a thousand rows is resolved once; the memory of them is bounded); new
projects are checked by the service's own rules (``projects.build``, the schemas' one validation) into
plain objects, not ORM instances, and a batch is written with one executemany per table, values
converted by the column types' own bind processors. On SQLite the pass runs in ``_bulk_window``: the
registry-generation triggers changed once per import instead of firing per row (their statement
journals were two thirds of an INSERT's cost), a larger page cache, and for a large file the projects'
secondary indexes built once at its end; all inside the import's one transaction, so a rollback
restores them. ``bench/io_import.py`` measures it against pandas.

Memory: rows are turned into Python values one at a time (calamine keeps the sheet's cells compactly
outside Python); new projects are written and dropped every ``BATCH`` rows (and ORM objects flushed
and dropped from the session), so memory stays bounded however long the sheet is, but for the index
of the names written (re-import matching, duplicates within the file). Rejected rows go to a CSV file
as they are found.
"""

from __future__ import annotations

import csv
import errno
import gc
import itertools
import operator
import threading
import secrets
from datetime import date
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from orken.auth.policy import system_principal
from orken.db.engine import session_factory
from orken.db.models import ChangeRecord, Organisation, Project, ProjectOrganisation, Source, Zone
from orken.io import headers, readers
from orken.io.messages import refused, state_name, t
from orken.io.models import HeaderMapping, ImportJob
from orken.io.parse import Reference, norm
from orken.io.rows import Parsed, Problem, RowReader, row_kind
from orken.registry import others, projects
from orken.errors import InvalidInput, OrkenError
from orken.registry.schemas import OrganisationCreate, ProjectUpdate

ENTITIES = ("projects", "zones", "reports")
HEADER_SCAN = 20
#: the sheets of a workbook looked at for the header when none is named (a cover and summaries come first)
MAX_SHEETS = 20
BATCH = 500
#: new projects of an import without an acting user are written by ``_core_insert``
CORE_WRITER = True
#: a row that repeats what is stored of its project is counted unchanged without an update (and its
#: savepoint, version bump and rollback): ``Importer._repeats_stored``
CONFIRM_UNCHANGED = True
PREVIEW_ROWS = 200  # the rows a dry run shows with their values and what would happen
Progress = Callable[[int, int | None], None]


class ImportError_(Exception):
    """The file as a whole cannot be imported (unreadable, no header...)."""


class DiskFull(ImportError_):
    """A disk filled up during the import (the database's or the rejected rows'); nothing was written."""


@dataclass
class ImportReport:
    entity: str
    file: str
    sheet: str | None = None
    dry_run: bool = False
    all_or_nothing: bool = False
    rows: int = 0          # data rows read (not blank, totals or headings)
    created: int = 0
    updated: int = 0
    unchanged: int = 0     # rows that repeat what is stored (reports)
    submitted: int = 0     # reports submitted for review (reports, with ``submit``)
    rejected: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # header -> field
    unknown_columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # how values were read (a fuzzy sector, a 2022 move)
    region: str | None = None  # the sheet's region the context gave (KATO), if any
    preview: list[dict] = field(default_factory=list)  # a dry run's first rows: values as read, action
    committed: bool = False
    rejected_file: str | None = None

    @property
    def valid(self) -> int:
        return self.rows - self.rejected

    def as_dict(self) -> dict:
        return {"entity": self.entity, "file": self.file, "sheet": self.sheet, "dry_run": self.dry_run,
                "all_or_nothing": self.all_or_nothing, "rows": self.rows, "valid": self.valid,
                "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "submitted": self.submitted, "rejected": self.rejected,
                "skipped": self.skipped, "columns": self.columns, "unknown_columns": self.unknown_columns,
                "committed": self.committed, "rejected_file": self.rejected_file, "region": self.region,
                "problems": [p.as_dict() for p in self.problems], "notes": [n.as_dict() for n in self.notes],
                "preview": self.preview}


def saved_mappings(session: Session, entity: str) -> dict[str, str]:
    return {m.header_key: m.field for m in session.scalars(select(HeaderMapping).where(HeaderMapping.entity == entity))}


def save_mapping(session: Session, entity: str, header: str, field_name: str) -> None:
    known = set(headers.CONCEPTS[entity]) | {f"{c}_{q}" for c in headers.QUALIFIED for q in ("planned", "actual")}
    if field_name not in known:
        raise InvalidInput.one("field", f"unknown field {field_name!r}; use one of {', '.join(sorted(known))}")
    key = norm(header)
    row = session.scalar(select(HeaderMapping).where(HeaderMapping.entity == entity, HeaderMapping.header_key == key))
    row = row or HeaderMapping(entity=entity, header_key=key)
    row.field = field_name
    session.add(row)


def estimate_rows(path: Path, sheet: str | None, book: dict | None = None) -> int | None:
    suffix = path.suffix.lower()
    if book and book.get("data") is not None:
        return getattr(book["data"], "height", None)
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            ws = wb[sheet] if sheet else wb.worksheets[0]
            return ws.max_row
        except KeyError:
            return None
        finally:
            wb.close()
    if suffix in (".csv", ".txt", ".tsv"):
        with path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return None


#: what every write changes: not a change of the project's facts
BOOKKEEPING = frozenset({"version", "updated_at"})


def _changed(session: Session) -> bool:
    """Whether the update just made changed a fact (its change record differs beyond bookkeeping)."""
    for o in session.new:
        if isinstance(o, ChangeRecord):
            before, after = o.before or {}, o.after or {}
            if any(before.get(k) != after.get(k) for k in set(before) | set(after) if k not in BOOKKEEPING):
                return True
    return False


class _Row:
    """A row of a new project's table (a status, a source, a participant...) as a plain object with its
    columns as attributes (an ORM instance costs more to make than the row's parsing)."""

    _classes: dict = {}

    def __init__(self, **values):
        self.__dict__.update(values)

    @classmethod
    def of(cls, model) -> type:
        made = cls._classes.get(model)
        if made is None:
            made = cls._classes[model] = type(f"{model.__name__}Row", (cls,), {
                **{c.key: None for c in model.__table__.columns}, "__table__": model.__table__})
        return made


class _Draft:
    """A new project's values as ``registry.projects.build`` computes them, on a plain object (with
    plain rows for its statuses, sources and participants); ``_core_insert`` writes it."""

    name = Project.name
    __table__ = Project.__table__

    def __init__(self, **values):
        self.__dict__.update(values)

    @staticmethod
    def child(model, **values):
        return _Row.of(model)(**values)


for _column in Project.__table__.columns:
    setattr(_Draft, _column.key, None)
for _rel in ("statuses", "zone"):
    setattr(_Draft, _rel, None)


_DEFAULTS: dict = {}


def _defaults(obj, table) -> None:
    """Fill in the column defaults of attributes never set, as an ORM flush does."""
    defaults = _DEFAULTS.get(table)
    if defaults is None:
        defaults = _DEFAULTS[table] = [(c.key, c.default) for c in table.columns
                                       if c.default is not None and c.key != "id"
                                       and (c.default.is_scalar or c.default.is_callable)]
    given = obj.__dict__
    for key, default in defaults:
        if key not in given:
            setattr(obj, key, default.arg if default.is_scalar else default.arg(None))


def _new_ids(session: Session, table, n: int) -> list[int]:
    """``n`` ids for new rows of ``table``: from its sequence on PostgreSQL; on SQLite, past every id
    the table ever gave (its ``AUTOINCREMENT`` counter, so a deleted row's id is never reused) and the
    largest id there (the import's transaction holds SQLite's write lock, so no other writer can take
    them; inserting them moves the counter on)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        return list(session.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                                         "FROM generate_series(1, :n)"), {"t": table.name, "n": n}).scalars())
    top = session.execute(text(f"SELECT max(coalesce((SELECT max(id) FROM {table.name}), 0), "
                               "coalesce((SELECT seq FROM sqlite_sequence WHERE name = :t), 0))"),
                          {"t": table.name}).scalar_one()
    return list(range(top + 1, top + 1 + n))


def _repeats(type_) -> bool:
    """Whether a column's values are plain hashable scalars that repeat (dates, times, amounts), not JSON."""
    from sqlalchemy import JSON

    return not isinstance(type_, JSON)


_COMPILED: dict = {}  # (table, keys, dialect) -> the INSERT compiled (a few per import)
#: statements kept compiled at most (one per table and set of filled columns: a sheet's layout gives a few)
COMPILED_KEPT = 256


def _json_value(process, value, plain):
    """A JSON column's value as its bind processor makes it (see ``_bulk_insert``'s ``plain``)."""
    try:
        return process(value)
    except TypeError:  # not JSON as it is
        if plain is None:
            raise
        return process(plain(value))


def _bulk_insert(session: Session, table, rows: list, keys: list[str] | None = None, plain=None) -> None:
    """``INSERT`` ``rows`` into ``table`` as one executemany (on PostgreSQL one COPY, ``_copy``): dicts
    with the same keys, or (``keys`` given) objects with those attributes. The statement is compiled once per set of columns, each value
    turned into what the driver takes by its column type's own bind processor (what
    ``session.execute(insert(table), rows)`` does, without its per-row bookkeeping), column by column.

    A column that no row gives a value (most of a sheet's: the other languages' names, the actual
    figures...) and that has no default is left out of the statement: the table holds NULL there
    just the same, and the driver is spared binding it (Python's sqlite3 puts each None through its
    adaptation protocol, a look-up in its adapters and two attribute look-ups: three quarters of
    the time of a projects INSERT, whose rows are mostly NULL, went to that).

    ``plain`` (``changelog.jsonable``): what makes a JSON column's value JSON (a change-log snapshot).
    On SQLite the column's own serializer (``json.dumps``, called here) refuses a value that is not
    JSON already, and only such a value goes through ``plain`` (a snapshot as ``serialize`` writes it,
    amounts and dates as text, is JSON already: ``jsonable`` would copy it unchanged; the stored text
    is the same either way); elsewhere (psycopg serializes later, at execution) every value does."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if plain is not None and not (dialect.name == "sqlite" and dialect.positional):
        json_keys = [k for k in (keys or rows[0]) if not _repeats(table.columns[k].type)]
        if keys is None:
            rows = [{**r, **{k: plain(r[k]) for k in json_keys if r[k] is not None}} for r in rows]
        else:
            raise ValueError("plain is for rows given as dicts")
        plain = None
    getter = operator.itemgetter if keys is None else operator.attrgetter
    keys = list(rows[0]) if keys is None else keys
    values = getter(*keys) if len(keys) > 1 else (lambda r, one=getter(keys[0]): (one(r),))
    n = len(rows)
    columns = {}
    for key, column in zip(keys, map(list, zip(*map(values, rows)))):
        c = table.columns[key]
        if column.count(None) == n and c.default is None and c.server_default is None:
            continue  # NULL on every row: left out (see above)
        process = c.type._cached_bind_processor(dialect)
        if process is not None:
            if _repeats(c.type):
                # a date, a time or an amount: the same few values on many rows, each converted once
                done = {v: process(v) for v in set(column) if v is not None}
                done[None] = None
                column = [done[v] for v in column]
            else:
                column = [None if v is None else _json_value(process, v, plain) for v in column]
        columns[key] = column
    kept = tuple(columns)
    if dialect.driver == "psycopg":
        return _copy(connection, table, kept, list(zip(*columns.values())))
    compiled = _COMPILED.get((table, kept, dialect))
    if compiled is None:
        if len(_COMPILED) >= COMPILED_KEPT:  # a server that imported many layouts: memory stays bounded
            _COMPILED.clear()
        compiled = _COMPILED[table, kept, dialect] = table.insert().compile(
            dialect=dialect, column_keys=list(kept), for_executemany=True)
    if compiled.positional:
        params = list(zip(*(columns[name] for name in compiled.positiontup)))
    else:
        params = [dict(zip(kept, row)) for row in zip(*columns.values())]
    connection.exec_driver_sql(str(compiled), params)


def _copy(connection, table, keys: tuple[str, ...], rows: list[tuple]) -> None:
    """``rows`` into ``table`` by PostgreSQL's COPY (psycopg's ``Cursor.copy``): the batch as one
    stream rather than a statement per row (an executemany, even pipelined, costs the server a
    statement per row). Its failure is raised as SQLAlchemy raises a statement's (``DBAPIError``,
    the original error as ``orig``), which the importer's fallback (each row alone) expects."""
    quote = connection.dialect.identifier_preparer
    names = ", ".join(quote.quote(table.columns[k].name) for k in keys)
    sql = f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
    dbapi = connection.dialect.loaded_dbapi
    try:
        with connection.connection.dbapi_connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=connection.dialect) from exc


#: a file of at least this many rows, and no fewer than the table holds, has the projects' indexes built after it
INDEXES_AFTER = 5_000
#: SQLite's page cache during an import's pass, KiB
CACHE_KIB = 64 * 1024
#: the tables the bulk writer inserts into that have a registry-generation trigger (migration 0005)
BULK_TABLES = ("projects", "project_organisations", "project_programmes")


@contextmanager
def _bulk_window(session: Session, expected: int | None):
    """The pass of an import on SQLite, with its inserts spared costs that do not change its outcome.

    - The registry's generation (migration 0005, read by the web caches) is changed by an AFTER INSERT
      trigger per row; a statement that fires a trigger keeps a statement journal of every page it
      touches (the table's and its indexes'), two thirds of the cost of a bulk INSERT. The insert
      triggers of the tables the bulk writer fills are dropped for the pass, and at its end created
      again from their own SQL (as the schema holds it) and the generation changed once (if the pass
      wrote any row: SQLite's ``total_changes()``).
    - SQLite's page cache (2 MB by default) is made ``CACHE_KIB`` for the pass, so that the pages the
      pass writes stay in memory until its commit rather than being spilled to the WAL file and read
      back (bounded: a sheet of any length has at most this much; the setting is put back afterwards).
    - For a file of many rows (``INDEXES_AFTER``, and at least as many as the projects table holds),
      the projects' secondary indexes, entered one entry at a time at a random place of each, are
      dropped for the pass and created again at its end (one sort per index). None that a check of the
      import reads: the primary key and the unique constraints stay.

    Nobody else writes meanwhile (the import's transaction holds SQLite's write lock from its BEGIN
    IMMEDIATE), readers see the database as before the transaction, and SQLite's DDL is
    transactional: a rollback (a dry run, a trial, a failure, a kill) restores triggers and indexes
    with the rest. PostgreSQL: nothing (its generation triggers fire once per statement)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    marks = ", ".join("?" * len(BULK_TABLES))
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'orken_generation_%' "
        f"AND tbl_name IN ({marks}) AND sql LIKE '% AFTER INSERT ON %'", BULK_TABLES).all()
    indexes = []
    if expected and expected >= INDEXES_AFTER and expected >= connection.exec_driver_sql(
            "SELECT count(*) FROM projects").scalar_one():
        indexes = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'projects' "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'").all()
    for kind, made in (("TRIGGER", triggers), ("INDEX", indexes)):
        for name, _ in made:
            connection.exec_driver_sql(f'DROP {kind} "{name}"')
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-CACHE_KIB}")
    changes = connection.exec_driver_sql("SELECT total_changes()").scalar_one()
    try:
        yield
        for _, sql in indexes + triggers:
            connection.exec_driver_sql(sql)
        # a pass that wrote no row at all (a file imported again, every row unchanged) leaves it alone
        if triggers and connection.exec_driver_sql("SELECT total_changes()").scalar_one() != changes:
            connection.exec_driver_sql("UPDATE registry_generation SET value = random() WHERE id = 1")
    finally:  # the connection goes back to the pool with its own page cache (a pragma is not rolled back)
        try:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
        except DBAPIError:  # a connection that broke (the error on its way says why): the pool discards it
            pass


def _core_insert(session: Session, built: list[_Draft], actor: str) -> None:
    """Write projects built by ``registry.projects.build`` with one multi-row INSERT per table (and
    their change-log entries likewise), the rows taken from the built objects column by column:
    the same values and the same change log as ``projects.create``, without a unit of work per row.
    No flush sees these rows: the caller has had them decided by the flush guard's own rules
    (``orken.auth.guard.check_new_projects``) first."""
    from orken.auth.guard import project_subject
    from orken.auth.policy import public_project
    from orken.db.models import Capacity, ProjectProgramme, StatusChange
    from orken.db.models import utcnow
    from orken.registry.changelog import jsonable
    from orken.registry.serialize import _project_dict as project_dict

    if any(p.phases or p.support for p in built):
        raise ValueError("the Core writer writes no phases or support measures")
    principal = session.info.get("principal")
    if principal is not None and principal.system:
        principal = None
    now = utcnow()
    table = Project.__table__
    for p in built:
        p.version, p.created_at, p.updated_at = 1, now, now
        _defaults(p, table)
    ids = _new_ids(session, table, len(built))
    children: dict = {StatusChange: [], ProjectOrganisation: [], Source: [], ProjectProgramme: [], Capacity: []}
    organisations: dict[int, Organisation] = {}
    for p, pid in zip(built, ids):
        p.id = pid
        for model, items in ((StatusChange, p.statuses), (ProjectOrganisation, p.organisations),
                             (Source, p.sources), (ProjectProgramme, p.programmes), (Capacity, p.capacities)):
            for item in items:
                item.project_id = pid
                children[model].append(item)
        for o in p.organisations:  # the change log names the organisation, as after an ORM flush
            if o.organisation_id not in organisations:
                organisations[o.organisation_id] = session.get(Organisation, o.organisation_id)
            o.organisation = organisations[o.organisation_id]
    # one executemany per table and batch (the projects' ids given, so no RETURNING needed)
    _bulk_insert(session, table, built, [c.key for c in table.columns])
    for model, items in children.items():
        if items:
            mtable = model.__table__
            cols = [c.key for c in mtable.columns if not (c.primary_key and c.autoincrement is True)
                    and not (c.key == "id")]
            for i in items:
                _defaults(i, mtable)
            _bulk_insert(session, mtable, items, cols)
    entries = []
    for p in built:
        after = project_dict(p)
        if principal is not None and not principal.can_read_internal(project_subject(p)):
            after = public_project(after)  # what the service logs for a user who may not read it all
        entries.append({"time": now, "actor": actor, "action": "create", "object_type": "project",
                        "object_id": p.id, "object_repr": p.name("ru")[:500], "before": None,
                        "after": after})
    _bulk_insert(session, ChangeRecord.__table__, entries, plain=jsonable)  # made JSON as the service's log does


#: a stored source as the update's ``SourceIn`` takes it
SOURCE_FIELDS = ("kind", "title", "url", "date", "quote", "document_id", "lang")


class _Unchanged(Exception):
    """A row that repeats what is stored: its savepoint (the version bump) is rolled back."""


class ProjectMatcher:
    """The registry's projects by normalised name, with their district, region and initiators, to
    find the project a row without an external id is about (loaded once per import)."""

    def __init__(self, session: Session):
        self.by_name: dict[str, set[int]] = {}
        self.place: dict[int, tuple[str | None, str | None]] = {}
        self.status: dict[int, str] = {}
        self.bins: dict[int, set[str]] = {}
        self.investors: dict[int, set[str]] = {}
        self.touched: dict[int, int] = {}  # project id -> the row of this file that wrote it
        self.external: dict[str, tuple[int, str]] = {}  # external id -> (id, status)
        self._keys: dict[int, set[str]] = {}  # the name keys of projects built, not yet written
        for pid, ext, kk, ru, en, region, district, status in session.execute(select(
                Project.id, Project.external_id, Project.name_kk, Project.name_ru, Project.name_en,
                Project.region_kato, Project.district_kato, Project.status)):
            self._add(pid, (kk, ru, en), region, district, status)
            if ext:
                self.external[ext] = (pid, status)
        for pid, bin_, kk, ru, en in session.execute(
                select(ProjectOrganisation.project_id, Organisation.bin, Organisation.name_kk, Organisation.name_ru,
                       Organisation.name_en).join(Organisation, Organisation.id == ProjectOrganisation.organisation_id)
                .where(ProjectOrganisation.role == "investor")):
            if bin_:
                self.bins.setdefault(pid, set()).add(bin_)
            self.investors.setdefault(pid, set()).update(norm(n) for n in (kk, ru, en) if n)

    def _add(self, pid: int, names, region, district, status, keys: set[str] | None = None) -> None:
        keys = {norm(n) for n in names if n} if keys is None else keys
        for k in keys:
            self.by_name.setdefault(k, set()).add(pid)
        self.place[pid], self.status[pid] = (region, district), status
        if pid < 0:
            self._keys[pid] = keys

    def find(self, names: list[str], region: str | None, district: str | None, investor: str | None,
             bin_: str | None) -> list[int]:
        ids = set().union(*(self.by_name.get(norm(n), set()) for n in names)) if names else set()
        if not ids:
            return []
        if bin_:
            by_bin = [i for i in ids if bin_ in self.bins.get(i, ())]
            if by_bin:
                return by_bin
        if district:
            ids = {i for i in ids if self.place[i][1] == district}
        elif region:
            ids = {i for i in ids if self.place[i][0] == region}
        if len(ids) > 1 and investor:
            narrowed = {i for i in ids if norm(investor) in self.investors.get(i, ())}
            ids = narrowed or ids
        return sorted(ids)

    def pending(self, parsed, project: Project) -> None:
        """A project built but not yet written (the batch's bulk write gives its id): later rows of
        the file about the same project are duplicates."""
        self._add(-parsed.row, (project.name_kk, project.name_ru, project.name_en), project.region_kato,
                  project.district_kato, project.status)
        self.touched[-parsed.row] = parsed.row

    def forget(self, row: int) -> None:
        self.touched.pop(-row, None)
        self.place.pop(-row, None)
        self.status.pop(-row, None)
        for k in self._keys.pop(-row, ()):
            self.by_name.get(k, set()).discard(-row)

    def touch(self, project: Project, row: int, investor) -> None:
        keys = None
        if -row in self.touched:  # built, now written: its name keys as computed then
            keys = self._keys.get(-row)
            self.forget(row)
        self._add(project.id, (project.name_kk, project.name_ru, project.name_en), project.region_kato,
                  project.district_kato, project.status, keys)
        if project.external_id:
            self.external[project.external_id] = (project.id, project.status)
        self.touched.setdefault(project.id, row)
        if investor:
            name, bin_ = investor
            if bin_:
                self.bins.setdefault(project.id, set()).add(bin_)
            if name:
                self.investors.setdefault(project.id, set()).add(norm(name))


class _Rejects:
    """Rejected rows, with their original cells and the reasons, written as they come."""

    def __init__(self, path: Path | None, header: list[str]):
        self.path, self.header, self.file, self.writer = path, header, None, None

    def add(self, row: int, values: list, problems: list[Problem]) -> None:
        if self.path is None:
            return
        if self.writer is None:
            self.file = self.path.open("w", newline="", encoding="utf-8-sig")
            self.writer = csv.writer(self.file)
            self.writer.writerow(["row", "errors", *self.header])
        reasons = "; ".join(f"{p.column}: {p.message}" if p.column else p.message for p in problems)
        cells = ["" if v is None else v for v in values]
        cells += [""] * (len(self.header) - len(cells))
        self.writer.writerow([row, reasons, *cells])

    def close(self) -> None:
        if self.file:
            self.file.close()

    def discard(self) -> None:
        """Remove what was written of the file (closing a file on a full disk may fail too)."""
        if self.file:
            try:
                self.file.close()
            except OSError:
                pass
            self.file = self.writer = None
            self.path.unlink(missing_ok=True)


#: the cyclic garbage collector's thresholds while imports run: a row makes hundreds of short-lived
#: objects (freed by their reference counts, not by the collector), and at CPython's default of 700
#: allocations the collections, each walking the import's growing indexes, took a fifth of its time
#: (at 50,000 still about a twelfth at 10,000 rows: the rows of a batch, kept until it is written, are
#: walked again at each young collection; 200,000 spares a few per cent more)
GC_THRESHOLDS = (200_000, 50, 100)
_gc_lock = threading.Lock()
_gc_state = {"imports": 0, "saved": None}


@contextmanager
def _fewer_collections():
    """Relax the collector while one or more imports run (process-wide; put back when the last ends)."""
    with _gc_lock:
        if _gc_state["imports"] == 0:
            _gc_state["saved"] = gc.get_threshold()
            gc.set_threshold(*GC_THRESHOLDS)
        _gc_state["imports"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["imports"] -= 1
            if _gc_state["imports"] == 0:
                gc.set_threshold(*_gc_state["saved"])


def _begin(session: Session, job: ImportJob) -> None:
    """Open the transaction with a write, so that row savepoints nest inside it on SQLite too."""
    session.add(job)
    session.flush()


class Importer:
    def __init__(self, engine: Engine, entity: str, path: Path, *, sheet: str | None = None, dry_run: bool = False,
                 all_or_nothing: bool = False, lang: str = "ru", actor: str | None = None,
                 rejected_path: Path | None = None, progress: Progress | None = None,
                 mapping: dict[str, str] | None = None, max_problems: int = 10000, principal=None,
                 submit: bool = False, region: str | None = None):
        if entity not in ENTITIES:
            raise ImportError_(f"unknown entity {entity!r}; use projects, zones or reports")
        self.engine, self.entity, self.path, self.sheet = engine, entity, Path(path), sheet
        self.dry_run, self.all_or_nothing, self.lang = dry_run, all_or_nothing, lang
        self.actor = actor or f"import:{self.path.name}"
        self._source = (f"import: {self.path.name}"[:1000], date.today())  # the file as a source: the day it came
        self.rejected_path = rejected_path
        self.progress = progress or (lambda done, total: None)
        self._warm_ids: set[int] = set()  # projects loaded by ``_warm`` since the session was last emptied
        self._warm_held: list = []
        self.mapping = {norm(k): v for k, v in (mapping or {}).items()}
        self.max_problems = max_problems
        # the acting user of a web upload: the registry's flush guard checks each row against their scope
        self.principal = principal
        # reports: the monitoring service decides with this principal (the command line's operator without one)
        self.report_principal = principal or system_principal(self.actor)
        self.submit = submit
        self.region = region  # the region of the sheet's places (name or KATO), when the sheet does not say
        self.title_rows: list[list] = []
        self.header_cells: list[list] = []
        self._book: dict = {}  # the sheet as read once (calamine), for the passes over it
        self._sheet_lang: str | None = None  # "kk" for a sheet whose headers are Kazakh (``parse.sheet_language``)

    def run(self) -> ImportReport:
        try:
            with _fewer_collections():
                return self._run()
        except (OSError, DBAPIError) as exc:
            if not disk_full(exc):
                raise
            where = t("the_database", self.lang)
            if isinstance(exc, OSError):  # the only file an import writes is its rejected rows
                where = Path(exc.filename or self._rejected_file()).name  # a name, not the server's folders
            raise DiskFull(t("disk_full", self.lang, where=where)) from exc

    def _run(self) -> ImportReport:
        report = ImportReport(self.entity, self.path.name, self.sheet, self.dry_run, self.all_or_nothing)
        Session_ = session_factory(self.engine)
        with Session_() as session:
            if self.principal is not None:
                session.info["principal"] = self.principal
            layout = self._layout(session)
            report.sheet = self.sheet  # (the sheet found, when none was named)
            report.columns = {c.header: c.field for c in layout.columns}
            report.unknown_columns = layout.unknown
            if self.dry_run:  # every write a real run would make, then rolled back: the counts are exact
                try:
                    _begin(session, ImportJob(token=f"dry-{secrets.token_hex(16)}", entity=self.entity,
                                              filename=self.path.name[:300], sheet=self.sheet, status="running",
                                              actor=self.actor))
                    self._pass(session, layout, report, write=True)
                finally:
                    session.rollback()
                return report
            if self.all_or_nothing:
                # a trial: every valid row is written as confirming would write it (so the registry's checks,
                # the acting user's scope among them, refuse what confirming would refuse), then rolled back
                self._pass(session, layout, report, write=False, trial=True)
                session.rollback()
                report.created = report.updated = report.submitted = 0
                report.unchanged = 0
                if report.problems:
                    return report
                report = ImportReport(self.entity, self.path.name, self.sheet, False, True,
                                      columns=report.columns, unknown_columns=report.unknown_columns)
            try:
                job = ImportJob(token=f"run-{secrets.token_hex(16)}", entity=self.entity,
                                filename=self.path.name[:300], sheet=self.sheet, status="running", actor=self.actor)
                _begin(session, job)
                self._pass(session, layout, report, write=True)
                if self.all_or_nothing and report.problems:
                    session.rollback()
                    report.created = report.updated = report.submitted = 0
                    return report
                job.status, job.rows = "done", report.rows
                job.report = {k: v for k, v in report.as_dict().items() if k != "problems"}
                session.commit()
                report.committed = True
            except BaseException:
                session.rollback()
                if report.rejected_file:  # the import did not happen (e.g. the disk filled at the commit, the
                    # pass's pages being held in SQLite's cache until then): its rejected rows would mislead
                    Path(report.rejected_file).unlink(missing_ok=True)
                    report.rejected_file = None
                raise
        return report

    #: fields of which a header needs one to be the header of this kind of record (else another sheet is tried)
    NAMING = {"projects": {"name", "name_kk", "name_ru", "name_en", "external_id"},
              "zones": {"name", "name_kk", "name_ru", "name_en", "external_id"},
              "reports": {"project", "external_id"}}

    def _layout(self, session: Session) -> headers.HeaderLayout:
        saved = {**saved_mappings(session, self.entity), **self.mapping}
        try:
            first = list(itertools.islice(readers.rows(self.path, self.sheet, self._book), HEADER_SCAN))
            layout = headers.detect(first, self.entity, saved) if first else None
            if self.sheet is None and not (layout and layout.fields() & self.NAMING[self.entity]):
                # a workbook whose first sheet is a cover or a summary ("Свод"): the first sheet after it
                # whose header names the records; the report says which sheet was read
                for name in readers.sheet_names(self.path)[1:MAX_SHEETS]:
                    book: dict = {}
                    rows = list(itertools.islice(readers.rows(self.path, name, book), HEADER_SCAN))
                    found = headers.detect(rows, self.entity, saved) if rows else None
                    if found and found.fields() & self.NAMING[self.entity]:
                        self.sheet, self._book, first, layout = name, book, rows, found
                        break
        except readers.FileError as exc:
            raise ImportError_(exc.message(self.lang)) from None
        if layout is None:
            raise ImportError_(t("no_header", self.lang))
        self.title_rows = [values for number, values in first if number < min(layout.header_rows)]
        self.header_cells = [values for number, values in first if number in layout.header_rows]
        return layout

    def _header_texts(self, width: int) -> list[str]:
        """Each column's header as the sheet writes it, both rows of a two-row header joined
        ("Рабочие места, временные"); a column without a header is named by its letter."""
        from orken.io.headers import Column

        rows = [[headers._text(v) for v in r] + [""] * (width - len(r)) for r in self.header_cells]
        out = []
        if len(rows) == 2:
            upper, lower = rows
            last = ""
            for i in range(width):
                last = upper[i] or (last if lower[i] else "")
                # (a header merged down over both rows is read in both: written once)
                out.append(", ".join(x for x in dict.fromkeys((last, lower[i])) if x))
        elif rows:
            out = rows[0][:width]
        return [h or Column(i, "", "").letter for i, h in enumerate(out + [""] * (width - len(out)))]

    def _hints(self, session: Session, layout: headers.HeaderLayout, ref: Reference) -> tuple[str, ...]:
        """The sheet's regions, surest first: the --region option, the importer's region scope, the
        title rows, the region column of the rows (when they name one region)."""
        from orken.domain.kato import region_of
        from orken.io.places import Places
        from orken.reference import kato

        places = Places(ref.units, self.lang)
        out: list[str] = []
        if self.region:
            try:
                out.append(places.region(self.region, ref.region))
            except Exception:  # noqa: BLE001 - a ParseError: say it as the file's problem
                raise ImportError_(t("region", self.lang, value=self.region)) from None
        if self.principal is not None:
            scoped = {region_of(g.region) for g in getattr(self.principal, "grants", ()) if getattr(g, "region", None)}
            if len(scoped) == 1:
                out.append(scoped.pop())
        title = " ".join(str(v) for r in self.title_rows for v in r if isinstance(v, str))
        if self.sheet:
            title += f" {self.sheet}"
        named = [u.code for u in kato.region_in_text(title) if u.code in ref.units]
        if len(set(named)) == 1:
            out.append(named[0])
        column = next((c for c in layout.columns if c.field == "region"), None)
        if column is not None and any(c.field == "district" for c in layout.columns):
            counts: dict[str, int] = {}
            seen: dict[str, str | None] = {}
            last = max(layout.header_rows)
            for number, values in readers.rows(self.path, self.sheet, self._book):
                if number <= last or column.index >= len(values) or values[column.index] in (None, ""):
                    continue
                text = str(values[column.index]).strip()
                if text not in seen:
                    try:
                        seen[text] = places.region(text, ref.region)
                    except Exception:  # noqa: BLE001 - the row reports it
                        seen[text] = None
                if seen[text]:
                    counts[seen[text]] = counts.get(seen[text], 0) + 1
            if counts:
                top, n = max(counts.items(), key=lambda x: x[1])
                if n >= 0.8 * sum(counts.values()):
                    out.append(top)
        return tuple(dict.fromkeys(out))

    def _pass(self, session: Session, layout: headers.HeaderLayout, report: ImportReport, write: bool,
              trial: bool = False) -> None:
        """Read every row; write the valid ones (``write``), or write them to be rolled back (``trial``)."""
        ref = Reference(session)
        if self.entity == "reports":
            from orken.io.report_rows import ProjectIndex, ReportReader  # (the monitoring schemas: reports only)

            reader = ReportReader(layout.columns, ref, self.lang, ProjectIndex(session))
        else:
            try:
                hints = self._hints(session, layout, ref)
            except readers.FileError as exc:  # damage found while reading the region column
                raise ImportError_(exc.message(self.lang)) from None
            report.region = hints[0] if hints else None
            reader = RowReader(self.entity, layout.columns, ref, self.lang, hints)
            self._sheet_lang = reader.sheet_lang
        model = Project if self.entity == "projects" else Zone
        self.matcher = ProjectMatcher(session) if self.entity == "projects" else None
        self.__dict__.pop("_organisations", None)  # a trial pass before was rolled back: its new ids are gone
        last_header = max(layout.header_rows)
        width = max([c.index + 1 for c in layout.columns] + [len(r) for r in self.header_cells])
        header_texts = self._header_texts(width)
        rejects = _Rejects(self._rejected_file() if write or self.dry_run else None, header_texts)
        seen: dict[str, int] = {}
        total = estimate_rows(self.path, self.sheet, self._book)
        done = 0
        self._pending = []

        def reject(parsed: Parsed, values: list) -> None:
            report.rejected += 1
            if len(report.problems) < self.max_problems:
                report.problems.extend(parsed.problems)
            rejects.add(parsed.row, values, parsed.problems)

        try:
            with _bulk_window(session, total) if self.entity == "projects" and (write or trial) else nullcontext():
                for number, values in readers.rows(self.path, self.sheet, self._book):
                    done += 1
                    if done % 200 == 0:
                        self.progress(done, total)
                    if number <= last_header:
                        continue
                    kind = row_kind(values, layout.columns)
                    if kind == "heading":
                        kind = reader.heading(values) or "data"
                    reader.after_totals = reader.after_totals or kind == "totals"
                    if kind != "data":
                        report.skipped[kind] = report.skipped.get(kind, 0) + 1
                        continue
                    report.rows += 1
                    parsed = self._parse(session, reader, model, number, values, seen)
                    if parsed.notes and len(report.notes) < self.max_problems:
                        report.notes.extend(parsed.notes)
                    if not parsed.problems and (write or trial):
                        self._write(session, parsed, report, values)
                    if parsed.problems:
                        reject(parsed, values)
                        if write and self.all_or_nothing:
                            break
                    if self.dry_run and len(report.preview) < PREVIEW_ROWS and self.entity != "reports":
                        report.preview.append(self._preview(parsed, ref, reader, values))
                    if (write or trial) and report.rows % BATCH == 0:
                        self._flush_pending(session, report, reject)
                        session.flush()
                        session.expunge_all()  # memory stays flat however long the file
                        self._warm_ids.clear()
                        self._warm_held.clear()
                        ref.attach(session)  # the services' look-ups of places and sectors stay in memory
                if write or trial:
                    self._flush_pending(session, report, reject)
            self.progress(done, done)
        except BaseException as exc:
            rejects.discard()  # the import did not happen: its rejected rows would mislead
            if isinstance(exc, readers.FileError):
                raise ImportError_(exc.message(self.lang)) from None
            raise
        finally:
            rejects.close()
        if rejects.writer is not None:
            report.rejected_file = str(rejects.path)

    def _flush_pending(self, session: Session, report: ImportReport, reject) -> None:
        """Write the new projects built since the last batch at once (one INSERT per table and
        batch, and their change-log entries likewise). The flush guard's rules decide each row first
        (``orken.auth.guard.check_new_projects``, as a flush would): a row they refuse (outside the
        acting user's scope) is rejected with the guard's reason. Should the database refuse the
        batch, each row is written alone, through the service, and reports its own problem."""
        from orken.auth.guard import check_new_projects

        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            refusals = check_new_projects(session, [p for _, p, _ in pending])
        except OrkenError as exc:  # refused as a whole (a browser's write without its CSRF proof): every row
            refusals = [exc] * len(pending)
        kept = []
        for item, refused in zip(pending, refusals):
            if refused is None:
                kept.append(item)
                continue
            parsed, _, values = item
            self.matcher.forget(parsed.row)
            parsed.problems.append(Problem(parsed.row, "", "", t("invalid", self.lang, detail=str(refused))))
            self._rejected_late(parsed, values, report, reject)
        pending = kept
        if not pending:
            return
        try:
            with session.begin_nested():
                if all(isinstance(p, _Draft) for _, p, _ in pending):
                    _core_insert(session, [p for _, p, _ in pending], self.actor)
                else:  # ORM objects (CORE_WRITER off): the unit of work writes them, its flush guarded
                    session.add_all([project for _, project, _ in pending])
                    session.flush()
                    for _, project, _ in pending:
                        projects.log_created(session, project, self.actor)
                    session.flush()
        except (DBAPIError, OrkenError) as exc:
            if disk_full(exc):
                raise
            for _, project, _ in pending:
                if isinstance(project, Project) and project in session:
                    session.expunge(project)
            for parsed, _, values in pending:
                parsed.extra["bulk"] = False
                self.matcher.forget(parsed.row)
                self._write(session, parsed, report, values)
                if parsed.problems:
                    self._rejected_late(parsed, values, report, reject)
            return
        for parsed, project, _ in pending:
            self.matcher.touch(project, parsed.row, parsed.extra.get("investor"))
        report.created += len(pending)

    @staticmethod
    def _rejected_late(parsed: Parsed, values: list, report: ImportReport, reject) -> None:
        """A row found valid, refused when its batch was written: rejected, and so in the preview."""
        reject(parsed, values)
        for entry in report.preview:
            if entry["row"] == parsed.row:
                entry["action"] = "reject"
                entry["problems"] = [p.message for p in parsed.problems]

    def _preview(self, parsed: Parsed, ref: Reference, reader: RowReader, values: list) -> dict:
        """One row as the preview shows it: the values as read (places by name, amounts in tenge,
        the launch at its precision) and the action a real run takes."""
        if parsed.problems:
            action = "reject"
        else:
            action = parsed.extra.get("action") or ("update" if parsed.extra.get("existing_id") else "create")
        data = parsed.payload.model_dump(exclude_unset=True) if parsed.payload else {}

        def unit(code):
            u = ref.units.get(code) if code else None
            if u is None:
                return None
            return {"kk": u.name_kk, "ru": u.name_ru, "en": u.name_en}

        def money(key):
            m = data.get(key)
            return {"amount": str(m["amount"]), "currency": str(m["currency"])} if m else None

        launch = data.get("launch_planned")
        precision = data.get("launch_planned_precision") or "day"
        label = None
        if launch:
            label = {"year": f"{launch.year}", "quarter": f"{launch.year} Q{(launch.month - 1) // 3 + 1}",
                     "month": f"{launch.month:02d}.{launch.year}"}.get(precision, launch.strftime("%d.%m.%Y"))
        name = data.get("name") or {}
        if not any(name.values() if name else ()):  # a rejected row: its name as the sheet writes it
            raw = reader._text(values, "name") or next(
                (reader._text(values, f) for f in ("name_ru", "name_kk", "name_en") if reader._text(values, f)), None)
            name = {"ru": raw} if raw else {}
        return {"row": parsed.row, "action": action, "existing_id": parsed.extra.get("existing_id"),
                "name": {k: v for k, v in name.items() if v} or None,
                "region": unit(data.get("region_kato")), "district": unit(data.get("district_kato")),
                "settlement": data.get("settlement"), "status": str(data["status"]) if data.get("status") else None,
                "kind": data.get("kind"), "oked": data.get("oked"),
                "investment_planned": money("investment_planned"), "investment_actual": money("investment_actual"),
                "jobs_permanent": data.get("jobs_permanent_planned"),
                "jobs_construction": data.get("jobs_construction_planned"), "launch": label,
                "launch_on": launch.isoformat() if launch else None, "launch_precision": precision if launch else None,
                "problems": [p.message for p in parsed.problems]}

    def _rejected_file(self) -> Path:
        return self.rejected_path or self.path.with_name(self.path.stem + ".rejected.csv")

    def _parse(self, session, reader: RowReader, model, number: int, values: list, seen: dict) -> Parsed:
        if self.entity == "reports":
            from orken.io.report_rows import period_label

            parsed = reader.report(number, values)
            key = (parsed.extra["project_id"], parsed.extra["period"])
            if None not in key:
                if key in seen:
                    col = reader.by_field.get("period")
                    parsed.problems.insert(0, Problem(number, f"{col.letter} ({col.header})" if col else "", "period",
                                                      t("duplicate_period", self.lang, period=period_label(key[1]),
                                                        row=seen[key])))
                else:
                    seen[key] = number
            return parsed
        external_id = reader._text(values, "external_id")
        existing = None
        if external_id and self.entity == "projects":
            existing = self.matcher.external.get(external_id)
        elif external_id:
            existing = session.execute(
                select(model.id, model.status if model is Project else model.kind).where(model.external_id == external_id)
            ).first()
        if self.entity == "projects":
            parsed = reader.project(number, values, existing[1] if existing else None)
            if existing is None and not external_id:
                matched = self._match(reader, number, values, parsed)
                if matched is not None:
                    existing = matched
                    parsed = reader.project(number, values, existing[1])
                    parsed.extra["matched"] = True
            if existing is not None:
                if existing[0] in self.matcher.touched:
                    parsed.problems.insert(0, Problem(number, "", "name", t(
                        "duplicate_row", self.lang, row=self.matcher.touched[existing[0]])))
        else:
            parsed = reader.zone(number, values, existing is not None)
        if external_id:
            if external_id in seen:
                col = reader.by_field["external_id"]
                parsed.problems.insert(0, Problem(number, f"{col.letter} ({col.header})", "external_id",
                                                  t("duplicate", self.lang, value=external_id, row=seen[external_id])))
            else:
                seen[external_id] = number
        parsed.extra["existing_id"] = existing[0] if existing else None
        return parsed

    def _match(self, reader: RowReader, number: int, values: list, parsed: Parsed):
        """An existing project the row is about, without an external id: by the initiator's BIN and
        the name, else by the name and the district (and the initiator when that decides). Several
        matches are reported, not guessed. Returns (id, status) or None."""
        payload = parsed.payload
        if not payload or getattr(payload, "name", None) is None:
            return None
        names = [n for n in (payload.name.kk, payload.name.ru, payload.name.en) if n]
        investor, bin_ = parsed.extra.get("investor") or (None, None)
        ids = self.matcher.find(names, payload.region_kato, payload.district_kato, investor, bin_)
        if len(ids) > 1:
            parsed.problems.insert(0, Problem(number, "", "name", t(
                "match_ambiguous", self.lang, ids=", ".join(str(i) for i in sorted(ids)[:10]))))
            return None
        if ids:
            return ids[0], self.matcher.status[ids[0]]
        return None

    def _write(self, session: Session, parsed: Parsed, report: ImportReport, values: list | None = None) -> None:
        if self.entity == "reports":
            return self._write_report(session, parsed, report)
        existing = parsed.extra.get("existing_id")
        if self.entity == "projects" and not existing and parsed.extra.get("bulk", True):
            return self._build(session, parsed, values)
        if self.entity == "projects" and existing and CONFIRM_UNCHANGED and self._repeats_stored(session, parsed):
            report.unchanged += 1  # as the update below counts it, without its savepoint, version bump and rollback
            parsed.extra["action"] = "unchanged"
            self.matcher.touched.setdefault(existing, parsed.row)
            return
        try:
            with session.begin_nested():
                data = parsed.payload
                if self.entity == "projects":
                    investor = parsed.extra.get("investor")
                    org_id = self._organisation(session, *investor) if investor else None
                    if existing:
                        self._warm(session, existing)
                        update = self._update_of(parsed, org_id, session.get(Project, existing))
                        project = projects.update(session, existing, update, self.actor)
                        if not _changed(session):
                            raise _Unchanged
                        self._cite_file(project)
                    else:  # as the bulk writer does, one row: the file is a source in the change log too
                        project = projects.build(session, self._with_investor(data, org_id))
                        self._cite_file(project)
                        session.add(project)
                        session.flush()
                        projects.log_created(session, project, self.actor)
                    self.matcher.touch(project, parsed.row, parsed.extra.get("investor"))
                elif existing:
                    others.update_zone(session, existing, data, self.actor)
                else:
                    others.create_zone(session, data, self.actor)
            if existing:
                report.updated += 1
                parsed.extra["action"] = "update"
            else:
                report.created += 1
                parsed.extra["action"] = "create"
        except _Unchanged:
            report.unchanged += 1
            parsed.extra["action"] = "unchanged"
            self.matcher.touched.setdefault(existing, parsed.row)
        except InvalidInput as exc:
            for e in exc.errors:
                parsed.problems.append(Problem(parsed.row, "", e["field"], refused(e, self.lang)))
        except OrkenError as exc:  # e.g. the acting user may not write this project (auth flush guard)
            parsed.problems.append(Problem(parsed.row, "", "", t("invalid", self.lang, detail=str(exc))))

    @staticmethod
    def _with_investor(data, org_id: int | None):
        """The row's data with its investor as the project's investor (the row's investor column)."""
        if org_id is None:
            return data
        return type(data).model_validate({**data.model_dump(exclude_unset=True), "organisations": [
            {"organisation_id": org_id, "role": "investor"}]})

    def _update_of(self, parsed: Parsed, org_id: int | None, project: Project) -> ProjectUpdate:
        """What a row about a stored project changes of it: its cells (a blank one leaves its field alone).
        Its investor and its source are added to the project's participants and sources, never put in
        their place (a row names one investor and one source; the others, entered in the browser, read
        from the news or cited by another file, stay); one the project has already changes nothing."""
        given = parsed.payload.model_dump(exclude_unset=True)
        if parsed.extra.get("matched"):  # found by its name: the stored spelling stays
            given.pop("name", None)
        if org_id is not None and not any(o.organisation_id == org_id and o.role == "investor"
                                          for o in project.organisations):
            given["organisations"] = [{"organisation_id": o.organisation_id, "role": o.role}
                                      for o in project.organisations] + [{"organisation_id": org_id,
                                                                          "role": "investor"}]
        sources = given.pop("sources", None) or []
        cited = {(s.kind, s.url, s.title) for s in project.sources}
        new = [s for s in sources if (s["kind"], s["url"], s["title"]) not in cited]
        if new:
            given["sources"] = [{k: getattr(s, k) for k in SOURCE_FIELDS} for s in project.sources] + new
        return ProjectUpdate.model_validate(given)

    def _repeats_stored(self, session: Session, parsed: Parsed) -> bool:
        """Whether the row repeats what is stored of its project, so that updating it would change nothing
        (``projects.would_change``: the update's own rules, nothing written) and the write guard would
        allow the write (``check_written``). Any doubt (a new investor, a value that differs, a row the
        update or the guard would refuse) is False: the row goes through ``projects.update`` as any
        other, which reports it or finds it unchanged (rolled back)."""
        from orken.auth.guard import check_written

        existing = parsed.extra["existing_id"]
        investor = parsed.extra.get("investor")
        org_id = None
        if investor:
            org_id = self._known_organisation(session, *investor)
            if org_id is None:  # a new organisation: a participant to add, written by the update
                return False
        self._warm(session, existing)
        project = session.get(Project, existing)
        if project is None:
            return False
        try:
            if projects.would_change(session, project, self._update_of(parsed, org_id, project)):
                return False
            check_written(session, project)
        except OrkenError:  # refused: the update says why, in its savepoint
            return False
        return True

    #: projects loaded at once by ``_warm``: few enough that each row's savepoint rollback, which walks
    #: the session's objects, stays cheap
    WARM = 100

    def _warm(self, session: Session, project_id: int) -> None:
        """Load the stored projects from ``project_id`` on, a batch of them at once with their rows (one
        query per relationship for all of them), so that updating or confirming each reads the session,
        not the database row by row: a file imported again meets its projects in the order they were
        created (a file of 10,000 unchanged rows imported again: 84 s before, 43 s with this)."""
        if project_id in self._warm_ids:
            return
        ids = list(session.scalars(select(Project.id).where(Project.id >= project_id).order_by(Project.id)
                                   .limit(self.WARM)))
        # held here: the session's identity map keeps only objects referenced elsewhere
        self._warm_held.extend(session.scalars(select(Project).where(Project.id.in_(ids))).all())
        self._warm_ids.update(ids)

    def _write_report(self, session: Session, parsed: Parsed, report: ImportReport) -> None:
        """One report through the monitoring service: create, update a draft, or leave it as it is."""
        from orken.io.report_rows import period_label
        from orken.monitoring import service
        from orken.monitoring.models import Report
        from orken.monitoring.schemas import ReportIn, ReportUpdate
        from orken.monitoring.workflow import Action, State

        principal = self.report_principal
        project_id, (year, quarter) = parsed.extra["project_id"], parsed.extra["period"]
        given = parsed.payload.model_dump(exclude_unset=True)
        latest = session.scalar(select(Report).where(Report.project_id == project_id, Report.year == year,
                                                     Report.quarter == quarter).order_by(Report.revision.desc()))
        outcome = None
        try:
            with session.begin_nested():
                if latest is None:
                    written = service.create_report(session, principal, ReportIn(
                        project_id=project_id, year=year, quarter=quarter, **given))
                    outcome = "created"
                elif all(getattr(latest, k) == v for k, v in given.items()):
                    written, outcome = latest, "unchanged"
                elif latest.state in (State.DRAFT, State.RETURNED):
                    written = service.update_report(session, principal, latest.id,
                                                    ReportUpdate(**given, version=latest.version))
                    outcome = "updated"
                else:
                    parsed.problems.append(Problem(parsed.row, "", "period", t(
                        "report_locked", self.lang, period=period_label((year, quarter)),
                        state=state_name(latest.state, self.lang))))
                    return
                if self.submit and written.state in (State.DRAFT, State.RETURNED):
                    service.act(session, principal, written.id, Action.SUBMIT, version=written.version)
                    report.submitted += 1
        except InvalidInput as exc:
            for e in exc.errors:
                parsed.problems.append(Problem(parsed.row, "", e["field"], refused(e, self.lang)))
            return
        except OrkenError as exc:  # not an author of this project, a state the workflow refuses...
            parsed.problems.append(Problem(parsed.row, "", "", t("invalid", self.lang, detail=str(exc))))
            return
        setattr(report, outcome, getattr(report, outcome) + 1)

    def _investor_data(self, session: Session, parsed: Parsed):
        investor = parsed.extra.get("investor")
        return self._with_investor(parsed.payload, self._organisation(session, *investor) if investor else None)

    def _build(self, session: Session, parsed: Parsed, values: list | None) -> None:
        """A new project, checked by the service's own rules, kept for the batch's bulk write."""
        try:
            factory = _Draft if CORE_WRITER else None  # see _core_insert
            project = projects.build(session, self._investor_data(session, parsed), factory=factory)
        except InvalidInput as exc:
            for e in exc.errors:
                parsed.problems.append(Problem(parsed.row, "", e["field"], refused(e, self.lang)))
            return
        except OrkenError as exc:
            parsed.problems.append(Problem(parsed.row, "", "", t("invalid", self.lang, detail=str(exc))))
            return
        self._cite_file(project)
        self.matcher.pending(parsed, project)
        self._pending.append((parsed, project, values))

    def _cite_file(self, project: Project) -> None:
        """The imported file is a source of every project it created or changed."""
        title, day = self._source
        if not any(src.kind == "document" and src.title == title for src in project.sources):
            make = getattr(project, "child", None)
            source = make(Source, kind="document", title=title, date=day) if make else Source(
                kind="document", title=title, date=day)
            project.sources.append(source)

    def _organisation(self, session: Session, name: str | None, bin_: str | None) -> int:
        """The investor by BIN, else by name; a new organisation (through the service) when unknown.
        Each distinct investor is looked up once per import."""
        cache = self.__dict__.setdefault("_organisations", {})
        if (name, bin_) not in cache:
            cache[(name, bin_)] = self._find_organisation(session, name, bin_)
        return cache[(name, bin_)]

    def _known_organisation(self, session: Session, name: str | None, bin_: str | None) -> int | None:
        """The investor as ``_organisation`` finds it, None when it would be a new one (none is made)."""
        cache = self.__dict__.setdefault("_organisations", {})
        if (name, bin_) not in cache:
            found = self._find_organisation(session, name, bin_, create=False)
            if found is None:
                return None
            cache[(name, bin_)] = found
        return cache[(name, bin_)]

    def _find_organisation(self, session: Session, name: str | None, bin_: str | None,
                           create: bool = True) -> int | None:
        if bin_:
            found = session.scalar(select(Organisation.id).where(Organisation.bin == bin_))
            if found:
                return found
        if name:
            key = name.casefold()
            found = session.scalar(select(Organisation.id).where(or_(
                Organisation.name_kk == name, Organisation.name_ru == name, Organisation.name_en == name,
                Organisation.search_text == key)).limit(1))
            if found:
                return found
        if not create:
            return None
        from orken.io.parse import name_language

        label = name or bin_
        org = others.create_organisation(
            session, OrganisationCreate(name={name_language(label, self._sheet_lang): label}, kind="investor", bin=bin_), self.actor)
        return org.id


def disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc``, or the error it arose from, says that a disk (of the database or of a file)
    is full. (SQLite rolls the whole transaction back on SQLITE_FULL, so what reaches us may be the
    failure of the savepoint's rollback that followed.)"""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return True
        orig = getattr(exc, "orig", None)
        if getattr(orig, "sqlstate", None) == "53100" or getattr(orig, "sqlite_errorcode", None) == 13:
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def run_import(engine: Engine, entity: str, path: Path, **options) -> ImportReport:
    return Importer(engine, entity, path, **options).run()
