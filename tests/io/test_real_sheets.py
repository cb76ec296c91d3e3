"""Issue 17: real regional sheets — context-aware places through KATO, forgiving vocabularies,
launch dates with their precision, headings and footnotes, idempotent re-import, rejected rows
that lose nothing. Run on SQLite and PostgreSQL (the ``engine`` fixture)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from orken.db.models import ChangeRecord, Project
from orken.io.importer import run_import
from tests.io.sheets import KRG_ROWS, karaganda_sheet, kazakh_sheet, turkistan_sheet
from tests.io.test_import import orken  # noqa: F401 (the CLI fixture)


def by_name(session) -> dict[str, Project]:
    session.expire_all()
    return {p.name_ru or p.name_kk: p for p in session.scalars(select(Project))}


def problems(report) -> dict[int, list]:
    out: dict[int, list] = {}
    for p in report.problems:
        out.setdefault(p.row, []).append(p)
    return out


def test_a_karaganda_sheet_imports_every_real_project(engine, session, tmp_path):
    path = karaganda_sheet(tmp_path / "karaganda.xlsx")
    report = run_import(engine, "projects", path, lang="ru")

    assert report.committed and report.region == "350000000"  # from the title "…Карагандинской области…"
    assert (report.rows, report.created, report.rejected) == (9, 6, 3)
    assert report.skipped == {"numbering": 1, "heading": 3, "totals": 2, "blank": 1, "footnote": 2}
    assert report.columns["Рабочие места временные"] == "jobs_construction_planned"
    p = by_name(session)
    # the city from its heading row; "реализуется"; "IV кв. 2025" a quarter; the OKED name worded differently
    blocks = p["Завод газобетонных блоков"]
    assert (blocks.region_kato, blocks.district_kato, blocks.status) == ("350000000", "351000000", "under_construction")
    assert (blocks.launch_planned.isoformat(), blocks.launch_planned_precision) == ("2025-10-01", "quarter")
    assert blocks.oked_division == "23" and blocks.jobs_construction_planned == 300
    assert blocks.jobs_permanent_planned == 150 and blocks.investment_actual == Decimal("1200000000.00")
    steel = p["Цех оцинкованного проката"]
    assert steel.district_kato == "352400000" and steel.status == "launched" and steel.oked_division == "24"
    assert (steel.year, steel.launch_planned_precision) == (2025, "year")  # a year, not 1 January
    # namesakes in other regions, decided by the title: Абайский (also in Abai region), Актогайский (Pavlodar)
    assert p["Тепличный комплекс"].district_kato == "353200000" and p["Тепличный комплекс"].status == "planned"
    assert p["Тепличный комплекс"].oked_division == "10"  # "АПК"
    assert (p["Тепличный комплекс"].launch_planned.isoformat(), p["Тепличный комплекс"].launch_planned_precision) == (
        "2026-12-01", "month")
    assert p["Молочно-товарная ферма"].district_kato == "355200000"
    assert p["Молочно-товарная ферма"].status == "under_construction"  # "СМР"
    assert p["Обогатительная фабрика"].district_kato == "353600000"  # with a Latin "a" in "рaйон"
    # Жезказган is in Ulytau region since 2022: mapped, with a note
    copper = p["Медеплавильный цех"]
    assert (copper.region_kato, copper.district_kato) == ("620000000", "621000000")
    notes = {(n.row, n.field): n.message for n in report.notes}
    assert "2022" in notes[(15, "district")] and "Ұлытау" in notes[(15, "district")]
    assert "ОКЭД 23" in notes[(8, "oked")] and "металлургия" in notes[(10, "oked")]

    bad = problems(report)
    assert sorted(bad) == [16, 17, 18]
    assert bad[16][0].field == "district" and "Экибастуз" in bad[16][0].message  # not moved into Karaganda
    assert "Павлодар" in bad[16][0].message and "Карагандинская" in bad[16][0].message
    assert bad[17][0].column == "H (Инвестиции, млн тенге план)" and "отрицательным" in bad[17][0].message
    assert "Шетский район" in bad[18][0].message  # the nearest name, for a misspelt one
    assert session.scalar(select(func.count()).select_from(Project)) == 6
    assert all(any(s.title == "import: karaganda.xlsx" for s in x.sources) for x in p.values())


def test_rejected_rows_keep_every_column_under_its_own_header(engine, tmp_path):
    path = karaganda_sheet(tmp_path / "k.xlsx")
    report = run_import(engine, "projects", path, lang="ru")
    with open(report.rejected_file, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:2] == ["row", "errors"]
    assert header[2:] == ["№", "Наименование проекта", "Инициатор", "БИН", "Район / город", "ОКЭД", "Статус",
                          "Инвестиции, млн тенге, план", "Инвестиции, млн тенге, факт", "Рабочие места, постоянные",
                          "Рабочие места, временные", "Срок ввода", "Мощность"]
    ekibastuz = next(r for r in rows if r[0] == "16")
    assert ekibastuz[2:] == [str(v) if v is not None else "" for v in KRG_ROWS[9]]
    assert "Экибастуз" in ekibastuz[1]


def test_the_same_file_twice_changes_nothing_and_a_changed_cell_updates(engine, session, tmp_path):
    path = karaganda_sheet(tmp_path / "k.xlsx")
    run_import(engine, "projects", path)
    changes = session.scalar(select(func.count()).select_from(ChangeRecord))
    again = run_import(engine, "projects", path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 6, 3)
    assert session.scalar(select(func.count()).select_from(ChangeRecord)) == changes
    assert session.scalar(select(func.count()).select_from(Project)) == 6

    rows = [list(r) if r else r for r in KRG_ROWS]
    rows[3][6] = "на проектной мощности"  # the steel shop reached its capacity (a legal transition)
    rows[3][8] = None  # a blank cell leaves the stored actual investment alone
    edited = karaganda_sheet(tmp_path / "k2.xlsx", rows)
    third = run_import(engine, "projects", edited)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 5)
    steel = by_name(session)["Цех оцинкованного проката"]
    assert steel.status == "at_design_capacity" and steel.investment_actual == Decimal("11500000000.00")
    assert {s.title for s in steel.sources} == {"import: k.xlsx", "import: k2.xlsx"}


def test_a_dry_run_counts_what_the_real_run_does(engine, session, tmp_path):
    path = karaganda_sheet(tmp_path / "k.xlsx")
    dry = run_import(engine, "projects", path, dry_run=True)
    assert (dry.created, dry.updated, dry.rejected, dry.committed) == (6, 0, 3, False)
    assert session.scalar(select(func.count()).select_from(Project)) == 0
    assert session.scalar(select(func.count()).select_from(ChangeRecord)) == 0
    real = run_import(engine, "projects", path)
    assert (real.created, real.rejected) == (dry.created, dry.rejected)
    dry_again = run_import(engine, "projects", path, dry_run=True)
    assert (dry_again.created, dry_again.updated, dry_again.unchanged) == (0, 0, 6)


def test_a_kazakh_sheet(engine, session, tmp_path):
    report = run_import(engine, "projects", kazakh_sheet(tmp_path / "kk.xlsx"), lang="kk")
    assert (report.rows, report.created, report.rejected) == (4, 4, 0), report.problems
    assert report.columns["Жобаның атауы"] == "name" and report.columns["Мәртебесі"] == "status"
    assert report.columns["Инвестиция көлемі, млн теңге"] == "investment_planned"
    p = by_name(session)
    assert p["Құс фабрикасы"].status == "under_construction" and p["Құс фабрикасы"].district_kato == "355200000"
    assert p["Құс фабрикасы"].launch_planned_precision == "quarter"  # "4 тоқсан 2025"
    assert p["Құс фабрикасы"].investment_planned == Decimal("2400000000.00")
    assert p["Жылыжай кешені"].status == "planned" and p["Жылыжай кешені"].launch_planned_precision == "year"
    # no region in its row: the region column of the other rows decides between the two «Абай ауданы»
    assert p["Кірпіш зауыты"].district_kato == "353200000" and p["Кірпіш зауыты"].status == "under_construction"
    assert p["Ет өңдеу цехы"].status == "launched" and p["Ет өңдеу цехы"].launch_planned_precision is None
    investor = p["Ет өңдеу цехы"].organisations[0].organisation
    assert "«Ет» ЖШС" in (investor.name_kk, investor.name_ru)


def test_a_kazakh_sheet_laid_out_another_way(engine, session, tmp_path):
    """Sector words in other forms, a cost over "of which disbursed", months with Kazakh endings, a
    half-year and a span of years; the region only in the title."""
    report = run_import(engine, "projects", turkistan_sheet(tmp_path / "tur.xlsx"), lang="kk")
    assert (report.rows, report.created, report.rejected) == (6, 6, 0), report.problems
    assert report.columns["Салалық тиесілігі"] == "oked"
    assert report.columns["Жоба құны оның ішінде игерілгені, млрд теңге"] == "investment_actual"
    p = by_name(session)
    assert {n: x.oked_division for n, x in p.items()} == {
        "Мақта-тоқыма кластері": "13", "Кірпіш зауыты": "23", "Жылыжай кешені": "10", "Күн электр станциясы": "35",
        "Цемент зауыты": "23", "Сүт зауыты": "10"}
    assert {x.region_kato for x in p.values()} == {"610000000"}  # Turkistan, from the title
    assert p["Жылыжай кешені"].investment_actual == Decimal("2100000000.00")
    # the location column, with no district column, names the district or city: not kept as settlement text
    assert (p["Жылыжай кешені"].district_kato, p["Жылыжай кешені"].settlement) == ("615200000", None)
    assert p["Сүт зауыты"].district_kato == "614000000"  # «Казыгуртский район», in Russian in a Kazakh sheet
    assert {p["Кірпіш зауыты"].district_kato, p["Мақта-тоқыма кластері"].district_kato} == {"611000000"}
    launches = {n: (x.launch_planned.isoformat() if x.launch_planned else None, x.launch_planned_precision)
                for n, x in p.items()}
    assert launches["Жылыжай кешені"] == ("2025-12-01", "month")
    assert launches["Сүт зауыты"] == ("2026-03-01", "month")
    assert launches["Күн электр станциясы"] == ("2026-04-01", "quarter")  # the first half-year: by its 2nd quarter
    assert launches["Цемент зауыты"] == ("2027-01-01", "year")  # a span launches in its last year
    assert p["Күн электр станциясы"].status == "under_construction"  # "іске асыру кезеңінде"


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    return path


def test_a_location_column_that_names_no_place_stays_the_settlements_text(engine, session, tmp_path):
    path = write_csv(tmp_path / "where.csv", [["Наименование проекта", "Область", "Место реализации"],
                                             ["Придорожный сервис", "Алматинская", "вдоль трассы Алматы – Бишкек, 45 км"],
                                             ["Зерносклад", "Алматинская", "Карасайский район"]])
    report = run_import(engine, "projects", path, lang="ru")
    assert (report.created, report.rejected) == (2, 0), report.problems
    p = by_name(session)
    assert p["Придорожный сервис"].settlement == "вдоль трассы Алматы – Бишкек, 45 км"
    assert p["Придорожный сервис"].district_kato is None and p["Придорожный сервис"].region_kato == "190000000"
    assert p["Зерносклад"].district_kato and p["Зерносклад"].district_kato.startswith("19")
    assert p["Зерносклад"].settlement is None


def test_a_refusal_of_the_registrys_rules_is_said_in_the_sheets_language(engine, session, tmp_path):
    """A malformed BIN (the domain's rule) and a district outside the region (the registry's) are told
    in the import's language, not as the service's English."""
    from orken.i18n import translator

    path = write_csv(tmp_path / "bin.csv", [["Жобаның атауы", "Облыс", "Бастамашы", "БСН"],
                                           ["Жаңа зауыт", "Қарағанды облысы", "«Тест» ЖШС", "190940012345"]])
    report = run_import(engine, "projects", path, lang="kk", dry_run=True)
    said = [p.message for p in report.problems]
    assert said == [translator("kk")("This is not a valid BIN (12 digits with a check digit).")], said
    assert not any("check digit" in m for m in said)


def test_a_namesake_district_without_context_is_ambiguous_and_the_region_option_decides(engine, session, tmp_path):
    path = write_csv(tmp_path / "d.csv", [["Наименование проекта", "Район"], ["Элеватор", "Актогайский район"]])
    report = run_import(engine, "projects", path, lang="ru")
    (problem,) = report.problems
    assert problem.field == "district" and "нескольких регионах" in problem.message
    assert "Карагандинская" in problem.message and "Павлодарская" in problem.message
    decided = run_import(engine, "projects", path, region="Павлодарская область")
    assert decided.created == 1 and session.scalar(select(Project.district_kato)) == "553200000"


def test_look_alike_letters_settlements_and_okrugs(engine, session, tmp_path):
    path = write_csv(tmp_path / "s.csv", [
        ["Наименование проекта", "Область", "Район", "Статус"],
        ["Цех А", "Карагандинская oбласть", "г. Карагандa", "реализуется"],  # a Latin "o" and "a"
        ["Цех Б", "Карагандинская область", "Гульшатская п.а.", "планируется"],  # an okrug of Balkhash
        ["Цех В", "Карагандинская облaсть", None, "іске қосылды"],
        ["Цех Г", "Карагиндинская область", None, "планируется"],  # no such region: the nearest named
    ])
    report = run_import(engine, "projects", path, lang="ru")
    assert (report.created, report.rejected) == (3, 1)
    p = by_name(session)
    assert (p["Цех А"].region_kato, p["Цех А"].district_kato) == ("350000000", "351000000")
    assert (p["Цех Б"].district_kato, p["Цех Б"].settlement) == ("351600000", "Гульшатская п.а.")
    assert p["Цех В"].region_kato == "350000000" and p["Цех В"].status == "launched"
    assert "Карагандинская" in report.problems[0].message and "возможно" in report.problems[0].message


def test_matching_without_an_external_id(engine, session, tmp_path):
    header = ["Наименование проекта", "Район", "Инициатор", "БИН", "Рабочие места"]
    first = write_csv(tmp_path / "a.csv", [header, ["Завод «Ромашка»", "Шетский район", "ТОО «Ромашка»",
                                                    "180340012346", "10"],
                                           ["Цех", "Шетский район", "ТОО «Один»", None, "5"],
                                           ["Цех", "Шетский район", "ТОО «Два»", None, "6"]])
    report = run_import(engine, "projects", first)
    assert report.created == 2 and report.rejected == 1  # the second "Цех" of Шетский район: the same project
    assert "строке 3" in report.problems[0].message
    # by BIN + name even in another district; by name + district (+ initiator) otherwise
    second = write_csv(tmp_path / "b.csv", [header, ["Завод «Ромашка»", "Нуринский район", None, "180340012346",
                                                     "12"],
                                            ["ЦЕХ", "Шетский район", None, None, "7"]])
    again = run_import(engine, "projects", second)
    assert (again.created, again.updated, again.rejected) == (0, 2, 0), again.problems
    p = by_name(session)
    assert p["Завод «Ромашка»"].jobs_permanent_planned == 12 and p["Цех"].jobs_permanent_planned == 7
    # two projects of that name in that district, and the row says no more: reported, not guessed
    from orken.registry import projects
    from orken.registry.schemas import ProjectCreate

    projects.create(session, ProjectCreate(name={"ru": "Цех"}, district_kato="356400000"), "test")
    session.commit()
    third = run_import(engine, "projects", write_csv(tmp_path / "c.csv", [header, ["Цех", "Шетский район", None,
                                                                                   None, "8"]]), lang="en")
    assert third.rejected == 1 and "several existing projects" in third.problems[0].message


def test_cli_region_option_notes_and_json(orken, tmp_path, session):  # noqa: F811
    path = write_csv(tmp_path / "d.csv", [["Наименование проекта", "Район", "ОКЭД"],
                                          ["Элеватор", "Актогайский район", "агропромышленный комплекс"]])
    out = json.loads(orken("import", "projects", str(path), "--region", "550000000", "--json").stdout)
    assert out["created"] == 1 and out["region"] == "550000000"
    assert any("ОКЭД 10" in n["message"] for n in out["notes"])
    assert "there is no region" in orken("import", "projects", str(path), "--region", "Марс", "--lang", "en",
                                         code=1).output


@pytest.mark.parametrize("header, field", [
    ("Освоено на 01.10.2025, млн тенге", "investment_actual"), ("Фактически освоено, млн тенге", "investment_actual"),
    ("Текущее состояние", "status"), ("Ағымдағы жағдайы", "status"), ("Отраслевая принадлежность", "oked"),
    ("Салалық тиесілігі", "oked"), ("Стоимость проекта, млрд тенге", "investment_planned"),
    ("Жоба құны оның ішінде игерілгені, млрд теңге", "investment_actual"), ("Освоено на 01.10.2025", None),
    ("2025 год", None),
])
def test_headers_of_real_sheets(header, field):
    from orken.io.headers import match

    assert match(header, "projects") == field


@pytest.mark.parametrize("cell, status", [
    ("реализуется", "under_construction"), ("введен в эксплуатацию", "launched"), ("планируется", "planned"),
    ("строительство", "under_construction"), ("запущен", "launched"), ("на стадии ПСД", "planned"),
    ("ведутся СМР", "under_construction"), ("іске қосылды", "launched"), ("салынуда", "under_construction"),
    ("жоспарланған", "planned"), ("іске асырылуда", "under_construction"), ("строительство приостановлено",
                                                                          "suspended"),
    ("іске асыру кезеңінде", "under_construction"), ("жүзеге асырылды", "launched"),
])
def test_status_words_of_real_sheets(cell, status):
    from orken.io import parse

    assert parse.status(cell) == status


@pytest.mark.parametrize("cell, iso, precision", [
    ("IV кв. 2025", "2025-10-01", "quarter"), ("4 тоқсан 2025", "2025-10-01", "quarter"),
    ("12.2026", "2026-12-01", "month"), ("декабрь 2026", "2026-12-01", "month"),
    ("желтоқсан 2026", "2026-12-01", "month"), ("2025 г.", "2025-01-01", "year"), (2025, "2025-01-01", "year"),
    ("15.03.2024", "2024-03-15", "day"),
    ("2025 жылдың желтоқсаны", "2025-12-01", "month"), ("2026 жылғы наурыз", "2026-03-01", "month"),
    ("наурызда 2026", "2026-03-01", "month"), ("декабря 2026 г.", "2026-12-01", "month"),
    ("2025-2026 гг.", "2026-01-01", "year"), ("до конца 2026 года", "2026-01-01", "year"),
    ("2026 жылдың соңына дейін", "2026-01-01", "year"), ("I полугодие 2026", "2026-04-01", "quarter"),
    ("2026 жылдың екінші жартысы", "2026-10-01", "quarter"), ("H1 2027", "2027-04-01", "quarter"),
    ("2026/2027", "2027-01-01", "year"), ("в 2026 году", "2026-01-01", "year"), ("на 2026 год", "2026-01-01", "year"),
    ("к 2027 году", "2027-01-01", "year"), ("2027 жылға дейін", "2027-01-01", "year"),
    ("2027 жылға қарай", "2027-01-01", "year"),
])
def test_launch_dates_keep_their_precision(cell, iso, precision):
    from orken.io import parse

    on, got = parse.parse_launch(cell)
    assert (on.isoformat(), got) == (iso, precision)



@pytest.mark.parametrize("cell", ["2030-2020", "полугодие 2026", "1 и 2 полугодие 2026", "желтоқсандар 2026"])
def test_launch_cells_that_say_no_one_date_are_refused(cell):
    from orken.io import parse

    with pytest.raises(parse.ParseError):
        parse.parse_launch(cell)


def test_the_bulk_writer_writes_what_the_service_writes(engine, session, tmp_path, monkeypatch):
    """New projects written a batch at a time (Core INSERTs) are the same records, with the same
    change-log entries, as those the registry service writes one by one."""
    from orken.io import importer
    from orken.registry import projects as service

    path = karaganda_sheet(tmp_path / "k.xlsx")
    batches = []
    core = importer._core_insert
    monkeypatch.setattr(importer, "_core_insert", lambda s, built, actor: (core(s, built, actor),
                                                                           batches.append(len(built))))

    def written() -> dict:
        session.expire_all()
        out = {}
        for c in session.scalars(select(ChangeRecord).where(ChangeRecord.object_type == "project",
                                                            ChangeRecord.action == "create")):
            after = {k: v for k, v in c.after.items() if k not in ("id", "created_at", "updated_at")}
            out[after["name"]["ru"]] = (c.actor, c.object_repr, after)
        return out

    bulk = run_import(engine, "projects", path)
    assert bulk.created == 6 and batches == [6]  # one batch, written by the Core writer
    first = written()
    for p in session.scalars(select(Project)).all():
        service.delete(session, p.id, "test")
    session.execute(ChangeRecord.__table__.delete())
    session.commit()
    monkeypatch.setattr(importer, "CORE_WRITER", False)  # ORM objects, written by the unit of work
    one_by_one = run_import(engine, "projects", path)
    assert one_by_one.created == 6
    second = written()
    for name in first:
        a, b = first[name][2], second[name][2]
        assert {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)} == {}, name
    assert second == first


@pytest.mark.parametrize("cell, expected", [
    ("240 тыс. тонн ферросплавов в год", [("240000", "t", "year", {"ru": "ферросплавы"})]),
    ("жылына 20 мың тонна мақта талшығы", [("20000", "t", "year", {"kk": "мақта талшығы"})]),
    ("110 МВт", [("110", "MW", None, None)]),
    ("тәулігіне 50 тонна сүт", [("50", "t", "day", {"kk": "сүт"})]),
    ("120 тыс. т цемента и 50 тыс. т клинкера", [("120000", "t", None, {"ru": "цемент"}),
                                                 ("50000", "t", None, {"ru": "клинкер"})]),
    ("500 т/сутки", [("500", "t", "day", None)]), ("100 тыс. т/год цемента", [("100000", "t", "year", {"ru": "цемент"})]),
    ("по проекту", []),
])
def test_capacity_cells(cell, expected):
    from orken.io import parse

    got = [(str(c["quantity"]), c["unit"], c["period"], c["product"]) for c in parse.parse_capacities(cell)]
    assert got == expected


def test_a_capacity_column_gives_the_projects_capacities_and_a_second_import_changes_nothing(engine, session,
                                                                                           tmp_path):
    path = turkistan_sheet(tmp_path / "tur.xlsx")
    report = run_import(engine, "projects", path, lang="kk")
    assert report.columns["Қуаты"] == "capacity" and report.rejected == 0
    p = by_name(session)
    caps = [(str(c.quantity.normalize()) if c.quantity is not None else None, c.unit, c.period)
            for c in p["Цемент зауыты"].capacities]
    assert caps == [("1E+6", "t", "year")]
    assert [c.product_kk for c in p["Сүт зауыты"].capacities] == ["сүт"]
    assert p["Кірпіш зауыты"].capacities == []  # an empty cell: no capacity
    again = run_import(engine, "projects", path, lang="kk")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6), again.problems


def test_an_east_kazakhstan_workbook_with_a_summary_sheet_first(engine, session, tmp_path):
    from tests.io.sheets import vko_workbook

    report = run_import(engine, "projects", vko_workbook(tmp_path / "vko.xlsx"), lang="ru")
    assert report.committed and report.sheet == "Проекты"  # the summary sheet has no project header
    assert (report.rows, report.created, report.rejected) == (4, 4, 0), report.problems
    assert report.skipped == {"totals": 1, "footnote": 1}  # "Исп.: Иванова А., тел. …" is not a project
    assert report.columns["Кол-во\nраб. мест"] == "jobs_permanent_planned"
    assert report.columns["Месторасположение"] == "settlement" and report.unknown_columns == []
    p = by_name(session)
    battery = p["Завод литий-ионных аккумуляторов"]
    assert (battery.region_kato, battery.district_kato, battery.status) == ("630000000", "631000000",
                                                                            "under_construction")
    assert battery.investment_planned == Decimal("12500000000.00") and battery.jobs_permanent_planned == 350
    ridder = p["Модернизация обогатительной фабрики"]
    assert ridder.district_kato == "632400000" and ridder.status == "launched"
    assert (ridder.jobs_permanent_planned, ridder.jobs_construction_planned) == (150, 300)  # "150 (врем. 300)"
    wind = p["Ветровая электростанция"]  # "$80 млн" in a column of billions of tenge
    assert (wind.investment_planned, wind.investment_planned_currency) == (Decimal("80000000.00"), "USD")
    assert wind.investment_planned_date.year == 2027 and wind.district_kato == "636200000"
    fish = p["Рыбоперерабатывающий цех"]  # "district, settlement"
    assert (fish.district_kato, fish.settlement, fish.jobs_permanent_planned) == ("635200000", "Курчум", 12)
    assert any("в скобках" in n.message for n in report.notes if n.row == 8)  # the aside is said, not lost


def test_a_pavlodar_list_with_the_bin_in_the_initiators_cell(engine, session, tmp_path):
    """A sheet with no BIN column that writes the BIN in the initiator's cell, a header of "всего /
    освоено", terms as year ranges and half-years, stages of works as statuses, sectors in words."""
    from orken.db.models import Organisation
    from tests.io.sheets import PAVLODAR_ROWS, pavlodar_sheet

    report = run_import(engine, "projects", pavlodar_sheet(tmp_path / "pvl.xlsx"), lang="ru")
    assert (report.rows, report.created, report.rejected) == (5, 5, 0), report.problems
    assert report.skipped == {"totals": 1, "blank": 1, "footnote": 1}
    p = by_name(session)
    ferro = p["Строительство завода по производству ферросилиция"]
    investor = [o.organisation for o in ferro.organisations if o.role == "investor"]
    assert [(o.name_ru, o.bin) for o in investor] == [("ТОО «Silicon Metal»", "190740012342")]
    brick = p["Завод по производству кирпича"]
    assert [(o.organisation.name_ru, o.organisation.bin) for o in brick.organisations] == [
        ("ТОО «Кирпич-Аксу»", "051040008717")]
    assert (ferro.status, ferro.investment_planned, ferro.investment_actual) == (
        "under_construction", Decimal("120500000000.00"), Decimal("35200000000.00"))
    assert (ferro.jobs_permanent_planned, ferro.jobs_construction_planned) == (450, 1200)
    assert (ferro.launch_planned.year, ferro.launch_planned_precision) == (2026, "year")  # "2024-2026"
    assert ferro.oked_division == "24" and brick.status == "launched"
    assert p["Тепличный комплекс 10 га"].settlement == "Мичурино"
    assert session.scalar(select(func.count()).select_from(Organisation).where(Organisation.bin.is_(None))) == 3

    # the same file again: the BIN finds the organisation, nothing changes
    again = run_import(engine, "projects", tmp_path / "pvl.xlsx", lang="ru")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5), again.problems

    # a BIN in the name's cell that is not one: the row is refused, the initiator's column named
    rows = [list(r) for r in PAVLODAR_ROWS[:1]]
    rows[0][1], rows[0][2] = "Другой завод", "ТОО «Ошибка» (БИН 190740012343)"
    bad = run_import(engine, "projects", pavlodar_sheet(tmp_path / "bad.xlsx", rows), lang="ru")
    assert (bad.created, bad.rejected) == (0, 1)
    assert [q.column for q in bad.problems] == ["C (Инициатор проекта (БИН))"], bad.problems


