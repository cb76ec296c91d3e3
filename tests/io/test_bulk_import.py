"""The import's bulk path (issue 17, speed): new projects written a batch at a time with Core
executemany INSERTs, cells read once per distinct value. It must give exactly the outcome of the
unit-of-work path it replaced (counts, reasons, records, sources, change log), and Core INSERTs pass
no flush, so the flush guard's rules must still refuse what a user may not write. Both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from orken.db.models import ChangeRecord, Project
from orken.io import importer, rows
from orken.io.importer import run_import
from tests.conftest import make_user
from tests.io.sheets import KRG_ROWS, karaganda_sheet, messy_projects

#: what differs between two runs by nature: ids, times
VOLATILE = {"id", "created_at", "updated_at", "time", "object_id"}


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def outcome(session, reports) -> dict:
    """What the imports did: their counts and reasons, the projects with their rows, and the change log
    of each project (keyed by name, ids and times left out)."""
    session.expire_all()
    out = {"reports": [((r.rows, r.created, r.updated, r.unchanged, r.rejected, r.committed), r.skipped,
                        [(p.row, p.column, p.field, p.message) for p in r.problems],
                        [(n.row, n.column, n.field, n.message) for n in r.notes]) for r in reports]}
    names = {}
    for p in session.scalars(select(Project)):
        name = p.name_ru or p.name_kk
        names[p.id] = name
        columns = {c.key: getattr(p, c.key) for c in Project.__table__.columns if c.key not in VOLATILE}
        out[name] = {
            "columns": columns,
            "statuses": [(s.status, s.date, s.note) for s in p.statuses],
            "sources": sorted((s.kind, s.title, s.url, s.date) for s in p.sources),
            "organisations": sorted((o.role, o.organisation.name_ru, o.organisation.bin) for o in p.organisations),
            "programmes": sorted(pp.programme_code for pp in p.programmes),
        }
    log: dict[str, list] = {}
    for c in session.scalars(select(ChangeRecord).where(ChangeRecord.object_type == "project")
                             .order_by(ChangeRecord.id)):
        log.setdefault(names.get(c.object_id, c.object_repr), []).append(
            (c.action, c.actor, c.object_repr, _plain(c.before), _plain(c.after)))
    out["log"] = log
    return out


def wipe(session) -> None:
    for p in session.scalars(select(Project)).all():
        session.delete(p)
    session.execute(ChangeRecord.__table__.delete())
    session.commit()


def imports(engine, tmp_path, **options) -> list:
    """The messy sheets of the issue: a regional sheet, the same file again, an edited one (an update, a
    blank cell leaving a value alone, the rest unchanged), and a sheet with broken rows."""
    first = karaganda_sheet(tmp_path / "k.xlsx")
    edited_rows = [list(r) if r else r for r in KRG_ROWS]
    edited_rows[3][6] = "на проектной мощности"
    edited_rows[3][8] = None
    edited_rows[5][7] = "3 500"
    edited = karaganda_sheet(tmp_path / "k2.xlsx", edited_rows)
    messy = messy_projects(tmp_path / "m.xlsx")
    return [run_import(engine, "projects", path, lang="ru", **options) for path in (first, first, edited, messy)]


def one_by_one(monkeypatch) -> None:
    """The path before the bulk writer: ORM objects written by the unit of work (its flush guarded),
    every cell read anew."""
    monkeypatch.setattr(importer, "CORE_WRITER", False)
    monkeypatch.setattr(rows, "SEEN_LIMIT", 0)


def test_the_bulk_path_gives_exactly_the_outcome_of_the_unit_of_work(engine, session, tmp_path, monkeypatch):
    batches = []
    core = importer._core_insert
    monkeypatch.setattr(importer, "_core_insert", lambda s, built, actor: (batches.append(len(built)),
                                                                           core(s, built, actor)))
    bulk = outcome(session, imports(engine, tmp_path))
    assert batches and sum(batches) == sum(r[0][1] for r in bulk["reports"])  # every new project went in bulk
    counts = [r[0][1:5] for r in bulk["reports"]]
    assert counts[0] == (6, 0, 0, 3) and counts[1] == (0, 0, 6, 3) and counts[2] == (0, 2, 4, 3), counts
    steel = bulk["Цех оцинкованного проката"]
    assert {s[1] for s in steel["sources"]} == {"import: k.xlsx", "import: k2.xlsx"}
    assert [e[0] for e in bulk["log"]["Цех оцинкованного проката"]] == ["create", "update"]
    wipe(session)
    batches.clear()
    one_by_one(monkeypatch)
    before = outcome(session, imports(engine, tmp_path))
    assert not batches
    for key in bulk:
        assert bulk[key] == before.get(key), key
    assert bulk == before


def test_a_batch_the_database_refuses_is_written_row_by_row_with_the_same_outcome(engine, session, tmp_path,
                                                                                    monkeypatch):
    """Should the database refuse a batch's bulk write (here every row is given the id of a stored
    project), the batch is rolled back to its savepoint and each row written alone through the
    service: the outcome of the bulk path. PostgreSQL's COPY failure reaches the importer as
    SQLAlchemy's error, as SQLite's executemany does."""
    import csv

    from sqlalchemy.exc import IntegrityError

    stored = tmp_path / "stored.csv"
    with stored.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Наименование проекта", "Регион", "Статус"],
                                 ["Завод, что уже есть", "Карагандинская область", "планируется"]])

    def runs() -> dict:
        run_import(engine, "projects", stored, lang="ru")
        return outcome(session, imports(engine, tmp_path))

    bulk = runs()
    taken = session.scalar(select(Project.id).where(Project.name_ru == "Завод, что уже есть"))
    wipe(session)
    # every batch given the id ``taken``: the first (the stored project's, alone) takes it again, every
    # later one clashes with it
    refused = []
    core = importer._core_insert

    def clashing(s, built, actor):
        monkeypatch.setattr(importer, "_new_ids", lambda s, table, n: [taken] * n if table.name == "projects"
                            else new_ids(s, table, n))
        try:
            core(s, built, actor)
        except IntegrityError as exc:
            refused.append(exc)
            raise
        finally:
            monkeypatch.setattr(importer, "_new_ids", new_ids)

    new_ids = importer._new_ids
    monkeypatch.setattr(importer, "_core_insert", clashing)
    alone = runs()
    assert refused  # the bulk writes were refused, every row then written alone
    assert alone == bulk


def test_cells_read_once_per_distinct_value_give_each_row_its_own_problem(engine, tmp_path):
    """A bad value that repeats is reported on every row it is on, in that row's words."""
    import csv

    path = tmp_path / "repeat.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Наименование проекта", "Регион", "ОКЭД", "Статус", "Инвестиции, млн тенге"])
        for i in range(6):
            w.writerow([f"Завод {i}", "Карагандинская область", "24.10", "непонятно" if i % 2 else "планируется",
                        "-5" if i % 3 == 0 else "100"])
    report = run_import(engine, "projects", path, lang="ru")
    by_row: dict[int, list] = {}
    for p in report.problems:
        by_row.setdefault(p.row, []).append(p.field)
    assert by_row == {2: ["investment_planned"], 3: ["status"], 5: ["status", "investment_planned"],
                      7: ["status"]}, by_row
    assert report.created == 2


