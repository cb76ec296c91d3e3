"""The zones catalogue's filters and the site matcher over the API, the pages' JSON and the CLI (both engines)."""

import json

import pytest
from typer.testing import CliRunner

from orken.cli import app

runner = CliRunner()


@pytest.fixture
def zones(make):
    gas_rail = make.zone(name={"ru": "ИЗ Газ и рельсы", "en": "Gas Rail IZ"}, kind="industrial_zone",
                         region_kato="310000000", area_ha="185.3", free_area_ha="91", specialisation=["chemicals"],
                         specialisation_oked=["20"], participants_count=15,
                         infrastructure=[{"kind": "gas", "state": "available"}, {"kind": "rail", "state": "available"},
                                         {"kind": "power", "state": "available", "capacity_mw": "40"}])
    planned = make.zone(name={"ru": "СЭЗ Будущий газ", "en": "Future Gas SEZ"}, kind="sez", region_kato="310000000",
                        area_ha="500", free_area_ha="300", incentives=["customs"], valid_until_year=2042,
                        infrastructure=[{"kind": "gas", "state": "planned", "year": 2027},
                                        {"kind": "rail", "state": "available"}])
    bare = make.zone(name={"ru": "ИП Пустой", "en": "Bare Park"}, kind="industrial_park", region_kato="550000000")
    return gas_rail, planned, bare


def ids(body):
    return [z["id"] for z in body["items"]]


def test_api_filters_of_the_catalogue(client, zones):
    gas_rail, planned, bare = zones
    assert gas_rail["infrastructure"][2]["capacity_mw"] == "40" and planned["valid_until_year"] == 2042
    get = lambda **p: client.get("/api/v1/zones", params=p)  # noqa: E731
    assert ids(get(has="gas,rail").json()) == [gas_rail["id"]]
    assert ids(get(has=["gas", "rail"]).json()) == [gas_rail["id"]]
    assert sorted(ids(get(has_planned="gas").json())) == sorted([gas_rail["id"], planned["id"]])
    assert ids(get(free_area="100").json()) == [planned["id"]]
    assert ids(get(free_area="10", sort="-free_area").json()) == [planned["id"], gas_rail["id"]]
    assert ids(get(power_mw="30").json()) == [gas_rail["id"]]
    assert ids(get(sector="C").json()) == [gas_rail["id"]]
    assert ids(get(incentive="vat").json()) == [planned["id"]]  # the SEZ regime gives it by law
    assert ids(get(kind="industrial_park").json()) == [bare["id"]]
    assert ids(get(region="550000000").json()) == [bare["id"]]
    assert ids(get(q="chemicals").json()) == [gas_rail["id"]]  # the specialisation is searched
    body = get(limit=2, sort="name").json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["next"] == "2"
    assert len(get(limit=2, sort="name", cursor=body["next"]).json()["items"]) == 1
    for bad in ({"has": "coal"}, {"incentive": "free_lunch"}, {"sector": "ZZ"}, {"sort": "colour"}, {"free_area": "-1"}):
        r = get(**bad)
        assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), bad
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/zones/match" in spec["paths"]
    assert "ZoneList" in spec["components"]["schemas"] and "MatchList" in spec["components"]["schemas"]


def test_api_matcher_ranks_with_reasons(client, zones):
    gas_rail, planned, bare = zones
    body = client.get("/api/v1/zones/match", params={"need": "gas,rail", "land": "50", "sector": "20"}).json()
    assert ids({"items": [m["zone"] for m in body["items"]]}) == [gas_rail["id"], planned["id"], bare["id"]]
    first, second, last = body["items"]
    assert first["score"] == "100.0" and first["missing"] == []
    gas = next(r for r in second["missing"] if r["need"] == "gas")
    assert (gas["verdict"], gas["state"], gas["year"]) == ("partial", "planned", 2027)
    assert {r["verdict"] for r in last["missing"]} == {"unknown"}
    in_region = client.get("/api/v1/zones/match", params={"need": "gas", "region": "550000000"}).json()
    assert [m["zone"]["id"] for m in in_region["items"]] == [bare["id"]]
    assert client.get("/api/v1/zones/match", params={"need": "teleport"}).status_code == 422
    # the shareable page answers the same ranking, with the reasons in words
    page = client.get("/zones/match.json", params={"need": "gas,rail", "land": "50", "lang": "ru"}).json()
    assert [m["zone"]["id"] for m in page["items"]][:2] == [gas_rail["id"], planned["id"]]
    texts = [r["text"] for r in page["items"][1]["missing"]]
    assert any("2027" in t for t in texts), texts
    html = client.get("/zones/match", params={"need": "gas,rail", "land": "50", "lang": "ru"}).text
    assert "2027" in html and "ИЗ Газ и рельсы" in html


def test_catalogue_page_json_twin_and_export(client, zones):
    gas_rail, planned, _ = zones
    body = client.get("/zones", params={"has": "gas,rail", "format": "json"}).json()
    assert ids(body) == [gas_rail["id"]] and body["filters"]["has"] == ["gas", "rail"]
    assert body["points"] and body["points"][0]["approximate"] is True  # at its region's centre
    html = client.get("/zones", params={"free_area": "100", "lang": "kk"}).text
    assert "СЭЗ Будущий газ" in html and "ИЗ Газ и рельсы" not in html
    csv = client.get("/zones.csv", params={"kind": "sez", "lang": "en"})
    assert csv.status_code == 200 and "Future Gas SEZ" in csv.text and "Gas Rail IZ" not in csv.text
    xlsx = client.get("/zones.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/zones.pdf").status_code == 404