def test_a_kazakh_list_with_terms_of_implementation_and_stages_in_kazakh(engine, session, tmp_path):
    """«Іске асыру мерзімі» is the launch (a quarter, a year, a month, a range of years, all in Kazakh);
    stages written as Kazakh verbs are statuses («инвестор іздестірілуде»: an investor is being sought,
    so planned); a name in Kazakh without Kazakh letters («Цемент зауыты») is Kazakh on a Kazakh sheet."""
    from orken.db.models import Organisation
    from tests.io.sheets import kazakh_list

    report = run_import(engine, "projects", kazakh_list(tmp_path / "kk.xlsx"), lang="kk")
    assert (report.rows, report.created, report.rejected) == (5, 5, 0), report.problems
    assert report.columns["Іске асыру мерзімі"] == "launch_planned" and report.unknown_columns == []
    p = {x.name_kk: x for x in session.scalars(select(Project))}
    assert set(p) == {"Мақта өңдеу зауыты", "Күн электр станциясы 50 МВт", "Жылыжай кешені", "Цемент зауыты",
                      "Тоқыма фабрикасы"}
    launches = {n: (x.launch_planned.isoformat(), x.launch_planned_precision, x.status) for n, x in p.items()}
    assert launches == {
        "Мақта өңдеу зауыты": ("2026-10-01", "quarter", "under_construction"),
        "Күн электр станциясы 50 МВт": ("2027-01-01", "year", "planned"),
        "Жылыжай кешені": ("2025-01-01", "year", "launched"),
        "Цемент зауыты": ("2027-12-01", "month", "planned"),
        "Тоқыма фабрикасы": ("2027-01-01", "year", "planned")}
    cotton = p["Мақта өңдеу зауыты"]
    assert [(o.organisation.name_kk, o.organisation.bin) for o in cotton.organisations] == [
        ("«Altyn Dala» ЖШС", "051040008729")]
    assert session.scalar(select(Organisation.name_kk).where(Organisation.name_kk == "«Green Energy KZ» ЖШС"))
    assert p["Жылыжай кешені"].settlement == "Ақсу" and p["Цемент зауыты"].name_ru is None