def scoped(engine, session, name: str, region: str):
    from orken.auth import service

    make_user(engine, name, "region_analyst", region=region)
    session.expire_all()
    return service.principal_of(service.get_user(session, name))


def test_the_bulk_path_still_refuses_rows_outside_the_users_scope(engine, session, tmp_path, monkeypatch):
    """Core INSERTs pass no flush: the guard's rules decide every row before its batch is written. A
    Karaganda analyst's sheet with a Ulytau row (Жезказган moved in 2022): that row is refused with the
    guard's reason, the others written; a Pavlodar analyst writes none of it. The same as through the
    unit of work's flush."""
    karaganda = scoped(engine, session, "krg", "350000000")
    pavlodar = scoped(engine, session, "pvl", "550000000")
    path = karaganda_sheet(tmp_path / "k.xlsx")
    batches = []
    core = importer._core_insert
    monkeypatch.setattr(importer, "_core_insert", lambda s, built, actor: (batches.append(len(built)),
                                                                           core(s, built, actor)))

    def run(principal):
        report = run_import(engine, "projects", path, lang="en", principal=principal, actor=principal.username)
        session.expire_all()
        written = {p.name_ru: p.region_kato for p in session.scalars(select(Project))}
        refused = sorted((p.row, p.message) for p in report.problems if "may not change" in p.message)
        return (report.created, report.rejected), written, refused

    counts, written, refused = run(karaganda)
    assert counts == (5, 4) and batches == [5], (counts, batches)
    assert "Медеплавильный цех" not in written and set(written.values()) == {"350000000"}, written
    assert [m for _, m in refused] == ["invalid value: krg may not change projects there"], refused
    bulk_karaganda = (counts, written, refused)
    wipe(session)
    counts, written, refused = run(pavlodar)
    # (the analyst's scope is the sheet's context: «Актогайский район» is then Pavlodar's, which they may write)
    assert counts == (1, 8) and set(written.values()) == {"550000000"} and len(refused) == 6, (counts, refused)
    bulk_pavlodar = (counts, written, refused)
    wipe(session)

    one_by_one(monkeypatch)
    assert run(karaganda) == bulk_karaganda
    wipe(session)
    assert run(pavlodar) == bulk_pavlodar


