"""Plan and fact over the same projects (issue 16): one approved Q3 report of a project with no plan
that year is fact without a plan, never divided by another project's plan (it gave 3571.4 % and a
total of 609.8 %). Pages, API and briefing show the one computation. Both engines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.monitoring.test_monitoring_api import approved

KAR = "350000000"


@pytest.fixture
def world(client, client_for):
    def project(**fields):
        r = client.post("/api/v1/projects", json={"name": {"ru": "П"}, "region_kato": KAR, "oked": "24", **fields})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    planned = project(launch_planned="2025-10-01", investment_planned={"amount": "350000000", "currency": "KZT"}, jobs_permanent_planned=40)
    unplanned = project(launch_planned="2027-06-01", investment_planned={"amount": "90000000000", "currency": "KZT"})
    reviewer = client_for("administrator", username="reviewer")
    approved(client, reviewer, unplanned, 2025, 3, investment_period_kzt="12500000000", jobs_permanent=120)
    return client, planned, unplanned


def body(client, **params):
    r = client.get("/api/v1/plan-fact", params={"year": 2025, "on": "2025-11-01", **params})
    assert r.status_code == 200, r.text
    return r.json()


def percents(line) -> list[Decimal]:
    return [Decimal(v) for v in line["progress"].values() if v is not None]


def test_fact_of_a_project_without_plan_is_not_measured_against_another_plan(world):
    client, planned, unplanned = world
    for group_by in ("region", "district", "sector", "project", "none"):
        b = body(client, group_by=group_by, scope=f"region:{KAR}")
        for line in b["items"] + [b["total"]]:
            assert all(p <= 100 for p in percents(line)), (group_by, line)
    total = body(client, group_by="region")["total"]
    assert total["plan"]["investment_kzt"] == "350000000.00"
    assert total["fact"]["investment_kzt"] == "12500000000.00"  # all of the fact is shown...
    assert total["fact_planned"]["investment_kzt"] == "0.00"  # ...but the planned project spent nothing
    assert total["fact_unplanned"]["investment_kzt"] == "12500000000.00"
    assert total["progress"]["investment"] == "0.0" and total["progress"]["jobs"] == "0.0"
    assert total["fact_unplanned"]["jobs_permanent"] == 120
    assert total["plan"]["output_kzt"] is None and total["progress"]["output"] is None  # no plan: no percentage
    by_project = {line["key"]: line for line in body(client, group_by="project", scope=f"region:{KAR}")["items"]}
    assert by_project[unplanned]["plan"]["investment_kzt"] is None
    assert by_project[unplanned]["progress"]["investment"] is None
    assert by_project[unplanned]["behind"] == []


def test_a_target_counts_the_whole_fact(world, client_for):
    client, planned, unplanned = world
    assert client.post("/api/v1/targets", json={"year": 2025, "kato": KAR,
                                                "investment_kzt": "25000000000"}).status_code == 201
    line = {x["key"]: x for x in body(client, group_by="region")["items"]}[KAR]
    assert line["plan_source"]["investment"] == "target"
    assert line["progress"]["investment"] == "50.0"  # 12.5 of 25 bn, every project's fact counts
    assert line["plan_source"]["jobs"] == "projects"
    assert line["progress"]["jobs"] == "0.0"  # jobs have no target: only the planned project's jobs count


def test_pages_and_briefing_show_no_such_percentages(world):
    client, planned, unplanned = world
    for path in ("/monitoring?year=2025&lang=ru", f"/monitoring/region/{KAR}?year=2025&lang=kk",
                 "/monitoring?year=2025&group_by=project&lang=ru"):
        text = client.get(path).text
        assert "3571" not in text and "609,8" not in text and "609.8" not in text, path


def test_the_briefing_uses_the_same_lines(world, engine):
    from datetime import date
    from orken.auth.guard import system_session
    from orken.io.briefing import gather
    from orken.io.briefing_pdf import group_percent

    with system_session(engine, "tests") as s:
        b = gather(s, KAR, "ru", today=date(2025, 11, 1))
    pf = b.planfact
    assert pf["total"]["progress"]["investment"] == "0.0"
    shown = [group_percent(line) for line in pf["items"]]
    assert all(p == "—" or Decimal(p) <= 100 for p in shown), shown
