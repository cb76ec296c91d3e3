"""Importing a file again (issue 17, idempotent re-import): a row that repeats what is stored of its
project writes nothing at all — no savepoint, no version bump, no change-log entry, the registry's
generation left alone — and a row that changes something goes through the one update path (version,
change log, the file as a source). ``projects.would_change`` decides by the update's own rules; the
outcome must be exactly that of sending every row through ``projects.update`` and rolling back the
ones that changed nothing (``importer.CONFIRM_UNCHANGED`` off). Both engines."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy import event, func, select

from orken.db.models import Capacity, ChangeRecord, Project
from orken.io import importer
from orken.io.importer import run_import
from tests.io.sheets import KRG_ROWS, TURKISTAN_ROWS, karaganda_sheet, messy_projects, turkistan_sheet
from tests.io.test_bulk_import import outcome, scoped, wipe

#: what a write to the registry looks like in SQL (the import's own job row aside)
WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "ROLLBACK TO")


@contextmanager
def statements(engine):
    """The SQL statements the engine runs meanwhile that write (or open a savepoint), but for the
    import's job row (``import_jobs``)."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        text = statement.lstrip().upper()
        if text.startswith(WRITES) and "IMPORT_JOBS" not in text:
            seen.append(statement.split("\n")[0][:120])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def stored(session) -> dict:
    """Every project's version, time and values, and the change log's size."""
    session.expire_all()
    out = {}
    for p in session.scalars(select(Project)):
        out[p.name_ru or p.name_kk] = {
            **{c.key: getattr(p, c.key) for c in Project.__table__.columns},
            "capacities": [(c.quantity, c.unit, c.period, c.product_kk, c.product_ru) for c in p.capacities],
            "sources": sorted(((s.kind, s.title, s.url) for s in p.sources), key=lambda k: [v or "" for v in k]),
            "organisations": sorted((o.role, o.organisation_id) for o in p.organisations),
            "statuses": [(s.status, s.date) for s in p.statuses]}
    out["log"] = session.scalar(select(func.count()).select_from(ChangeRecord))
    return out


def generation(engine):
    from orken.auth.guard import system_session
    from orken.web import cache

    with system_session(engine) as s:
        return cache.generation(s)


def test_the_same_file_again_writes_nothing(engine, session, tmp_path):
    """A regional sheet (investors with and without a BIN, places from headings, a capacity column) and a
    Kazakh one with capacities, each imported twice: the second import counts every valid row unchanged
    and runs not one write statement on the registry (nor a savepoint); versions, times, the change log
    and the registry's generation (the web caches' key) stay as they were."""
    for path, lang, counts in ((karaganda_sheet(tmp_path / "k.xlsx"), "ru", (0, 0, 6, 3)),
                               (turkistan_sheet(tmp_path / "t.xlsx"), "kk", (0, 0, 6, 0))):
        run_import(engine, "projects", path, lang=lang)
        before, gen = stored(session), generation(engine)
        with statements(engine) as writes:
            again = run_import(engine, "projects", path, lang=lang)
        assert (again.created, again.updated, again.unchanged, again.rejected) == counts, again.problems
        assert writes == [], writes
        assert stored(session) == before
        assert generation(engine) == gen


def test_a_dry_run_of_the_same_file_counts_it_unchanged_and_writes_nothing(engine, session, tmp_path):
    path = karaganda_sheet(tmp_path / "k.xlsx")
    run_import(engine, "projects", path)
    before = stored(session)
    with statements(engine) as writes:
        dry = run_import(engine, "projects", path, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged) == (0, 0, 6) and writes == []
    assert {e["action"] for e in dry.preview if e["action"] != "reject"} == {"unchanged"}
    assert stored(session) == before


def test_one_changed_cell_updates_that_project_alone_and_logs_it(engine, session, tmp_path):
    run_import(engine, "projects", karaganda_sheet(tmp_path / "k.xlsx"))
    before = stored(session)
    rows = [list(r) if r else r for r in KRG_ROWS]
    rows[5][7] = "3 500"  # the greenhouse's planned investment, million tenge
    report = run_import(engine, "projects", karaganda_sheet(tmp_path / "k2.xlsx", rows))
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 1, 5, 3), report.problems
    after = stored(session)
    assert after["log"] == before["log"] + 1
    for name, was in before.items():
        if name in ("log", "Тепличный комплекс"):
            continue
        assert after[name] == was, name  # no version bump, no new source, nothing
    greenhouse, was = after["Тепличный комплекс"], before["Тепличный комплекс"]
    assert greenhouse["version"] == was["version"] + 1
    assert greenhouse["investment_planned"] == Decimal("3500000000.00")
    changed = {k for k in greenhouse if greenhouse[k] != was[k]}
    assert changed == {"version", "updated_at", "investment_planned", "investment_planned_kzt", "sources"}, changed
    entry = session.scalars(select(ChangeRecord).order_by(ChangeRecord.id.desc())).first()
    assert (entry.action, entry.object_type, entry.object_id) == ("update", "project", greenhouse["id"])
    assert entry.before["investment_planned"]["amount"] == "3000000000.00"
    assert entry.after["investment_planned"]["amount"] == "3500000000.00"