def test_cells_merged_down_give_their_value_to_each_row_they_cover(engine, session, tmp_path):
    """A district written once in a cell merged down beside the projects in it, an initiator merged over
    two rows: each row reads as the sheet shows it (before, the rows under the first were placed in no
    district, and one had no investor). A header merged down over a two-row header is named once."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Перечень проектов Карагандинской области"])
    ws.append(["Наименование проекта", "Район", "Инвестиции, млн тенге", None, "Инициатор"])
    ws.append([None, None, "план", "факт", None])
    ws.append(["Завод А", "Абайский район", 100, 10, "ТОО «А»"])
    ws.append(["Завод Б", None, 200, None, "ТОО «Б»"])
    ws.append(["Завод В", None, 300, None, None])
    ws.append(["Завод Г", "г. Темиртау", 400, None, "ТОО «Г»"])
    ws.append(["Завод Д", "Абайский район", 500, None, None])  # merged over nothing: no investor
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3", "B4:B6", "E5:E6"):
        ws.merge_cells(cells)
    wb.save(tmp_path / "merged.xlsx")
    report = run_import(engine, "projects", tmp_path / "merged.xlsx", lang="ru")
    assert (report.rows, report.created, report.rejected) == (5, 5, 0), report.problems
    assert report.columns == {"Наименование проекта": "name", "Район": "district", "Инвестиции, млн тенге план":
                              "investment_planned", "Инвестиции, млн тенге факт": "investment_actual",
                              "Инициатор": "investor"}
    p = by_name(session)
    abai = p["Завод А"].district_kato
    assert [p[n].district_kato == abai for n in ("Завод Б", "Завод В", "Завод Г", "Завод Д")] == [True, True, False, True]
    investors = {n: [o.organisation.name_ru for o in x.organisations] for n, x in p.items()}
    assert investors == {"Завод А": ["ТОО «А»"], "Завод Б": ["ТОО «Б»"], "Завод В": ["ТОО «Б»"],
                         "Завод Г": ["ТОО «Г»"], "Завод Д": []}


def test_a_region_by_the_first_two_digits_of_its_code(engine, session, tmp_path):
    """«35» in the region column (or ``--region 35``) is the region whose KATO code begins with it; «99»
    is no region and is refused as one."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование проекта", "Регион"])
    ws.append(["Завод А", 35])
    ws.append(["Завод Б", "99"])
    wb.save(tmp_path / "codes.xlsx")
    report = run_import(engine, "projects", tmp_path / "codes.xlsx", lang="ru")
    assert (report.created, report.rejected) == (1, 1)
    assert by_name(session)["Завод А"].region_kato == "350000000"
    assert [q.column for q in report.problems] == ["B (Регион)"]
    again = run_import(engine, "projects", tmp_path / "codes.xlsx", lang="ru", region="35")
    assert (again.unchanged, again.rejected) == (1, 1)


