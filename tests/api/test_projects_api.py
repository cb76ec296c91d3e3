"""The project registry through the API, on SQLite and PostgreSQL alike."""

from decimal import Decimal


def test_create_and_read_a_full_project(client, make):
    investor = make.organisation(name={"ru": "ТОО «КазБелАЗ»", "en": "KazBelAZ"}, bin="040640000008")
    zone = make.zone(name={"ru": "СЭЗ «Сарыарка»"}, area_ha="506.9")
    project = make.project(
        name={"kk": "Карьерлік самосвалдар зауыты", "ru": "Завод карьерных самосвалов", "en": "Mining truck plant"},
        district_kato="351000000", zone_id=zone["id"], oked="29.10", programmes=["gpiir-2015-2019"],
        map_level="republican", project_type="new", status="under_construction", status_date="2016-01-10",
        investment_planned={"amount": "14500000000", "currency": "KZT", "date": "2016-01-01"},
        jobs_permanent_planned=300, launch_planned="2017-06-30",
        capacities=[{"product": {"ru": "самосвалы"}, "quantity": "500", "unit": "unit", "period": "year"}],
        phases=[{"seq": 1, "name": {"ru": "Сборка"}, "jobs_permanent": 150}],
        organisations=[{"organisation_id": investor["id"], "role": "investor"}],
        support=[{"kind": "investment_contract", "description": "преференции СЭЗ"}],
        sources=[{"kind": "news", "title": "Статья", "quote": "500 самосвалов в год"}],
    )
    got = client.get(f"/api/v1/projects/{project['id']}").json()
    assert got["region_kato"] == "350000000"  # derived from the district
    assert got["sector"] == "C" and got["oked"] == "29.10"
    assert got["investment_planned"]["kzt"] == "14500000000.00"
    assert got["year"] == 2017
    assert got["capacities"][0] == {"product": {"kk": None, "ru": "самосвалы", "en": None}, "quantity": "500",
                                    "unit": "unit", "period": "year", "phase": None}
    assert got["organisations"][0]["name"]["en"] == "KazBelAZ"
    assert got["status_history"] == [{"status": "under_construction", "date": "2016-01-10", "note": None}]
    assert got["sources"][0]["quote"] == "500 самосвалов в год"
    zone_page = client.get(f"/api/v1/zones/{zone['id']}").json()
    assert [p["id"] for p in zone_page["participants"]] == [project["id"]]