def test_a_blank_cell_leaves_its_field_alone_and_the_row_unchanged(engine, session, tmp_path):
    run_import(engine, "projects", karaganda_sheet(tmp_path / "k.xlsx"))
    before = stored(session)
    rows = [list(r) if r else r for r in KRG_ROWS]
    rows[3][8] = None  # the steel shop's actual investment
    rows[3][12] = None  # its capacity
    rows[5][10] = None  # the greenhouse's temporary jobs
    with statements(engine) as writes:
        report = run_import(engine, "projects", karaganda_sheet(tmp_path / "k2.xlsx", rows))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6) and writes == []
    after = stored(session)
    assert after == before
    assert after["Цех оцинкованного проката"]["investment_actual"] == Decimal("11500000000.00")
    assert after["Цех оцинкованного проката"]["capacities"]


def test_capacities_unchanged_and_changed(engine, session, tmp_path):
    """The capacity column: the same cell is unchanged (its rows compared value by value), another
    quantity updates the project's capacities (replaced, as the update does), a blank cell keeps them."""
    path = turkistan_sheet(tmp_path / "t.xlsx")
    run_import(engine, "projects", path, lang="kk")
    before = stored(session)
    cement = before["Цемент зауыты"]["capacities"]
    assert [(c[0], c[1], c[2]) for c in cement] == [(Decimal("1E+6"), "t", "year")]

    rows = [list(r) for r in TURKISTAN_ROWS]
    rows[6][11] = "жылына 2 млн тонна"  # the cement plant's capacity doubled
    rows[7][11] = None  # the dairy's capacity left blank
    report = run_import(engine, "projects", turkistan_sheet(tmp_path / "t2.xlsx", rows), lang="kk")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 5), report.problems
    after = stored(session)
    assert [(c[0], c[1], c[2]) for c in after["Цемент зауыты"]["capacities"]] == [(Decimal("2E+6"), "t", "year")]
    assert after["Цемент зауыты"]["version"] == before["Цемент зауыты"]["version"] + 1
    assert after["Сүт зауыты"] == before["Сүт зауыты"]
    assert session.scalar(select(func.count()).select_from(Capacity)) == sum(
        len(v["capacities"]) for k, v in before.items() if k != "log")
    assert after["log"] == before["log"] + 1


def reimports(engine, tmp_path, **options) -> list:
    """A sequence of imports into one registry: a regional sheet, the same again, edited ones (a status
    forward, a blank cell, an amount, a capacity, a new investor, a status backwards that the lifecycle
    refuses), the messy sheet twice, the Kazakh sheet with capacities twice and edited."""
    first = karaganda_sheet(tmp_path / "k.xlsx")
    edited = [list(r) if r else r for r in KRG_ROWS]
    edited[3][6] = "на проектной мощности"
    edited[3][8] = None
    edited[5][7] = "3 500"
    edited[5][12] = "6 га"
    edited[6][2] = "ТОО «Нура Сут Холдинг»"  # a new investor: a new organisation and participant
    backwards = [list(r) if r else r for r in edited]
    backwards[3][6] = "планируется"  # at design capacity -> planned: refused
    tur = [list(r) for r in TURKISTAN_ROWS]
    tur[6][11] = "жылына 2 млн тонна"
    paths = [(first, "ru"), (first, "ru"), (karaganda_sheet(tmp_path / "k2.xlsx", edited), "ru"),
             (karaganda_sheet(tmp_path / "k3.xlsx", backwards), "en"), (first, "ru"),
             (messy_projects(tmp_path / "m.xlsx"), "ru"), (tmp_path / "m.xlsx", "kk"),
             (turkistan_sheet(tmp_path / "t.xlsx"), "kk"), (tmp_path / "t.xlsx", "kk"),
             (turkistan_sheet(tmp_path / "t2.xlsx", tur), "kk")]
    return [run_import(engine, "projects", path, lang=lang, **options) for path, lang in paths]


