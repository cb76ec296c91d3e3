"""Plan-vs-fact sums over the reports a principal may read, in a narrowed scope (region, portfolio,
programme), with figures left empty (NULL) in some reports. Both engines."""

from __future__ import annotations

import pytest

from tests.monitoring.test_monitoring_api import approved

KAR, PAV = "350000000", "550000000"


@pytest.fixture
def world(client, client_for):
    def project(region, oked, **fields):
        r = client.post("/api/v1/projects", json={"name": {"ru": "П"}, "region_kato": region, "oked": oked,
                                                  "launch_planned": "2025-06-01", **fields})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    a = project(KAR, "24", programmes=["gpiir-2020-2025", "business-roadmap"])
    b = project(KAR, "10", programmes=["gpiir-2020-2025"])
    c = project(PAV, "24")
    curator = client_for("curator", region=KAR)
    admin_reviewer = client_for("administrator", username="reviewer")
    # a: 100 in Q1 (published), 50 in Q2 with no jobs figure; b: Q1 with no investment figure, 7 jobs;
    # c (Pavlodar): 30 in Q1, unpublished, and 20 in Q2, published
    approved(client, curator, a, 2025, 1, investment_period_kzt="100", jobs_permanent=10, is_public=True)
    approved(client, curator, a, 2025, 2, investment_period_kzt="50")
    approved(client, curator, b, 2025, 1, jobs_permanent=7)
    approved(client, admin_reviewer, c, 2025, 1, investment_period_kzt="30", jobs_permanent=3)
    approved(client, admin_reviewer, c, 2025, 2, investment_period_kzt="20", jobs_permanent=4, is_public=True)
    return client, curator, (a, b, c)


def fact(client, **params) -> dict:
    response = client.get("/api/v1/plan-fact", params={"year": 2025, "on": "2026-01-15", **params})
    assert response.status_code == 200, response.text
    body = response.json()
    return {line["key"] if not isinstance(line["key"], dict) else tuple(line["key"].values()): line["fact"]
            for line in body["items"]} | {"total": body["total"]["fact"]}


def test_empty_figures_are_left_out_of_the_sums(world):
    admin, _, (a, b, c) = world
    by_project = fact(admin, group_by="project", scope=f"region:{KAR}")
    assert by_project[a]["investment_kzt"] == "150.00"
    assert by_project[a]["jobs_permanent"] == 0  # the latest quarter (Q2) gives no jobs figure
    assert by_project[b] == {"projects": 0, "investment_kzt": "0.00", "jobs_permanent": 7, "output_kzt": "0.00"}
    assert fact(admin, group_by="none")["total"]["investment_kzt"] == "200.00"


def test_a_scoped_reader_counts_their_scope_and_published_reports_elsewhere(world):
    admin, curator, (a, b, c) = world
    everything = fact(admin, group_by="region")
    assert everything[KAR]["investment_kzt"] == "150.00" and everything[PAV]["investment_kzt"] == "50.00"
    scoped = fact(curator, group_by="region")
    assert scoped[KAR]["investment_kzt"] == "150.00"  # all of Karaganda's approved reports
    assert scoped[PAV]["investment_kzt"] == "20.00"  # only Pavlodar's published one
    assert scoped[PAV]["jobs_permanent"] == 4
    # a narrowed scope counts only its projects' reports, in single groupings and in the cube
    kar = fact(admin, group_by="sector", scope=f"region:{KAR}")
    assert {k: v["investment_kzt"] for k, v in kar.items()} == {"C": "150.00", "total": "150.00"}
    cube = fact(curator, group_by="region,sector")
    assert cube[(KAR, "C")]["investment_kzt"] == "150.00" and cube[(PAV, "C")]["investment_kzt"] == "20.00"


def test_portfolio_and_programme_scopes(world):
    admin, _, (a, b, c) = world
    r = admin.post("/api/v1/portfolios", json={"name": {"ru": "Пул"}, "projects": [a, c]})
    assert r.status_code == 201, r.text
    pool = fact(admin, group_by="region", scope=f"portfolio:{r.json()['id']}")
    assert {k: v["investment_kzt"] for k, v in pool.items()} == {KAR: "150.00", PAV: "50.00", "total": "200.00"}
    assert pool[KAR]["jobs_permanent"] == 0 and pool[PAV]["jobs_permanent"] == 4
    # a project in two programmes counts in each of them
    by_programme = fact(admin, group_by="programme")
    assert by_programme["gpiir-2020-2025"]["investment_kzt"] == "150.00"
    assert by_programme["business-roadmap"]["investment_kzt"] == "150.00"
    assert by_programme["gpiir-2020-2025"]["jobs_permanent"] == 7
    roadmap = fact(admin, group_by="region", scope="programme:business-roadmap")
    assert {k: v["investment_kzt"] for k, v in roadmap.items()} == {KAR: "150.00", "total": "150.00"}