@pytest.mark.parametrize("name, sheet, lang", [
    ("Цемент зауыты", "kk", "kk"), ("Цемент зауыты", None, "ru"), ("Мақта өңдеу зауыты", None, "kk"),
    ("Завод по производству кирпича", "kk", "ru"), ("Тепличный комплекс", "kk", "ru"),
    ("Модернизация ТЭЦ-3", "kk", "ru"), ("Строительство цеха", "kk", "ru"), ("Steel plant", "kk", "en"),
])
def test_the_language_of_a_name(name, sheet, lang):
    from orken.io.parse import name_language

    assert name_language(name, sheet) == lang


@pytest.mark.parametrize("text, expected", [
    ("ТОО «Silicon Metal» (БИН 190740012342)", ("ТОО «Silicon Metal»", "190740012342")),
    ("АО «Альфа», BIN: 190740012342", ("АО «Альфа»", "190740012342")),
    ("190740012342 ТОО «Бета»", ("ТОО «Бета»", "190740012342")), ("ЖШС «Гамма» БСН190740012342", ("ЖШС «Гамма»", "190740012342")),
    ("ТОО «Завод 2024»", ("ТОО «Завод 2024»", None)), ("тел. 87771234567, ТОО «Дельта»", ("тел. 87771234567, ТОО «Дельта»", None)),
    ("АО «Эпсилон» (190740012342; 051040008717)", ("АО «Эпсилон» (190740012342; 051040008717)", None)),
])
def test_a_bin_written_in_the_investors_name(text, expected):
    from orken.io.parse import split_bin

    assert split_bin(text) == expected


