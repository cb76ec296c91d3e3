"""The row-level export path (``orken.io.project_rows``) gives exactly what the ORM path gave.

Old: every project an ORM object serialised by ``project_dict`` (``orken.io.selection.projects``,
kept as the reference). New: Core selects of the columns and child rows each output reads. On a
seeded registry (the sample data, a messy import, projects with every kind of child row and
hostile strings) both engines must give the same records and byte-identical files for every
export format, for the command line, the public and a scoped reader.
"""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from orken.auth.policy import Grant, Principal, Role
from orken.io import export_geojson, export_tabular, oc4ids, project_rows, selection
from orken.io.importer import run_import
from orken.registry import others, projects
from orken.registry.query import ProjectFilter
from orken.registry.schemas import OrganisationCreate, ProjectCreate
from orken.sample import loader
from tests.io.sheets import messy_projects

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2", "@SUM(A1)", "Завод <b>", "\ttab", "a\x01b",
           "<img src=\"/etc/passwd\">", "'; DROP TABLE projects;--"]


@pytest.fixture
def seeded(engine, session, tmp_path):
    loader.load(session)
    session.commit()
    run_import(engine, "projects", messy_projects(tmp_path / "p.xlsx"))
    org_id = others.create_organisation(session, OrganisationCreate(name={"ru": HOSTILE[0], "kk": "Инвестор"},
                                                                    kind="investor"), "test").id
    for i, text in enumerate(HOSTILE):
        status = "suspended" if i % 3 == 0 else "launched"
        p = projects.create(session, ProjectCreate(
            name={"ru": text, "kk": f"Жоба {i}"}, region_kato="350000000" if i % 2 else "550000000",
            oked="24.10", status=status,
            status_history=[{"status": "under_construction", "date": "2023-01-01", "note": text},
                            {"status": status, "date": "2024-02-01"}],
            investment_planned={"amount": "1000000.50", "currency": "USD", "date": "2024-05-01"} if i == 1
            else {"amount": "1000000.50"},
            investment_actual={"amount": "900000"}, jobs_permanent_planned=100 + i, jobs_construction_planned=7,
            launch_planned="2024-05-01", launch_actual="2024-09-01" if i % 2 else None, project_type="expansion",
            settlement=text, curator=text, note=text, programmes=["business-roadmap", "gpiir-2020-2025"][: i % 3],
            capacities=[{"product": {"ru": text}, "quantity": "12.5", "unit": "t", "period": "year"},
                        {"product": {"ru": "второй"}, "quantity": "3"}],
            organisations=[{"organisation_id": org_id, "role": "investor"}] if org_id else None,
            sources=[{"kind": "news", "title": text, "url": "https://example.kz/news/%d" % i},
                     {"kind": "document", "title": "без ссылки"}]), "test")
        assert p.id
    session.commit()


def _old(session, f, internal):
    return list(selection.projects(session, f, internal))


def _subset(full: dict, new: dict) -> dict:
    return {k: full.get(k) for k in new}


READERS = {
    "command line": None,
    "public": Principal(),
    "Karaganda analyst": Principal(user_id=3, username="a", grants=(Grant(Role.REGION_ANALYST, region="350000000"),)),
    "administrator": Principal(user_id=1, username="admin", grants=(Grant(Role.ADMINISTRATOR),)),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_records_equal_the_full_project_dicts(session, seeded, reader):
    session.info["principal"] = READERS[reader]
    try:
        for f in (None, ProjectFilter(region=["350000000"]), ProjectFilter(q="завод")):
            for internal in (True, False):
                old = _old(session, f, internal)
                for shape in (project_rows.TABULAR, project_rows.GEOJSON, project_rows.OC4IDS):
                    new = list(project_rows.records(session, f, shape, internal))
                    assert [d["id"] for d in new] == [d["id"] for d in old]
                    for o, n in zip(old, new):
                        assert n == _subset(o, n), (reader, shape.name, n["id"])
                        # the internal fields are there exactly when the old path showed them
                        assert ("curator" in n) == ("curator" in o and shape.internal_fields)
    finally:
        session.info.pop("principal", None)


def test_public_records_carry_no_internal_field(session, seeded):
    session.info["principal"] = Principal()
    try:
        for shape in (project_rows.TABULAR, project_rows.OC4IDS, project_rows.GEOJSON):
            for d in project_rows.records(session, None, shape, internal=True):
                assert not (set(d) & project_rows.INTERNAL_KEYS)
    finally:
        session.info.pop("principal", None)
    scoped = READERS["Karaganda analyst"]
    session.info["principal"] = scoped
    try:
        seen = {d["id"]: d for d in project_rows.records(session, None, project_rows.TABULAR, internal=True)}
    finally:
        session.info.pop("principal", None)
    assert any("curator" in d for d in seen.values() if d["region_kato"] == "350000000")
    assert not any("curator" in d for d in seen.values() if d["region_kato"] != "350000000")


@pytest.fixture
def old_path(monkeypatch):
    """Switch the writers back to the ORM path (``project_dict`` of every project)."""
    def use():
        monkeypatch.setattr(project_rows, "records", lambda session, f, shape, internal=False:
                            iter(selection.projects(session, f, internal)))
    return use


def _files(session, folder, internal):
    folder.mkdir()
    f = ProjectFilter(region=["350000000"])
    export_tabular.write_csv(session, folder / "all.csv", None, "projects", "ru", internal=internal)
    export_tabular.write_csv(session, folder / "k.csv", f, "projects", "kk", internal=internal)
    export_tabular.write_xlsx(session, folder / "all.xlsx", None, "en", internal=internal)
    export_tabular.write_xlsx(session, folder / "k.xlsx", f, "ru", internal=internal)
    export_geojson.write_geojson(session, folder / "all.geojson", None, internal=internal)
    oc4ids.stream_package(session, folder / "all.json", None, "ru", internal=internal)
    oc4ids.stream_package(session, folder / "k.json", f, "kk", internal=internal)
    return folder


def _same_files(a, b):
    for path in sorted(a.iterdir()):
        other = b / path.name
        if path.suffix == ".xlsx":
            wa, wb = load_workbook(path), load_workbook(other)
            assert wa.sheetnames == wb.sheetnames
            for name in wa.sheetnames:
                ra = [[(c.value, c.data_type) for c in row] for row in wa[name].iter_rows()]
                rb = [[(c.value, c.data_type) for c in row] for row in wb[name].iter_rows()]
                assert ra == rb, (path.name, name)
        elif path.name.endswith(".json"):
            ja, jb = json.loads(path.read_text("utf-8")), json.loads(other.read_text("utf-8"))
            ja.pop("publishedDate"), jb.pop("publishedDate")
            assert ja == jb, path.name
        else:
            assert path.read_bytes() == other.read_bytes(), path.name


@pytest.mark.parametrize("reader", list(READERS))
def test_every_export_file_is_the_same_as_before(session, seeded, tmp_path, old_path, reader):
    session.info["principal"] = READERS[reader]
    try:
        new = _files(session, tmp_path / "new", internal=True)
        old_path()
        old = _files(session, tmp_path / "old", internal=True)
    finally:
        session.info.pop("principal", None)
    _same_files(old, new)
    rows = list(csv.reader((new / "all.csv").open(encoding="utf-8-sig")))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t"))]  # neutralised, as before
    assert "'" + HOSTILE[0] in cells