def test_leaving_unchanged_rows_unwritten_gives_exactly_the_outcome_of_updating_every_row(engine, session, tmp_path,
                                                                                        monkeypatch):
    confirmed = []
    repeats = importer.Importer._repeats_stored
    monkeypatch.setattr(importer.Importer, "_repeats_stored",
                        lambda self, s, parsed: confirmed.append(r := repeats(self, s, parsed)) or r)
    fast = outcome(session, reimports(engine, tmp_path))
    counts = [r[0][1:5] for r in fast["reports"]]
    # (the fifth: the first file again after the edits, its steel shop's status backwards now: refused,
    # the greenhouse's amount back; the dairy's first investor was kept beside the new one, so unchanged)
    assert counts == [(6, 0, 0, 3), (0, 0, 6, 3), (0, 3, 3, 3), (0, 0, 5, 4), (0, 1, 4, 4), (3, 0, 0, 3),
                      (0, 0, 3, 3), (6, 0, 0, 0), (0, 0, 6, 0), (0, 1, 5, 0)], counts
    assert confirmed.count(True) == sum(c[2] for c in counts)  # every unchanged row was left unwritten
    wipe(session)
    monkeypatch.setattr(importer, "CONFIRM_UNCHANGED", False)
    slow = outcome(session, reimports(engine, tmp_path))
    for key in fast:
        assert fast[key] == slow.get(key), key
    assert fast == slow


def test_a_users_upload_again_still_refuses_what_the_user_may_not_write(engine, session, tmp_path, monkeypatch):
    """A row that would change nothing of a project outside the uploading user's scope is refused as the
    update would be (the guard's rules decide, nothing written), not counted unchanged."""
    path = karaganda_sheet(tmp_path / "k.xlsx")
    run_import(engine, "projects", path)  # the command line writes all six (Ulytau's row among them)
    karaganda = scoped(engine, session, "krg", "350000000")

    def run():
        report = run_import(engine, "projects", path, lang="en", principal=karaganda, actor="krg")
        refused = sorted((p.row, p.message) for p in report.problems if "may not change" in p.message)
        return (report.created, report.updated, report.unchanged, report.rejected), refused

    before = stored(session)
    with statements(engine) as writes:
        fast = run()
    assert fast[0] == (0, 0, 5, 4) and len(fast[1]) == 1 and "krg may not change project" in fast[1][0][1], fast
    assert stored(session) == before
    assert not [w for w in writes if not w.upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO"))], writes
    monkeypatch.setattr(importer, "CONFIRM_UNCHANGED", False)
    assert run() == fast


def _sourced_sheet(path, investor: str, source: str):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Наименование проекта", "Регион", "Статус", "Инициатор", "Источник"])
    ws.append(["Завод ферросплавов", "Карагандинская область", "планируется", investor, source])
    ws.append(["Кирпичный завод", "Карагандинская область", "строительство", None, "Письмо акимата № 12"])
    wb.save(path)
    return path


def test_a_rows_investor_and_source_are_added_to_what_is_stored_never_put_in_its_place(engine, session, tmp_path):
    """A row names one investor and one source; a project may have more (an operator entered in the
    browser, a press release read from the news). The same file again changes nothing and writes
    nothing (a row with a source used to count "updated" on every import, its other sources dropped);
    a file naming another investor and another source adds them, keeping all the rest."""
    from orken.registry import others, projects
    from orken.registry.schemas import OrganisationCreate, ProjectUpdate

    first = _sourced_sheet(tmp_path / "a.xlsx", "ТОО «Альфа»", "https://example.kz/news/1")
    report = run_import(engine, "projects", first)
    assert (report.created, report.rejected) == (2, 0), report.problems
    plant = session.scalars(select(Project).where(Project.name_ru == "Завод ферросплавов")).one()
    operator = others.create_organisation(session, OrganisationCreate(name={"ru": "АО «Оператор»"}, kind="operator"),
                                          "test")
    projects.update(session, plant.id, ProjectUpdate(
        organisations=[{"organisation_id": o.organisation_id, "role": o.role} for o in plant.organisations]
        + [{"organisation_id": operator.id, "role": "operator"}],
        sources=[{"kind": s.kind, "title": s.title, "url": s.url, "date": s.date} for s in plant.sources]
        + [{"kind": "public", "url": "https://gov.kz/press/7", "title": "Пресс-релиз"}]), "test")
    session.commit()
    before = stored(session)
    assert len(before["Завод ферросплавов"]["sources"]) == 3 and len(before["Завод ферросплавов"]["organisations"]) == 2

    with statements(engine) as writes:
        again = run_import(engine, "projects", first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2) and writes == [], (again.as_dict(), writes)
    assert stored(session) == before

    other = _sourced_sheet(tmp_path / "b.xlsx", "ТОО «Бета»", "https://example.kz/news/2")
    changed = run_import(engine, "projects", other)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1), changed.problems
    after = stored(session)["Завод ферросплавов"]
    was = before["Завод ферросплавов"]
    assert set(was["sources"]) < set(after["sources"])
    assert {s[2] for s in after["sources"]} - {s[2] for s in was["sources"]} == {"https://example.kz/news/2"}
    assert ("document", "import: b.xlsx", None) in after["sources"]
    assert set(was["organisations"]) < set(after["organisations"]) and len(after["organisations"]) == 3
    assert after["version"] == was["version"] + 1