@pytest.mark.parametrize("header, field", [
    ("Кол-во раб. мест", "jobs_permanent_planned"), ("Врем. раб. места", "jobs_construction_planned"),
    ("Ожид. кол-во раб. мест на период стр-ва", "jobs_construction_planned"), ("Произв. мощность", "capacity"),
    ("Наим. проекта", "name"), ("Год ввода в экспл.", "launch_planned"), ("Год ввода в эксплуатацию", "launch_planned"),
    ("Сост. проекта", "status"), ("Месторасположение", "settlement"), ("Стоим. проекта, млрд тенге",
                                                                       "investment_planned"),
    ("Год", None), ("Прим.", None),
])
def test_shortened_headers(header, field):
    from orken.io.headers import match

    assert match(header, "projects") == field


@pytest.mark.parametrize("cell, currency, rest", [
    ("$80 млн", "USD", "80 млн"), ("80 млн долл. США", "USD", "80 млн"), ("80 млн АҚШ доллары", "USD", "80 млн"),
    ("US$ 5 млн", "USD", "5 млн"), ("5 млн евро", "EUR", "5 млн"), ("300 млн руб.", "RUB", "300 млн"),
    ("10 млн юаней", "CNY", "10 млн"), ("1,2 млрд тенге", None, "1,2 млрд тенге"), ("2 400", None, "2 400"),
])
def test_a_currency_written_in_the_amount(cell, currency, rest):
    from orken.io.parse import cell_currency

    assert cell_currency(cell) == (currency, rest)


@pytest.mark.parametrize("cell, expected", [
    ("150 (врем. 300)", (150, 300, None)), ("40 (на период строительства 120)", (40, 120, None)),
    ("25 (уақытша 80)", (25, 80, None)), ("60 (в т.ч. 10 местных)", (60, None, "в т.ч. 10 местных")),
    ("1 200", (1200, None, None)), (35, (35, None, None)),
])
def test_jobs_cells_with_an_aside(cell, expected):
    from orken.io.parse import parse_jobs

    assert parse_jobs(cell) == expected