def test_export_neutralises_formulas(client, make):
    make.zone(name={"ru": "=HYPERLINK(\"http://x\")"}, kind="sez", region_kato="310000000")
    text = client.get("/zones.csv").text
    assert "'=HYPERLINK" in text


def test_cli_filters_and_matcher_mirror_the_api(client, zones, engine, monkeypatch):
    gas_rail, planned, _ = zones
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args, ok=True):
        result = runner.invoke(app, list(args))
        if ok:
            assert result.exit_code == 0, result.output
        return result

    listed = json.loads(run("zones", "list", "--has", "gas,rail", "--json").stdout)
    assert listed == client.get("/api/v1/zones", params={"has": "gas,rail"}).json()
    assert ids(json.loads(run("zones", "list", "--free-area", "100", "--json").stdout)) == [planned["id"]]
    assert ids(json.loads(run("zones", "list", "--has", "rail", "--sort", "-free_area", "--json").stdout)) == \
        [planned["id"], gas_rail["id"]]
    assert "ИЗ Газ и рельсы" in run("zones", "list", "--incentive", "iz_regime").stdout
    matched = json.loads(run("zones", "match", "--need", "gas,rail", "--land", "50", "--json").stdout)
    assert [m["zone"]["id"] for m in matched["items"]][:2] == [gas_rail["id"], planned["id"]]
    bad = run("zones", "list", "--has", "coal", ok=False)
    assert bad.exit_code == 1 and "unknown infrastructure coal" in bad.output


def test_zone_kpis_targets_beside_facts(client, make, session):
    from datetime import date

    from orken.monitoring.models import Report

    zone = make.zone(name={"ru": "СЭЗ KPI"}, targets=[{"year": 2025, "investment_kzt": "1000000", "participants": 4,
                                                      "jobs": 200, "output_kzt": "800000",
                                                      "local_content_percent": "30"}])
    a = make.project(name={"ru": "Завод А"}, zone_id=zone["id"], status="launched", launch_actual="2024-05-01")
    b = make.project(name={"ru": "Завод Б"}, zone_id=zone["id"], status="launched", launch_actual="2025-03-01")
    make.project(name={"ru": "Завод В"}, zone_id=zone["id"], status="planned", launch_planned="2027-01-01")

    def report(pid, quarter, invest, jobs, public=True, state="approved"):
        session.add(Report(project_id=pid, year=2025, quarter=quarter, due=date(2025, 12, 31), state=state,
                           current=True, is_public=public, investment_period_kzt=invest, jobs_permanent=jobs,
                           output_value_kzt=invest * 2))

    report(a["id"], 1, 100000, 50)
    report(a["id"], 2, 150000, 60)  # the latest quarter's jobs count
    report(b["id"], 2, 50000, 40)
    report(b["id"], 3, 999999, 999, public=False)  # not published: not counted
    report(b["id"], 4, 999999, 999, state="submitted")  # not approved: not counted
    session.commit()
    body = client.get(f"/api/v1/zones/{zone['id']}").json()
    assert body["targets"][0]["participants"] == 4
    [line] = body["kpis"]
    assert line["year"] == 2025
    assert line["investment"] == {"target": "1000000", "fact": "300000", "percent": "30.0"}
    assert line["jobs"] == {"target": 200, "fact": 100, "percent": "50.0"}
    assert line["participants"] == {"target": 4, "fact": 2, "percent": "50.0"}
    assert line["output"] == {"target": "800000", "fact": "600000", "percent": "75.0"}
    assert line["local_content"] == {"target": "30", "fact": None, "percent": None}
    page = client.get(f"/zones/{zone['id']}", params={"lang": "ru"}).text
    assert "50.0%" in page and "30.0%" in page
    twice = client.patch(f"/api/v1/zones/{zone['id']}", json={"targets": [{"year": 2025}, {"year": 2025}]})
    assert twice.status_code == 422


def test_a_zone_found_by_another_form_of_its_name(session, make):
    from orken.registry import zones as catalogue

    pavlodar = make.zone(name={"en": "Pavlodar SEZ", "ru": "СЭЗ «Павлодар»"}, region_kato="550000000")
    city = make.zone(name={"en": "Kyzylorda City Industrial Zone"}, kind="industrial_zone", region_kato="430000000")
    make.zone(name={"en": "Proposed small industrial zone for garment production, Kyzylorda region"},
              kind="small_industrial_zone", region_kato="430000000")
    make.zone(name={"en": "Industrial zone No 8 (Aktau)"}, kind="industrial_zone", region_kato="470000000")
    assert catalogue.find_by_name(session, "СЭЗ «Павлодар»").id == pavlodar["id"]  # exact, any language
    assert catalogue.find_by_name(session, "SEZ Pavlodar", "550000000").id == pavlodar["id"]
    assert catalogue.find_by_name(session, "SEZ Pavlodar", "430000000") is None  # another region
    assert catalogue.find_by_name(session, "Kyzylorda industrial zone", "430000000").id == city["id"]
    assert catalogue.find_by_name(session, "Aktau industrial zone", "470000000") is None
    assert catalogue.find_by_name(session, "  ") is None
