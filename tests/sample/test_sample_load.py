"""The sample dataset loads into the registry through the services, on both engines."""

from decimal import Decimal

from orken.db.models import AnnualRate, ExchangeRate, Project
from orken.sample import loader, real


def test_sample_loads_once_and_is_marked(session, client):
    counts = loader.load(session)
    session.commit()
    records = real.read_jsonl("projects.jsonl")
    assert counts["projects"] >= len(records) - counts.get("records_not_loaded", 0) and counts["zones"] >= 8
    body = client.get("/api/v1/projects", params={"facets": "region", "limit": 1}).json()
    assert body["total"] == counts["projects"]
    assert len(body["facets"]["region"]) == 20  # every first-level unit has projects
    assert client.get("/api/v1/projects", params={"sample": "false"}).json()["total"] == 0
    kazbelaz = client.get("/api/v1/projects", params={"q": "белаз"}).json()["items"]
    assert kazbelaz and kazbelaz[0]["region_kato"] == "350000000"
    detail = client.get(f"/api/v1/projects/{kazbelaz[0]['id']}").json()
    assert detail["sources"] and all(s["title"] or s["quote"] for s in detail["sources"])
    assert client.get("/api/v1/zones").json()["total"] == counts["zones"]
    # the historical enterprises of the seed article are not among today's projects
    assert not client.get("/api/v1/projects", params={"q": "Балқаш мыс"}).json()["total"]
    assert counts["indicator_values"] > 100
    # loading again adds nothing
    again = loader.load(session)
    assert (again["organisations"], again["zones"], again["projects"]) == (0, 0, 0)
    assert "indicator_values" not in again


def test_real_records_keep_their_figures_as_reported(session, client):
    loader.load(session)
    session.commit()
    records = {real.external_id("real", r["region"], r.get("name_ru") or r.get("name_en") or r.get("name_kk")): r
               for r in real.read_jsonl("projects.jsonl")}
    rows = {p.external_id: p for p in session.query(Project).filter(Project.external_id.like("real-%"))}
    assert len(rows) >= 360
    with_url = sum(1 for p in rows.values() if any(s.url for s in p.sources))
    assert with_url == len(rows)  # every real record cites at least one page
    for ext, p in rows.items():
        r = records[ext]
        inv = r.get("investment") or {}
        dated = inv.get("currency") == "KZT" or inv.get("as_of") or r.get("status_as_of")
        if not dated:
            inv = {}  # a foreign amount with no date at all is kept in the note, not in the figures
        if inv.get("kind") == "planned":
            assert p.investment_planned == Decimal(str(inv["amount"])) and p.investment_planned_currency == inv["currency"]
            assert p.investment_actual is None
        elif inv.get("kind") == "actual":
            assert p.investment_actual == Decimal(str(inv["amount"]))
        else:
            assert p.investment_planned is None and p.investment_actual is None  # empty stays empty
        reported = (p.jobs_permanent_planned, p.jobs_permanent_actual)
        assert r.get("jobs_permanent") in reported and (r.get("jobs_permanent") is None or None in reported)
        if r.get("jobs_permanent") is None:
            assert reported == (None, None)
        # a year or a month as reported, and the first day of that period with its precision
        assert (p.launch_planned, p.launch_planned_precision) == real.launch_date(r.get("launch_planned"))
        assert (p.launch_actual, p.launch_actual_precision) == real.launch_date(r.get("launch_actual"))
        assert p.launch_planned_text == (real.partial_date(r.get("launch_planned")) or None)
        assert p.launch_actual_text == (r.get("launch_actual") or None)
        assert p.location_precision in {"settlement", "district", "region"}
        assert len(p.sources) == len({s["url"] for s in r["sources"] if s.get("url")})
        # foreign currency keeps its currency; a KZT equivalent only through a sourced rate: the day's,
        # else the annual average of the year the figure is as of
        if inv.get("kind") in ("planned", "actual"):
            assert p.investment_as_of == real.partial_date(inv.get("as_of") or r.get("status_as_of"))
        kzt = p.investment_planned_kzt if p.investment_planned is not None else p.investment_actual_kzt
        if inv.get("currency") not in (None, "KZT") and kzt is not None:
            on = real.full_date(p.investment_as_of)
            rate = (session.get(ExchangeRate, (on, inv["currency"])) if on else None) or session.get(
                AnnualRate, (int(p.investment_as_of[:4]), inv["currency"]))
            assert rate is not None and kzt == (Decimal(str(inv["amount"])) * rate.rate_kzt).quantize(Decimal("0.01"))
    # organisations are de-duplicated: a company named on several records is one organisation
    kmg = client.get("/api/v1/organisations", params={"q": "kazmunaygas"}).json()
    assert kmg["total"] == 1
    detail = client.get("/api/v1/projects", params={"q": "EkibastuzFerroAlloys"}).json()["items"][0]
    full = client.get(f"/api/v1/projects/{detail['id']}").json()
    assert full["location_precision"] == "settlement" and full["district_kato"] == "552200000"
    assert full["status_as_of"] == "2024-01-03" and full["investment_as_of"] == "2024-01-03"
    assert full["investment_planned"]["amount"] == "92200000000.00"
    assert {s["lang"] for s in full["sources"]} == {"ru", "en", "kk"}
    # a settlement below the district level, through the KATO classifier
    farm = client.get("/api/v1/projects", params={"q": "Karaganda-Osetr"}).json()["items"][0]
    farm = client.get(f"/api/v1/projects/{farm['id']}").json()
    assert (farm["location_precision"], farm["district_kato"], farm["region_kato"], farm["settlement"]) == (
        "settlement", "354000000", "350000000", "Ushtobe")
    roles = {(o["role"]) for o in full["organisations"]}
    assert roles == {"operator", "contractor"}
