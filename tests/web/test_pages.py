"""Every page, as HTML and as JSON, on SQLite and PostgreSQL, over the sample dataset."""

from __future__ import annotations

import csv
import io
import json

import pytest

THIN = "\u202f"


def projects_total(client, **params) -> int:
    return client.get("/api/v1/projects", params={"limit": 1, **params}).json()["total"]


def test_map_page_shows_all_regions_and_the_selection(anon_client, sample):
    page = anon_client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="kk">' in html
    assert "Индустрияландыру картасы" in html  # the Kazakh interface by default
    assert 'id="map"' in html and "/static/map.js" in html
    data = anon_client.get("/map.json").json()
    assert len(data["regions"]) == 20
    assert data["total"] == sample["projects"] == sum(r["projects"] for r in data["regions"])
    # the no-JavaScript table lists every region with a link to its profile
    assert html.count('href="/regions/') >= 20
    assert "geokz" in html  # boundary attribution


def test_map_filters_change_counts_and_map_data(anon_client, sample):
    everything = anon_client.get("/", params={"format": "json"}).json()
    launched = anon_client.get("/", params={"format": "json", "status": "launched"}).json()
    assert 0 < launched["total"] < everything["total"]
    assert launched["total"] == projects_total(anon_client, status="launched")
    assert launched["filters"] == {"status": ["launched"]}
    assert all(p["status"] == "launched" for p in launched["projects"])
    html = anon_client.get("/", params={"status": "launched"}).text
    assert f'<span id="count-projects">{launched["total"]}</span>' in html
    assert 'value="launched" checked' in html


def test_map_metric_colours_regions(anon_client, sample):
    html = anon_client.get("/", params={"metric": "jobs_planned"}).text
    payload = json.loads(html.split('<script type="application/json" id="map-data">')[1].split("</script>")[0])
    assert payload["metric"] == "jobs_planned" and len(payload["regions"]) == 20
    data = anon_client.get("/map.json").json()
    jobs = {r["kato"]: r["jobs_permanent_planned"] for r in data["regions"]}
    assert {k: v["value"] for k, v in payload["regions"].items()} == {k: float(v) for k, v in jobs.items()}
    assert anon_client.get("/map.json", params={"metric": "nonsense"}).json()["metric"] == "investment_planned"


def test_clusters_count_every_project_once(anon_client, sample):
    for zoom in (3, 5, 8, 12):
        body = anon_client.get("/api/v1/geo/clusters", params={"zoom": zoom}).json()
        assert body["total"] == sample["projects"]
        assert sum(sum(c[4]) for c in body["clusters"]) == sample["projects"]
    coarse = anon_client.get("/api/v1/geo/clusters", params={"zoom": 3}).json()
    fine = anon_client.get("/api/v1/geo/clusters", params={"zoom": 12}).json()
    assert len(coarse["clusters"]) < len(fine["clusters"])
    single = next(c for c in fine["clusters"] if c[2] == 1)
    assert isinstance(single[3], int)
    named = anon_client.get("/api/v1/geo/clusters", params={"zoom": 12, "lang": "en"}).json()
    assert any(len(c) == 6 and c[5] for c in named["clusters"])
    filtered = anon_client.get("/api/v1/geo/clusters", params={"zoom": 5, "status": "launched"}).json()
    assert filtered["total"] == projects_total(anon_client, status="launched")
    # a box around Karaganda region only
    box = anon_client.get("/api/v1/geo/clusters", params={"zoom": 5, "bbox": "66,45,80,51"}).json()
    assert 0 < box["total"] < sample["projects"]
    bad = anon_client.get("/api/v1/geo/clusters", params={"bbox": "1,2,x"})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_projects_page_filters_sorts_and_pages(anon_client, sample):
    page = anon_client.get("/projects", params={"limit": 10})
    assert page.status_code == 200
    data = anon_client.get("/projects.json", params={"limit": 10}).json()
    assert data["total"] == sample["projects"] and len(data["items"]) == 10 and data["next"]
    assert set(data["facets"]) >= {"status", "region", "sector", "programme"}
    assert f'/projects?limit=10&amp;cursor={data["next"]}' in page.text
    second = anon_client.get("/projects.json", params={"limit": 10, "cursor": data["next"]}).json()
    assert not {p["id"] for p in data["items"]} & {p["id"] for p in second["items"]}
    by_name = anon_client.get("/projects.json", params={"sort": "name", "limit": 1000}).json()["items"]
    assert [p["id"] for p in by_name] == [p["id"] for p in anon_client.get(
        "/api/v1/projects", params={"sort": "name", "limit": 1000}).json()["items"]]
    karaganda = anon_client.get("/projects.json", params={"region": "350000000"}).json()
    assert karaganda["total"] == projects_total(anon_client, region="350000000")
    assert all(p["region_kato"] == "350000000" for p in karaganda["items"])


