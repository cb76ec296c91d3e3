"""Importing messy spreadsheets: recognition, validation per row and column, transactions."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from orken.cli import app
from orken.db.models import ChangeRecord, Organisation, Project, Zone
from orken.io.importer import run_import
from tests.io.sheets import messy_projects

runner = CliRunner()


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def orken(engine, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, code: int = 0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result

    return run


def test_messy_sheet_imports_good_rows_and_reports_each_bad_one(engine, session, tmp_path):
    path = messy_projects(tmp_path / "karaganda.xlsx")
    report = run_import(engine, "projects", path, lang="ru")

    assert report.committed
    assert (report.rows, report.created, report.rejected) == (6, 3, 3)
    assert report.skipped == {"numbering": 1, "region heading": 1, "blank": 1, "totals": 1}
    assert report.columns["Инвестиции, млн тенге факт"] == "investment_actual"
    assert report.columns["Рабочие места план"] == "jobs_permanent_planned"
    by_row: dict[int, list] = {}
    for p in report.problems:
        by_row.setdefault(p.row, []).append(p)
    assert sorted(by_row) == [10, 12, 13]
    bad = {p.field: p for p in by_row[10]}
    assert set(bad) == {"region", "status", "investment_planned", "launch_planned"}
    assert bad["region"].column == "D (Регион)"
    assert "Марсианская" in bad["region"].message and "не найден" in bad["region"].message
    assert bad["launch_planned"].column == "L (Срок ввода)"
    assert "повторяется" in by_row[12][0].message and "строке 7" in by_row[12][0].message
    assert by_row[13][0].field == "name"

    projects = {p.external_id: p for p in session.scalars(select(Project))}
    assert set(projects) == {"KRG-001", "KRG-002", "KRG-003"}
    brick = projects["KRG-001"]
    assert brick.name_ru == "Завод по производству кирпича" and brick.status == "under_construction"
    assert brick.investment_planned == Decimal("1234500000.00")  # "1 234,5" million tenge
    assert brick.investment_actual == Decimal("572900000.00")
    assert (brick.region_kato, brick.district_kato, brick.oked_code) == ("350000000", "352400000", "23.32")
    assert brick.year == 2025 and brick.jobs_permanent_planned == 120
    assert brick.organisations[0].organisation.name_ru == "ТОО «Кирпич Темиртау»"
    glass = projects["KRG-002"]
    assert glass.name_kk == "Қарағанды шыны зауыты" and glass.status == "launched" and glass.jobs_permanent_actual == 80
    assert glass.launch_planned.isoformat() == "2024-03-15" and glass.note == "жұмыс істеп тұр"
    assert glass.investment_actual == Decimal("14000500000.00")
    wire = projects["KRG-003"]
    assert wire.name_en == "Steel wire plant" and wire.oked_division == "24" and wire.district_kato == "354000000"
    assert wire.investment_planned == Decimal("2500000000.00")  # its own "млрд" beats the column's "млн"
    creates = session.scalars(select(ChangeRecord).where(ChangeRecord.object_type == "project")).all()
    assert len(creates) == 3 and {c.actor for c in creates} == {"import:karaganda.xlsx"}

    with open(report.rejected_file, encoding="utf-8-sig") as f:
        rejected = list(csv.reader(f))
    assert [r[0] for r in rejected[1:]] == ["10", "12", "13"]
    assert "Марсианская область" in rejected[1] and "не найден" in rejected[1][1]


def test_reimport_updates_by_external_id_instead_of_duplicating(engine, session, tmp_path):
    path = messy_projects(tmp_path / "p.xlsx")
    run_import(engine, "projects", path)
    again = run_import(engine, "projects", path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 3)
    assert count(session, Project) == 3 and count(session, Organisation) == 1


def test_all_or_nothing_and_dry_run_write_nothing(engine, session, tmp_path):
    path = messy_projects(tmp_path / "p.xlsx")
    report = run_import(engine, "projects", path, all_or_nothing=True, lang="kk")
    assert not report.committed and report.rejected == 3 and report.created == 0
    assert any("өңірі табылмады" in p.message for p in report.problems)
    dry = run_import(engine, "projects", path, dry_run=True, lang="en")
    assert dry.rejected == 3 and dry.valid == 3 and not dry.committed
    assert any("is not a known status" in p.message for p in dry.problems)
    assert count(session, Project) == 0 and count(session, ChangeRecord) == 0


def test_all_or_nothing_writes_a_clean_file(engine, session, tmp_path):
    from tests.io.sheets import GOOD

    path = messy_projects(tmp_path / "clean.xlsx", bad=[[None] * 14] * 3)
    report = run_import(engine, "projects", path, all_or_nothing=True)
    assert report.committed and report.created == len(GOOD) and not report.problems
    assert count(session, Project) == 3


def test_status_change_on_reimport_follows_the_lifecycle(engine, session, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("ID;Name;Region;Status\nX1;Plant;Павлодарская область;launched\n", encoding="utf-8")
    assert run_import(engine, "projects", path).created == 1
    path.write_text("ID;Name;Region;Status\nX1;Plant;Павлодарская область;planned\n", encoding="utf-8")
    back = run_import(engine, "projects", path, lang="en")
    assert back.rejected == 1 and "cannot go from 'launched' to 'planned'" in back.problems[0].message
    assert session.scalar(select(Project.status)) == "launched"


def test_csv_in_windows_1251_with_semicolons_and_a_saved_mapping(engine, session, tmp_path, orken):
    path = tmp_path / "zones.csv"
    path.write_bytes("Код;Наименование зоны;Тип;Область;Площадь, га;Кол-во резидентов;Незанятая территория\n"
                     "Z1;СЭЗ «Павлодар»;СЭЗ;Павлодарская;3 300,5;34;1 200\n"
                     "Z2;ИЗ «Экибастуз»;индустриальная зона;Pavlodar;450;5;abc\n".encode("cp1251"))
    first = json.loads(orken("import", "zones", str(path), "--json").stdout)
    assert first["created"] == 2 and "Незанятая территория" in first["unknown_columns"]
    orken("import", "map", "zones", "Незанятая территория", "free_area_ha")
    second = json.loads(orken("import", "zones", str(path), "--json", "--lang", "en").stdout)
    assert (second["created"], second["updated"], second["rejected"]) == (0, 1, 1)
    assert second["problems"][0]["row"] == 3 and second["problems"][0]["column"] == "G (Незанятая территория)"
    zones = {z.external_id: z for z in session.scalars(select(Zone))}
    assert zones["Z1"].area_ha == Decimal("3300.5") and zones["Z1"].kind == "sez"
    assert zones["Z1"].free_area_ha == Decimal("1200") and zones["Z1"].version == 2
    assert zones["Z2"].region_kato == "550000000" and zones["Z2"].kind == "industrial_zone"
    assert orken("import", "map", "zones", "X", "colour", code=1).exit_code == 1


def test_cli_reports_and_exit_codes(orken, tmp_path, session):
    path = messy_projects(tmp_path / "p.xlsx")
    result = orken("import", "projects", str(path), "--dry-run", "--lang", "kk", code=2)
    assert "dry run: nothing written" in result.stdout and "Марсианская" in result.stdout
    result = orken("import", "projects", str(path), "--rejected", str(tmp_path / "bad.csv"))
    assert "3 created" in result.stdout and (tmp_path / "bad.csv").exists()
    # a project list is no monitoring report: every row lacks its quarter, and a dry run says so
    assert "не указан отчётный период" in orken("import", "reports", str(path), "--dry-run", code=2).stdout
    empty = tmp_path / "empty.csv"
    empty.write_text("a;b\n1;2\n", encoding="utf-8")
    assert "no header row" in orken("import", "projects", str(empty), "--lang", "en", code=1).output


def test_long_imports_look_up_places_and_sectors_in_memory(engine, session, tmp_path, monkeypatch):
    """Past each batch (the session is emptied to keep memory flat) the reference rows stay at hand:
    the statements per row do not grow by a SELECT of a region or a sector each."""
    from sqlalchemy import event

    from orken.io import importer

    monkeypatch.setattr(importer, "BATCH", 20)
    path = tmp_path / "many.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Код проекта", "Наименование проекта", "Регион", "ОКЭД", "Статус"])
        for i in range(90):
            w.writerow([f"M-{i}", f"Завод {i}", ["Карагандинская область", "Павлодарская область"][i % 2],
                        ["24.10", "23.51", "10.11"][i % 3], "планируется"])
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 (before_cursor_execute's statement)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        report = run_import(engine, "projects", path, lang="ru")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert report.created == 90 and report.committed
    lookups = [s for s in statements if "FROM admin_units" in s or "FROM sectors" in s]
    assert len(lookups) <= 4, lookups[:6]  # the import's own loading of the reference, not one per row
