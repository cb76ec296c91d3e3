"""Hostile user text through every output format comes out inert (both engines).

Project, zone and organisation names, source titles and URLs and report problems carry markup
(reportlab's mini-HTML: ``<b>``, ``<img src=…>``, ``<a href=…>``), spreadsheet formulas, ``</script>``,
quotes and control characters. Every renderer must show them as text: the PDF briefings (region and
national) answer 200 with the markup as visible text, no link and no image from a path; the briefing
XLSX and the export XLSX have no formula cell; the export CSV has no cell a spreadsheet reads as a
formula; GeoJSON and OC4IDS give the strings back exactly; pages show them escaped. Map tooltips
are checked in Chromium in ``test_map_tooltips_are_text``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest
from openpyxl import load_workbook

from orken.io.inert import FORMULA_STARTS
from tests.security.conftest import HOME

IMAGE = "/usr/share/pixmaps/debian-logo.png"
HOSTILE = [
    "Завод <b>",
    f'<img src="{IMAGE}" width="40" height="40"/> img',
    '<a href="https://evil.example/">live link</a>',
    '=HYPERLINK("https://evil.example/","click")',
    "=5+5",
    "+7-1",
    "@SUM(A1)",
    "-2+3",
    "</script><script>alert(1)</script>",
    "quote \" and ' and & <!--",
    "ctl\x01\x07\x1b\x0bend",
    "$\\frac{1}{$ math",
]
#: what must never appear raw in an HTML page (outside JSON blocks, where it is \\u-escaped)
RAW_HTML = ["<b>", "<img src=", '<a href="https://evil.example/">', "</script><script>"]


@pytest.fixture
def hostile(client):
    org = client.post("/api/v1/organisations", json={"name": {"ru": '=HYPERLINK("https://evil.example/")'},
                                                     "kind": "investor"})
    assert org.status_code == 201, org.text
    ring = [[73.0, 49.7], [73.2, 49.7], [73.2, 49.9], [73.0, 49.9], [73.0, 49.7]]
    zone = client.post("/api/v1/zones", json={
        "name": {"ru": "=5+5", "kk": "=5+5"}, "kind": "industrial_zone", "region_kato": HOME,
        "boundary": {"type": "Polygon", "coordinates": [ring]},
        "sources": [{"title": "<b>zone source", "url": "https://evil.example/?a=<b>&q=\"'"}]})
    assert zone.status_code == 201, zone.text
    ids = []
    for i, text in enumerate(HOSTILE):
        r = client.post("/api/v1/projects", json={
            "name": {"kk": text, "ru": text, "en": text}, "region_kato": HOME, "oked": "24.10",
            # suspended and overdue: named in the briefing's problems too
            "status": "suspended" if i % 2 else "planned", "launch_planned": "2025-03-01",
            "zone_id": zone.json()["id"], "lat": 49.0 + i / 100, "lon": 73.0,
            "organisations": [{"organisation_id": org.json()["id"], "role": "investor"}],
            "investment_planned": {"amount": "1000000000"}, "jobs_permanent_planned": 10,
            "sources": [{"title": text, "url": f"https://example.org/{i}?q=<b>"}]})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    report = client.post("/api/v1/reports", json={"project_id": ids[0], "year": 2025, "quarter": 1,
                                                  "investment_period_kzt": "100",
                                                  "problems": " / ".join(HOSTILE)})
    assert report.status_code == 201, report.text
    assert client.post(f"/api/v1/reports/{report.json()['id']}/submit").status_code == 200
    assert client.post(f"/api/v1/reports/{report.json()['id']}/approve").status_code == 200
    return {"projects": ids, "zone": zone.json()["id"], "org": org.json()["id"]}


def _shown(text: str) -> str:
    """The text as a renderer that turns control characters into spaces shows it."""
    return re.sub(r"[\x00-\x1f\x7f]", " ", text)


@pytest.mark.parametrize("scope", ["350000000", "national"])
def test_pdf_briefings_show_markup_as_text(client, hostile, scope, tmp_path):
    r = client.get(f"/api/v1/briefings/{scope}.pdf", params={"on": "2025-06-01"})
    assert r.status_code == 200, r.text[:300]
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(r.content)
    assert b"/URI" not in r.content  # no live link
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    if scope != "national":  # the national briefing lists no single project of a region
        for shown in ("Завод <b>", '<img src="', '<a href="https://evil.example/">live link</a>'):
            assert shown in flat, shown
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [line.split()[3:5] for line in images.splitlines()[2:]]
    assert ["40", "40"] not in sizes and len(sizes) <= 4  # the map and the chart (each with its mask)


@pytest.mark.parametrize("scope", ["350000000", "national"])
def test_briefing_xlsx_has_no_formula(client, hostile, scope):
    r = client.get(f"/api/v1/briefings/{scope}.xlsx", params={"on": "2025-06-01"})
    assert r.status_code == 200, r.text[:300]
    wb = load_workbook(io.BytesIO(r.content))
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                values.append(c.value)
    if scope != "national":
        assert "=5+5" in values and "+7-1" in values and any(v == "ctlend" for v in values)
        assert any(isinstance(v, str) and v.startswith('=HYPERLINK("https://evil') for v in values)


def test_exports_are_inert(client, hostile):
    r = client.get("/api/v1/export/projects.csv")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert "'=5+5" in cells and "'@SUM(A1)" in cells and "Завод <b>" in cells

    r = client.get("/api/v1/export/projects.xlsx")
    assert r.status_code == 200, r.text[:300]
    wb = load_workbook(io.BytesIO(r.content))
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                values.append(c.value)
    assert "=5+5" in values and "ctlend" in values

    geo = client.get("/api/v1/export/projects.geojson")
    assert geo.status_code == 200
    names = {f["properties"]["name"]["ru"] if isinstance(f["properties"]["name"], dict)
             else f["properties"]["name"] for f in geo.json()["features"]}
    assert set(HOSTILE) <= names  # JSON is its own escaping: the strings come back exactly

    oc = client.get("/api/v1/export/projects.oc4ids.json")
    assert oc.status_code == 200
    body = json.dumps(oc.json(), ensure_ascii=False)
    for text in HOSTILE:
        assert json.dumps(text, ensure_ascii=False)[1:-1] in body


def _outside_json(html: str) -> str:
    return re.sub(r"<script type=\"application/json\"[^>]*>.*?</script>", "", html, flags=re.S)


def test_pages_show_hostile_text_escaped(client, hostile):
    urls = ["/", "/projects", f"/zones/{hostile['zone']}", f"/regions/{HOME}", f"/organisations/{hostile['org']}"]
    urls += [f"/projects/{p}" for p in hostile["projects"]]
    for url in urls:
        r = client.get(url)
        if url.startswith("/organisations") and r.status_code == 404:
            continue  # no organisation page
        assert r.status_code == 200, (url, r.status_code)
        outside = _outside_json(r.text)
        for raw in RAW_HTML:
            assert raw not in outside, (url, raw)
        for block in re.findall(r"<script type=\"application/json\"[^>]*>(.*?)</script>", r.text, flags=re.S):
            json.loads(block)  # one whole JSON block: no </script> or <!-- ended it early
