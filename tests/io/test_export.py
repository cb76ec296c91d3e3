"""Exports: CSV, XLSX, GeoJSON and an OC4IDS package validated against the official schema."""

from __future__ import annotations

import copy
import csv
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from orken.db.models import Project
from orken.io import export_geojson, export_tabular, oc4ids
from orken.io.importer import run_import
from orken.registry import projects, query
from orken.registry.query import ProjectFilter
from orken.registry.schemas import ProjectCreate
from orken.sample import loader
from tests.io.sheets import messy_projects


@pytest.fixture
def data(engine, session, tmp_path):
    loader.load(session)
    session.commit()
    run_import(engine, "projects", messy_projects(tmp_path / "p.xlsx"))
    p = projects.create(session, ProjectCreate(
        name={"ru": "Завод с планом и фактом"}, region_kato="550000000", oked="24.10", status="launched",
        investment_planned={"amount": "1000000.50"}, investment_actual={"amount": "900000"},
        jobs_permanent_planned=100, jobs_permanent_actual=95, launch_planned="2024-05-01",
        launch_actual="2024-09-01", project_type="expansion",
        sources=[{"kind": "news", "title": "Новость", "url": "https://example.kz/news/1"}]), "test")
    session.commit()
    return p.id


def test_oc4ids_package_validates_and_maps_status_and_plan_vs_fact(session, data):
    pkg = oc4ids.package(session)
    assert oc4ids.validate(pkg) == []
    total = session.scalar(select(func.count()).select_from(Project))
    assert len(pkg["projects"]) == total and pkg["version"] == "0.9"
    mine = next(p for p in pkg["projects"] if p["id"] == f"orken-{data}")
    assert mine["status"] == "completion" and mine["type"] == "expansion"
    assert mine["budget"]["amount"] == {"amount": 1000000.5, "currency": "KZT"}
    assert mine["forecasts"][0]["observations"][0]["value"]["amount"] == 1000000.5
    assert mine["metrics"][0]["observations"][0]["value"]["amount"] == 900000
    jobs = {m["id"]: m["observations"][0].get("measure") for m in mine["metrics"]}
    assert jobs["jobs-permanent"] == 95
    assert mine["milestones"][0]["status"] == "met" and mine["milestones"][0]["dateMet"].startswith("2024-09-01")
    assert mine["locations"][0]["gazetteer"] == {"scheme": "KATO", "identifiers": ["550000000"]}
    assert mine["additionalClassifications"][0] == {"scheme": "OKED", "id": "24.10",
                                                    "description": mine["additionalClassifications"][0]["description"]}
    assert mine["documents"][0]["url"] == "https://example.kz/news/1"
    statuses = {p["status"] for p in pkg["projects"]}
    assert statuses <= oc4ids.codelist("projectStatus.csv")


def test_oc4ids_validation_catches_broken_packages(session, data):
    pkg = oc4ids.package(session, ProjectFilter(region=["550000000"]))
    broken = copy.deepcopy(pkg)
    broken["projects"][0]["status"] = "launched"
    del broken["projects"][0]["id"]
    broken["version"] = "zero"
    problems = oc4ids.validate(broken)
    assert any("status" in p for p in problems) and any("'id' is a required property" in p for p in problems)
    assert any("version" in p for p in problems)


def test_cli_export_filters_like_the_api(session, data, tmp_path, engine, monkeypatch):
    from typer.testing import CliRunner

    from orken.cli import app

    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    f = ProjectFilter(region=["350000000"], status=["launched", "under_construction"])
    expected = {p.id for p in query.page(session, f, limit=1000)[0]}
    out = tmp_path / "k.csv"
    result = CliRunner().invoke(app, ["export", "--format", "csv", "--region", "350000000", "--status",
                                      "launched,under_construction", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {int(r["ID"]) for r in rows} == expected and expected
    out = tmp_path / "k.oc4ids.json"
    result = CliRunner().invoke(app, ["export", "--format", "oc4ids", "--region", "350000000", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pkg = json.loads(out.read_text("utf-8"))
    assert oc4ids.validate(pkg) == [] and {p["id"] for p in pkg["projects"]} == {
        f"orken-{i}" for i in query.page(session, ProjectFilter(region=["350000000"]), limit=1000)[0] and
        {p.id for p in query.page(session, ProjectFilter(region=["350000000"]), limit=1000)[0]}}


def test_xlsx_is_formatted_with_one_sheet_per_entity(session, data, tmp_path):
    out = tmp_path / "all.xlsx"
    counts = export_tabular.write_xlsx(session, out, lang="ru")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Проекты", "Зоны", "Организации"]
    ws = wb["Проекты"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}" \
        f"{counts['projects'] + 1}"
    assert ws["A1"].font.bold and ws["A1"].value == "ID"
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == data)
    planned = row[header.index("Инвестиции, план, тенге")]
    assert planned == 1000000.5 and ws.cell(2, header.index("Инвестиции, план, тенге") + 1).number_format == "#,##0.00"
    assert counts["projects"] == ws.max_row - 1 and wb["Зоны"].max_row - 1 == counts["zones"] > 0


def test_geojson_points_for_the_selection(session, data):
    f = ProjectFilter(sector=["C"])
    fc = export_geojson.feature_collection(session, f)
    total = query.page(session, f, limit=1)[1]
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == total
    for feature in fc["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 40 <= lat <= 56 and 46 <= lon <= 88


def test_downloads_and_cli_export_honour_the_reader(engine, session, anon_client, client_for, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from orken.cli import app
    from tests.conftest import make_user

    for region, note in (("350000000", "секрет Караганды"), ("550000000", "секрет Павлодара")):
        projects.create(session, ProjectCreate(name={"ru": f"Завод {region}"}, region_kato=region, oked="24",
                                               note=note, curator="Иванов"), "test")
    session.commit()
    public = anon_client.get("/projects.csv", params={"lang": "ru"}).text  # the page's link, redirected
    assert "Завод 350000000" in public and "секрет" not in public and "Иванов" not in public
    assert "секрет" not in json.dumps(anon_client.get("/api/v1/export/projects.oc4ids.json").json(),
                                      ensure_ascii=False)
    analyst = client_for("region_analyst", region="350000000").get("/projects.csv").text
    assert "секрет Караганды" in analyst and "секрет Павлодара" not in analyst
    admin = client_for("administrator").get("/api/v1/export/projects.csv").text
    assert "секрет Караганды" in admin and "секрет Павлодара" in admin

    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    make_user(engine, "pavlodar", "region_analyst", region="550000000")
    out = tmp_path / "e.csv"
    for args, expected in (([], set()), (["--internal"], {"секрет Караганды", "секрет Павлодара"}),
                           (["--as", "pavlodar"], {"секрет Павлодара"})):
        result = CliRunner().invoke(app, ["export", "--format", "csv", "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        text = out.read_text("utf-8-sig")
        assert {s for s in ("секрет Караганды", "секрет Павлодара") if s in text} == expected, args