def test_the_guards_check_of_core_inserts(engine, session):
    """``check_new_projects`` decides as a flush would: the principal's scope; without one, only in the
    system context; an unguarded session writes nothing."""
    from orken.auth import guard
    from orken.auth.policy import system_principal
    from orken.db.engine import session_factory

    pavlodar = scoped(engine, session, "pvl2", "550000000")
    karaganda_project = importer._Draft(region_kato="350000000", district_kato=None, oked_section=None,
                                        oked_division=None, programmes=[], organisations=[], id=None)
    with session_factory(engine)() as s:
        token = guard._system.set(None)  # out of the command line's context these tests run in
        try:
            with pytest.raises(guard.NoWriteContext):
                guard.check_new_projects(s, [karaganda_project])
        finally:
            guard._system.reset(token)
        s.info["principal"] = pavlodar
        refused, = guard.check_new_projects(s, [karaganda_project])
        assert "pvl2 may not change projects there" in str(refused)
        s.info["principal"] = system_principal("tests")
        assert guard.check_new_projects(s, [karaganda_project]) == [None]


def test_the_bulk_path_never_reuses_the_id_of_a_deleted_project(engine, tmp_path):
    """Ids are never reused (issue 15: a deleted record's id must not name a new one): the bulk path
    numbers its rows past every id the table ever gave, not only past the ids still there."""
    import csv

    from orken.auth.guard import system_session
    from orken.registry import projects

    def sheet(name: str):
        path = tmp_path / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Наименование проекта", "Регион", "Статус"])
            w.writerow([name, "Карагандинская область", "планируется"])
        return path

    assert run_import(engine, "projects", sheet("Завод первый"), lang="ru").created == 1
    with system_session(engine) as s:
        gone = s.scalar(select(Project.id).where(Project.name_ru == "Завод первый"))
        projects.delete(s, gone, "test")
    assert run_import(engine, "projects", sheet("Завод второй"), lang="ru").created == 1
    with system_session(engine) as s:
        new = s.scalar(select(Project.id).where(Project.name_ru == "Завод второй"))
    assert new > gone


def test_the_bulk_path_changes_the_registry_generation_and_keeps_its_triggers(engine, tmp_path):
    """The web caches key public aggregates by the registry's generation, which the database's triggers
    change on every write (migration 0005). The bulk writer changes it on SQLite without a trigger firing
    per row (``_bulk_window``): after an import the generation has changed, a dry run (rolled
    back) leaves it alone, and the triggers are there as before for the writes that follow."""
    from sqlalchemy import text

    from orken.auth.guard import system_session
    from orken.registry import projects
    from orken.registry.schemas import ProjectCreate
    from orken.web import cache

    def state():
        with system_session(engine) as s:
            triggers = sorted(s.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()) \
                if engine.dialect.name == "sqlite" else sorted(s.execute(text(
                    "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal")).all())
            return cache.generation(s), triggers

    import csv

    path = tmp_path / "plain.csv"  # new projects only (no investor: a new organisation would change it too)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Наименование проекта", "Регион", "Статус"])
        w.writerows([f"Завод {i}", "Карагандинская область", "планируется"] for i in range(3))
    first, triggers = state()
    assert triggers
    assert run_import(engine, "projects", path, lang="ru", dry_run=True).created == 3
    assert state() == (first, triggers)
    assert run_import(engine, "projects", path, lang="ru").created == 3
    second, after = state()
    assert second != first and after == triggers
    with system_session(engine) as s:  # a write after the import still changes it (the triggers are back)
        projects.create(s, ProjectCreate(name={"ru": "Завод после импорта"}, region_kato="350000000",
                                         status="planned"), "test")
    assert state()[0] not in (first, second)


def _indexes(engine) -> list:
    from sqlalchemy import inspect

    return sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspect(engine).get_indexes("projects"))