def test_projects_text_search(anon_client, sample):
    found = anon_client.get("/projects.json", params={"q": "БелАЗ"}).json()
    assert found["total"] >= 1
    assert any("БелАЗ" in (p["name"]["ru"] or "") for p in found["items"])
    html = anon_client.get("/projects", params={"q": "zzzz-nothing"}).text
    assert "Бұл сүзгілерге сай жоба жоқ." in html


def test_downloads_of_the_selection(anon_client, sample):
    """The list's downloads are the export module's, with the page's filters and language."""
    expected = projects_total(anon_client, status="launched")
    moved = anon_client.get("/projects.csv", params={"status": "launched", "sort": "name", "lang": "en"},
                            follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == "/api/v1/export/projects.csv?status=launched&lang=en"
    response = anon_client.get("/projects.csv", params={"status": "launched"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == expected + 1
    geo = anon_client.get("/projects.geojson", params={"status": "launched"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == expected
    assert {f["properties"]["status"] for f in geo["features"]} == {"launched"}
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(anon_client.get("/projects.xlsx", params={"status": "launched"}).content))
    assert book.worksheets[0].max_row == expected + 1
    assert anon_client.get("/projects.pdf").status_code == 404


def test_project_page_in_three_languages(anon_client, client, sample):
    listed = anon_client.get("/api/v1/projects", params={"q": "БелАЗ"}).json()["items"][0]
    pid = listed["id"]
    kk = anon_client.get(f"/projects/{pid}")
    assert kk.status_code == 200 and listed["name"]["kk"] in kk.text
    assert "Іске қосылған" in kk.text  # status in Kazakh
    ru = anon_client.get(f"/projects/{pid}", params={"lang": "ru"})
    assert listed["name"]["ru"] in ru.text and "Запущен" in ru.text and '<html lang="ru">' in ru.text
    assert ru.cookies.get("orken_lang") == "ru"
    assert "Запущен" in anon_client.get(f"/projects/{pid}").text  # the cookie keeps the choice
    anon_client.cookies.clear()
    en = anon_client.get(f"/projects/{pid}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert listed["name"]["en"] in en.text and "Launched" in en.text
    body = anon_client.get(f"/projects/{pid}.json").json()
    assert body["project"]["id"] == pid and body["region"]["kato"] == "350000000"
    assert body["project"] == anon_client.get(f"/api/v1/projects/{pid}").json()  # the API's serializer
    assert body["history"] is None  # the public does not read the change log
    assert client.get(f"/projects/{pid}.json").json()["history"]  # an administrator does


def test_project_page_figures_are_formatted(client, sample):
    created = client.post("/api/v1/projects", json={
        "name": {"kk": "Сынақ зауыты", "ru": "Тестовый завод"}, "region_kato": "350000000", "status": "planned",
        "investment_planned": {"amount": "572912345678", "currency": "KZT"}, "jobs_permanent_planned": 1250,
        "launch_planned": "2026-11-22", "curator": "Internal curator",
    }).json()
    html = client.get(f"/projects/{created['id']}").text
    assert "572,9 млрд ₸" in html
    assert f"1{THIN}250" in html
    assert "22.11.2026" in html
    assert "Сынақ зауыты" in html and "Internal curator" in html
    assert "Тестовый завод" in client.get(f"/projects/{created['id']}?lang=en").text  # falls back to Russian


def test_public_pages_hide_internal_fields(anon_client, client, sample):
    created = client.post("/api/v1/projects", json={
        "name": {"ru": "Завод с куратором"}, "region_kato": "350000000", "curator": "Secret Curator"}).json()
    assert "Secret Curator" not in anon_client.get(f"/projects/{created['id']}").text
    assert "curator" not in anon_client.get(f"/projects/{created['id']}.json").json()["project"]


def test_missing_pages(anon_client, sample):
    html = anon_client.get("/projects/999999")
    assert html.status_code == 404 and "Табылмады" in html.text
    assert anon_client.get("/projects/999999.json").status_code == 404
    assert anon_client.get("/regions/351000000").status_code == 404  # a district, not a region
    assert anon_client.get("/zones/999999").status_code == 404


def test_zone_page_lists_participants(anon_client, client, sample):
    zone = client.post("/api/v1/zones", json={"name": {"ru": "СЭЗ Проверка"}, "kind": "sez", "region_kato": "350000000",
                                              "area_ha": "120.5", "infrastructure": [{"kind": "gas", "state": "available"}]}).json()
    client.post("/api/v1/projects", json={"name": {"ru": "Участник СЭЗ"}, "region_kato": "350000000",
                                          "zone_id": zone["id"], "status": "launched"})
    html = anon_client.get(f"/zones/{zone['id']}", params={"lang": "ru"}).text
    assert "СЭЗ Проверка" in html and "Участник СЭЗ" in html and "120,5 га" in html and "Газ" in html
    data = anon_client.get(f"/zones/{zone['id']}.json").json()
    assert data["total"] == 1 and data["participants"][0]["name"]["ru"] == "Участник СЭЗ"


def test_region_page_with_district_breakdown(anon_client, sample):
    data = anon_client.get("/regions/350000000.json").json()
    districts = anon_client.get("/api/v1/regions", params={"parent": "350000000"}).json()["items"]
    assert [d["kato"] for d in data["districts"]] == [d["kato"] for d in districts]
    total = projects_total(anon_client, region="350000000")
    assert data["total"] == total == sum(r["projects"] for r in data["by_status"])
    assert sum(d["projects"] for d in data["districts"]) == sum(
        r["projects"] for r in anon_client.get("/api/v1/stats", params={"group_by": "district", "region": "350000000"}).json()["items"]
        if r["key"])
    html = anon_client.get("/regions/350000000").text
    assert "<h1>Қарағанды</h1>" in html
    # the three charts of the registry, and one per indicator series of more than one period
    series = [s for s in data["indicators"] if len(s["points"]) > 1]
    assert series and html.count('class="chart-canvas"') == 3 + len(series)
    assert "@media print" not in html  # print rules live in the CSS
    assert 'id="h-statistics"' in html and 'id="reconciliation"' in html and data["reconciliation"]
    for row in data["reconciliation"]:  # the share is the registry's figure over the official one
        if row["official_kzt"]:
            assert abs(float(row["share"]) - float(row["registry_kzt"]) / float(row["official_kzt"])) < 1e-4
    assert 'id="region-map"' in html
    assert f'<dd id="count-total">{total}</dd>' in html


def test_dashboard(anon_client, sample):
    data = anon_client.get("/dashboard.json").json()
    assert len(data["by_region"]) == 20
    assert sum(r["projects"] for r in data["by_status"]) == sample["projects"]
    assert data["totals"]["projects"] == sample["projects"]
    html = anon_client.get("/dashboard", params={"lang": "en"}).text
    # five registry charts, and one per series of the reporting regions' sums over more than one period
    series = [s for s in data["regions_sum"] if len(s["points"]) > 1]
    assert html.count('class="chart-canvas"') == 5 + len(series) and html.count("<table") >= 5
    assert "Investment by region" in html and 'id="h-national"' in html
    for s in data["regions_sum"]:  # never presented as the country's figure: each point says how many regions
        assert all(2 <= p["regions"] <= 20 for p in s["points"])
    # estimates: not in the totals, shown apart only when asked
    assert data["estimates"] is None and 'id="show-estimates"' in html
    asked = anon_client.get("/dashboard.json", params={"estimates": "true"}).json()
    assert asked["totals"] == data["totals"] and asked["estimates"]["projects"] > 0
    assert 'id="estimate-totals"' in anon_client.get("/dashboard", params={"estimates": "true"}).text
    launched = anon_client.get("/dashboard.json", params={"status": "launched"}).json()
    assert launched["totals"]["projects"] == projects_total(anon_client, status="launched")


@pytest.mark.parametrize("path", ["/", "/projects", "/dashboard", "/regions/750000000"])
def test_pages_work_on_an_empty_registry(anon_client, path):
    assert anon_client.get(path).status_code == 200
    assert anon_client.get(path, params={"format": "json"}).status_code == 200


def test_static_files_and_gzip(anon_client):
    css = anon_client.get("/static/orken.css", headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200 and "@media print" in css.text
    geo = anon_client.get("/api/v1/geo/regions.geojson", headers={"Accept-Encoding": "gzip"})
    assert geo.headers.get("content-encoding") == "gzip"


def test_map_coloured_by_an_indicator(anon_client, sample):
    import json
    import re

    data = anon_client.get("/map.json", params={"metric": "indicator:industrial_output"}).json()
    chosen = data["indicator_map"]
    assert chosen and chosen["values"] and "industrial_output" in data["indicator_metrics"]
    assert all(v["year"] == chosen["year"] and v["months"] == chosen["months"] for v in chosen["values"].values())
    html = anon_client.get("/", params={"metric": "indicator:industrial_output", "lang": "ru"}).text
    assert 'value="indicator:industrial_output" selected' in html
    payload = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S).group(1))
    coloured = {k for k, r in payload["regions"].items() if r["value"]}
    assert coloured == set(chosen["values"]) and payload["field"] is None
    # an unknown indicator falls back to the default metric, as an unknown metric does
    assert anon_client.get("/map.json", params={"metric": "indicator:nonsense"}).json()["metric"] == "investment_planned"
