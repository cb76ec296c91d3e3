"""The API: upload, preview, confirm; export downloads; briefings; permissions apply to imports."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from orken.db.models import Project
from orken.io import oc4ids
from tests.io.sheets import messy_projects


def test_upload_preview_confirm(client, session, tmp_path):
    data = messy_projects(tmp_path / "k.xlsx").read_bytes()
    r = client.post("/api/v1/import/projects?lang=en", files={"file": ("karaganda.xlsx", data)})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["preview"]["valid"] == 3 and body["preview"]["rejected"] == 3
    assert {p["row"] for p in body["preview"]["problems"]} == {10, 12, 13}
    assert session.scalar(select(func.count()).select_from(Project)) == 0
    r = client.post(f"/api/v1/import/jobs/{body['token']}/confirm")
    assert r.status_code == 200 and r.json()["report"]["created"] == 3 and r.json()["status"] == "done"
    again = client.post(f"/api/v1/import/jobs/{body['token']}/confirm")  # a later confirm: that run's result
    assert again.status_code == 200 and again.json() == r.json()
    assert client.get(f"/api/v1/import/jobs/{body['token']}").json()["status"] == "done"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Project)) == 3
    assert client.post("/api/v1/import/projects", files={"file": ("x.exe", b"MZ")}).status_code == 415


def test_a_region_analyst_imports_only_into_their_region(client_for, session, tmp_path):
    other = client_for("region_analyst", region="550000000")  # Pavlodar, not Karaganda
    data = messy_projects(tmp_path / "k.xlsx").read_bytes()
    token = other.post("/api/v1/import/projects", files={"file": ("k.xlsx", data)}).json()["token"]
    report = other.post(f"/api/v1/import/jobs/{token}/confirm").json()["report"]
    assert report["created"] == 0 and report["rejected"] == 6
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_export_downloads_and_briefings(client, tmp_path):
    data = messy_projects(tmp_path / "k.xlsx").read_bytes()
    token = client.post("/api/v1/import/projects", files={"file": ("k.xlsx", data)}).json()["token"]
    client.post(f"/api/v1/import/jobs/{token}/confirm")
    r = client.get("/api/v1/export/projects.csv", params={"status": "launched", "lang": "en"})
    assert r.status_code == 200 and r.text.count("\n") == 2 and "Қарағанды шыны зауыты" in r.text
    r = client.get("/api/v1/export/projects.xlsx", params={"region": "350000000"})
    wb = load_workbook(io.BytesIO(r.content))
    assert wb["Проекты"].max_row == 4
    pkg = client.get("/api/v1/export/projects.oc4ids.json").json()
    assert oc4ids.validate(pkg) == [] and len(pkg["projects"]) == 3
    geo = client.get("/api/v1/export/projects.geojson", params={"sector": "C"}).json()
    assert len(geo["features"]) == 3
    pdf = client.get("/api/v1/briefings/350000000.pdf", params={"lang": "kk", "on": "2025-06-01"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/api/v1/briefings/national.xlsx").status_code == 200
    assert client.get("/api/v1/briefings/999999999.pdf").status_code == 404