def test_a_large_import_builds_the_indexes_after_it_with_the_same_outcome(engine, session, tmp_path, monkeypatch):
    """A file of many rows has the projects' indexes built after it (``_bulk_window``): the same
    outcome as entry by entry, and the indexes there afterwards, after a dry run and after an import
    that fails half way (its transaction rolled back) alike."""
    from sqlalchemy import event

    returned = set()  # the page cache of each connection given back to the pool (the import makes it larger)

    def checkin(dbapi_connection, _record):
        if engine.dialect.name == "sqlite":
            returned.add(dbapi_connection.execute("PRAGMA cache_size").fetchone()[0])

    event.listen(engine, "checkin", checkin)
    indexes = _indexes(engine)
    assert len(indexes) > 5
    monkeypatch.setattr(importer, "INDEXES_AFTER", 1)
    try:
        after = outcome(session, imports(engine, tmp_path))
    finally:
        event.remove(engine, "checkin", checkin)
    assert _indexes(engine) == indexes
    assert returned == ({-2000} if engine.dialect.name == "sqlite" else set()), returned
    run_import(engine, "projects", tmp_path / "k.xlsx", lang="ru", dry_run=True)
    assert _indexes(engine) == indexes
    wipe(session)

    def fail(*args):
        raise RuntimeError("the machine went away")

    with monkeypatch.context() as m:
        m.setattr(importer, "_core_insert", fail)
        with pytest.raises(RuntimeError):
            run_import(engine, "projects", tmp_path / "k.xlsx", lang="ru")
    assert _indexes(engine) == indexes
    monkeypatch.setattr(importer, "INDEXES_AFTER", 10 ** 9)
    assert outcome(session, imports(engine, tmp_path)) == after


def test_the_totals_check_reads_the_first_word_first_as_the_whole_cell_would():
    """``row_kind`` normalises a cell whole only when its first word may begin a totals label: the same
    answer as normalising every cell (look-alike letters, quotes, dashes, case, other words around)."""
    from hypothesis import given, settings, strategies as st

    from orken.io.parse import norm

    words = ["Итого", "ИТОГО", "итогo", "Bсего", "всего", "Барлығы", "барлыгы", "Жиыны", "жиынтығы", "Total", "TOTALS",
             "Grand", "grand total", "Subtotal", "сумма", "Итоговый", "Завод", "B-000001", "1 000,5", "по", "области"]
    junk = st.text(alphabet="«»\"'“”(). ,;:/\\-–—_№#*\u00ad\u0301 \t1aoеАО", max_size=3)
    cell = st.lists(st.one_of(st.sampled_from(words), junk), min_size=1, max_size=4).map("".join)

    @settings(max_examples=400, deadline=None)
    @given(cell)
    def same(text):
        assert rows._totals_label(text) == bool(rows.TOTALS.match(norm(text))), text

    same()
    assert rows._totals_label("«ИТОГО по области:»") and not rows._totals_label("Итоговый отчёт")


def test_a_change_log_snapshot_is_stored_as_the_services_log_stores_it(engine):
    """The bulk writer hands its change-log snapshots to ``_bulk_insert`` as ``serialize`` made them,
    with ``changelog.jsonable`` as ``plain``: one that is not JSON as it is (an amount, a date) is
    stored as ``jsonable`` makes it, on both engines, and a JSON one unchanged."""
    from datetime import date, datetime, timezone
    from decimal import Decimal

    from orken.auth.guard import system_session
    from orken.db.changelog import jsonable

    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    odd = {"amount": Decimal("12.50"), "on": date(2026, 1, 2), "items": ({"at": now},), "name": {"ru": "Завод"}}
    plain = {"amount": "12.50", "name": {"ru": "Завод", "kk": None}, "list": [1, 2.5, True]}
    entries = [{"time": now, "actor": "test", "action": "create", "object_type": "project", "object_id": i,
                "object_repr": "x", "before": None, "after": after} for i, after in enumerate((odd, plain))]
    with system_session(engine, "test") as s:
        importer._bulk_insert(s, ChangeRecord.__table__, entries, plain=jsonable)
    with system_session(engine, "test") as s:
        stored = [c.after for c in s.scalars(select(ChangeRecord).order_by(ChangeRecord.object_id))]
    assert stored == [jsonable(odd), plain]
    assert stored[0] == {"amount": "12.50", "on": "2026-01-02", "items": [{"at": now.isoformat()}],
                         "name": {"ru": "Завод"}}


def test_the_identity_maps_lookup_answers_as_session_get(engine):
    """``orken.db.identity.get`` (the reference checks of every imported row): the object the session
    holds, an expired one reloaded, a missing key None, as ``Session.get`` answers."""
    from orken.auth.guard import system_session
    from orken.db import identity
    from orken.db.models import AdminUnit, Sector

    with system_session(engine, "test") as s:
        held = s.get(Sector, "24")
        assert identity.get(s, Sector, "24") is held
        s.expire(held)
        again = identity.get(s, Sector, "24")
        assert again is held and again.code == "24"
        assert identity.get(s, Sector, "00") is None and s.get(Sector, "00") is None
        unit = identity.get(s, AdminUnit, "350000000")
        assert unit is s.get(AdminUnit, "350000000") and unit.level == 1