def test_bad_input_is_a_problem_with_fields_and_writes_nothing(client, make):
    before = client.get("/api/v1/projects").json()["total"]
    response = client.post("/api/v1/projects", json={
        "name": {"ru": "X"}, "district_kato": "351000000", "region_kato": "550000000",
        "oked": "99.99", "programmes": ["no-such-programme"],
    })
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"programmes.0"} <= fields
    response = client.post("/api/v1/projects", json={"name": {}, "region_kato": "350000000"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith("name")
    response = client.post("/api/v1/projects", json={"name": {"ru": "X"}, "district_kato": "351000000",
                                                     "region_kato": "550000000"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "district_kato"
    assert client.get("/api/v1/projects").json()["total"] == before


def test_status_lifecycle_and_history(client, make):
    p = make.project(status="planned")
    ok = client.patch(f"/api/v1/projects/{p['id']}", json={"status": "under_construction", "status_date": "2020-05-01"})
    assert ok.status_code == 200 and ok.json()["status"] == "under_construction"
    bad = client.patch(f"/api/v1/projects/{p['id']}", json={"status": "planned"})
    assert bad.status_code == 422
    assert "cannot go from 'under_construction' to 'planned'" in bad.json()["detail"]
    statuses = [s["status"] for s in client.get(f"/api/v1/projects/{p['id']}").json()["status_history"]]
    assert statuses == ["planned", "under_construction"]


def test_stale_version_gets_409_and_nothing_is_overwritten(client, make):
    p = make.project(jobs_permanent_planned=10)
    first = client.patch(f"/api/v1/projects/{p['id']}", json={"jobs_permanent_planned": 20, "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(f"/api/v1/projects/{p['id']}", json={"jobs_permanent_planned": 30, "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["jobs_permanent_planned"] == 20
    assert client.get(f"/api/v1/projects/{p['id']}").json()["jobs_permanent_planned"] == 20


def test_every_write_is_in_the_change_log(client, make):
    p = make.project(name={"ru": "Цементный завод"}, jobs_permanent_planned=100)
    client.patch(f"/api/v1/projects/{p['id']}", json={"jobs_permanent_planned": 120})
    history = client.get(f"/api/v1/projects/{p['id']}/history").json()["items"]
    assert [h["action"] for h in history] == ["update", "create"]
    assert history[0]["changes"]["jobs_permanent_planned"] == {"before": 100, "after": 120}
    assert history[0]["actor"] == "user:admin"  # the signed-in user of the `client` fixture
    assert client.delete(f"/api/v1/projects/{p['id']}").status_code == 204
    assert client.get(f"/api/v1/projects/{p['id']}").status_code == 404
    deleted = client.get("/api/v1/changes", params={"object_type": "project"}).json()["items"][0]
    assert deleted["action"] == "delete" and deleted["object"] == "Цементный завод"


def test_filters_facets_and_text_search_in_three_languages(client, make):
    a = make.project(name={"kk": "Көмір байыту фабрикасы", "ru": "Углеобогатительная фабрика"},
                     district_kato="352200000", oked="05", status="launched", launch_actual="2015-12-01",
                     programmes=["gpiir-2015-2019"], map_level="regional")
    b = make.project(name={"ru": "Ферросплавный завод", "en": "Ferroalloy plant"}, region_kato="550000000",
                     oked="24", status="planned", launch_planned="2027-01-01", map_level="republican")
    c = make.project(name={"ru": "Молочный завод"}, region_kato="350000000", oked="10", status="planned",
                     launch_planned="2026-03-01")

    def ids(**params):
        return {p["id"] for p in client.get("/api/v1/projects", params=params).json()["items"]}

    assert ids(region="350000000") == {a["id"], c["id"]}  # a region includes its districts
    assert ids(region="352200000") == {a["id"]}
    assert ids(sector="C") == {b["id"], c["id"]}  # a section includes its divisions
    assert ids(sector="B") == {a["id"]}
    assert ids(status="planned") == {b["id"], c["id"]}
    assert ids(status="planned,launched") == {a["id"], b["id"], c["id"]}
    assert ids(programme="gpiir-2015-2019") == {a["id"]}
    assert ids(map_level="republican") == {b["id"]}
    assert ids(year_from=2026, year_to=2026) == {c["id"]}
    assert ids(q="КӨМІР") == {a["id"]}  # Kazakh, case-insensitive
    assert ids(q="ферросплав") == {b["id"]}
    assert ids(q="plant") == {b["id"]}
    assert ids(q="50%_") == set()

    body = client.get("/api/v1/projects", params={"facets": "status,region,sector", "region": "350000000"}).json()
    assert body["total"] == 2
    status = {f["value"]: f["count"] for f in body["facets"]["status"]}
    assert status == {"launched": 1, "planned": 1}
    region = body["facets"]["region"][0]
    assert region["value"] == "350000000" and region["count"] == 2 and region["label"]["kk"] == "Қарағанды"
    assert client.get("/api/v1/projects", params={"facets": "nonsense"}).status_code == 422


def test_keyset_pagination_visits_every_project_once(client, make):
    amounts = [None, "5", "5", "100", None, "7.5", "1000000000000"]
    created = {make.project(name={"ru": f"П{i}"},
                            investment_planned={"amount": a} if a else None)["id"] for i, a in enumerate(amounts)}
    for sort in ("id", "-investment", "investment", "name", "-year"):
        seen, cursor = [], None
        while True:
            params = {"limit": 2, "sort": sort, **({"cursor": cursor} if cursor else {})}
            body = client.get("/api/v1/projects", params=params).json()
            assert body["total"] == len(amounts)
            seen += [p["id"] for p in body["items"]]
            cursor = body["next"]
            if not cursor:
                break
        assert sorted(seen) == sorted(created), sort
        if sort == "-investment":
            values = [Decimal(client.get(f"/api/v1/projects/{i}").json()["investment_planned_kzt"] or -1) for i in seen]
            assert values == sorted(values, reverse=True)
    assert client.get("/api/v1/projects", params={"cursor": "garbage!"}).status_code == 422
    assert client.get("/api/v1/projects", params={"sort": "colour"}).status_code == 422


def test_stats_sum_exactly_and_leave_out_amounts_without_a_rate(client, make):
    make.project(region_kato="350000000", investment_planned={"amount": "0.10"}, jobs_permanent_planned=5,
                 status="planned")
    make.project(region_kato="350000000", investment_planned={"amount": "0.20"}, jobs_permanent_planned=7,
                 status="planned")
    make.project(region_kato="550000000", investment_planned={"amount": "100", "currency": "USD", "date": "1999-01-04"},
                 status="planned")
    rows = {r["key"]: r for r in client.get("/api/v1/stats", params={"group_by": "region"}).json()["items"]}
    assert rows["350000000"]["investment_planned_kzt"] == "0.30"  # exact, no float drift
    assert rows["350000000"]["jobs_permanent_planned"] == 12 and rows["350000000"]["projects"] == 2
    assert rows["550000000"]["investment_planned_kzt"] == "0.00"
    assert rows["550000000"]["investment_unconverted"] == 1
    by_status = client.get("/api/v1/stats", params={"group_by": "status", "region": "350000000"}).json()["items"]
    assert by_status == [{**by_status[0], "key": "planned", "projects": 2}]
    assert client.get("/api/v1/stats", params={"group_by": "colour"}).status_code == 422


def test_foreign_currency_converts_once_the_rate_is_imported(client, make, session):
    from datetime import date

    from orken.db.models import ExchangeRate
    from orken.reference.loader import import_rates

    p = make.project(investment_planned={"amount": "1000", "currency": "USD", "date": "1999-01-05"})
    assert p["investment_planned"]["kzt"] is None and p["investment_planned"]["kzt_missing_rate"]
    foreign = client.post("/api/v1/projects", json={"name": {"ru": "X"}, "region_kato": "350000000",
                                                    "investment_planned": {"amount": "1", "currency": "EUR"}})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "investment_planned.date"
    import_rates(session, [ExchangeRate(date=date(1999, 1, 5), currency="USD", rate_kzt=Decimal("83.8"),
                                        source="test fixture, not a real rate")])
    session.commit()
    assert client.get(f"/api/v1/projects/{p['id']}").json()["investment_planned"]["kzt"] == "83800.00"


def test_projects_geojson_places_projects_without_coordinates_at_their_district(client, make):
    make.project(name={"ru": "A"}, lat=49.8, lon=73.1)
    make.project(name={"ru": "B"}, district_kato="352200000")
    features = client.get("/api/v1/geo/projects.geojson").json()["features"]
    by_name = {f["properties"]["name_ru"]: f for f in features}
    assert by_name["A"]["geometry"]["coordinates"] == [73.1, 49.8] and not by_name["A"]["properties"]["approximate"]
    assert by_name["B"]["properties"]["approximate"]
    assert client.get("/api/v1/geo/projects.geojson", params={"q": "a"}).json()["features"][0]["properties"]["name_ru"] == "A"
