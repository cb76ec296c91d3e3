"""Targets, reports and their workflow, plan-vs-fact and alerts through the API (both engines)."""

import pytest

KAR, PAV = "350000000", "550000000"


@pytest.fixture
def setup(client, client_for):
    def project(region, oked, **fields):
        r = client.post("/api/v1/projects", json={"name": {"ru": "П"}, "region_kato": region, "oked": oked, **fields})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    a = project(KAR, "24", launch_planned="2025-05-01", launch_actual="2025-06-01", status="launched",
                investment_planned={"amount": "1000"}, jobs_permanent_planned=100)
    b = project(KAR, "10", launch_planned="2025-09-01", investment_planned={"amount": "500"},
                jobs_permanent_planned=50, status="under_construction")
    c = project(PAV, "24", launch_planned="2026-03-01", investment_planned={"amount": "300"})
    curator = client_for("curator", region=KAR)
    investor = client_for("investor", project_id=a)
    return client, curator, investor, (a, b, c)


def approved(client, curator, pid, year, quarter, **figures):
    r = client.post("/api/v1/reports", json={"project_id": pid, "year": year, "quarter": quarter, **figures})
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert client.post(f"/api/v1/reports/{rid}/submit").status_code == 200
    assert curator.post(f"/api/v1/reports/{rid}/approve").status_code == 200
    return rid


def test_report_workflow(setup):
    admin, curator, investor, (a, b, c) = setup
    draft = investor.post("/api/v1/reports", json={"project_id": a, "year": 2025, "quarter": 1,
                                                   "investment_period_kzt": "100", "jobs_permanent": 10})
    assert draft.status_code == 201 and draft.json()["state"] == "draft" and draft.json()["due"] == "2025-04-20"
    rid = draft.json()["id"]
    assert investor.post("/api/v1/reports", json={"project_id": a, "year": 2025, "quarter": 1}).status_code == 409
    assert investor.post(f"/api/v1/reports/{rid}/approve").status_code == 403  # authors do not approve
    assert curator.post(f"/api/v1/reports/{rid}/approve").status_code == 409  # not submitted
    edited = investor.patch(f"/api/v1/reports/{rid}", json={"jobs_permanent": 12, "version": 1})
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = investor.patch(f"/api/v1/reports/{rid}", json={"jobs_permanent": 99, "version": 1})
    assert stale.status_code == 409 and stale.json()["current"]["jobs_permanent"] == 12
    assert investor.post(f"/api/v1/reports/{rid}/submit").json()["state"] == "submitted"
    assert investor.patch(f"/api/v1/reports/{rid}", json={"jobs_permanent": 1}).status_code == 409
    assert curator.post(f"/api/v1/reports/{rid}/return", json={}).status_code == 422  # a comment is required
    back = curator.post(f"/api/v1/reports/{rid}/return", json={"comment": "jobs do not match the payroll"})
    assert back.json()["state"] == "returned" and back.json()["review_comment"] == "jobs do not match the payroll"
    investor.post(f"/api/v1/reports/{rid}/submit")
    ok = curator.post(f"/api/v1/reports/{rid}/approve")
    assert ok.json()["state"] == "approved" and ok.json()["current"] and ok.json()["reviewed_by"].startswith("user:")
    # approved is immutable; a correction is a new revision that replaces it once approved
    assert investor.patch(f"/api/v1/reports/{rid}", json={"jobs_permanent": 13}).status_code == 409
    fix = investor.post(f"/api/v1/reports/{rid}/correct")
    assert fix.status_code == 201 and fix.json()["revision"] == 2 and fix.json()["jobs_permanent"] == 12
    fid = fix.json()["id"]
    investor.patch(f"/api/v1/reports/{fid}", json={"jobs_permanent": 13})
    investor.post(f"/api/v1/reports/{fid}/submit")
    curator.post(f"/api/v1/reports/{fid}/approve")
    assert admin.get(f"/api/v1/reports/{rid}").json()["current"] is False
    assert admin.get(f"/api/v1/reports/{rid}").json()["jobs_permanent"] == 12  # untouched
    assert admin.get(f"/api/v1/reports/{fid}").json()["current"] is True
    changes = admin.get("/api/v1/changes", params={"object_type": "report"}).json()["items"]
    assert {c["actor"] for c in changes} == {"user:investor-2", "user:curator-1"}


def test_plan_fact_against_hand_computed_figures(setup):
    admin, curator, _, (a, b, c) = setup
    # facts: a reports 100 + 150 spent (Q1, Q2) and 40 then 60 jobs; b reports 70 in Q2 with 5 jobs;
    # a's Q2 is then corrected to 200 spent and 80 jobs. c (Pavlodar) reports 30 in Q1.
    approved(admin, curator, a, 2025, 1, investment_period_kzt="100", jobs_permanent=40, output_value_kzt="10.50")
    q2 = approved(admin, curator, a, 2025, 2, investment_period_kzt="150", jobs_permanent=60)
    approved(admin, curator, b, 2025, 2, investment_period_kzt="70", jobs_permanent=5)
    approved(admin, admin, c, 2025, 1, investment_period_kzt="30", jobs_permanent=3)
    fix = admin.post(f"/api/v1/reports/{q2}/correct").json()["id"]
    admin.patch(f"/api/v1/reports/{fix}", json={"investment_period_kzt": "200", "jobs_permanent": 80})
    admin.post(f"/api/v1/reports/{fix}/submit")
    curator.post(f"/api/v1/reports/{fix}/approve")
    # targets: Karaganda 2 launches and 600 tenge; the country 5 launches
    assert admin.post("/api/v1/targets", json={"year": 2025, "kato": KAR, "projects_launched": 2,
                                               "investment_kzt": "600"}).status_code == 201
    assert admin.post("/api/v1/targets", json={"year": 2025, "projects_launched": 5}).status_code == 201

    body = admin.get("/api/v1/plan-fact", params={"year": 2025, "group_by": "region", "on": "2026-01-15"}).json()
    kar = next(line for line in body["items"] if line["key"] == KAR)
    assert kar["target"]["projects"] == 2 and kar["target"]["investment_kzt"] == "600.00"
    assert kar["planned"] == {"projects": 2, "investment_kzt": "1500.00", "jobs_permanent": 150, "output_kzt": "0.00"}
    # fact: 100 + 200 (the correction, not 150) + 70 = 370; jobs: a's latest 80 + b's 5 = 85; a launched in 2025
    assert kar["fact"] == {"projects": 1, "investment_kzt": "370.00", "jobs_permanent": 85, "output_kzt": "10.50"}
    assert kar["progress"] == {"projects": "50.0", "investment": "61.7", "jobs": "56.7", "output": None}
    assert kar["behind"] == ["projects", "investment", "jobs"]  # the year is over: expected 100 %, threshold 10
    assert kar["drill"] == {"scope": f"region:{KAR}", "group_by": "district"}
    assert body["total"]["fact"]["investment_kzt"] == "400.00"  # + Pavlodar's 30
    assert body["total"]["target"]["projects"] == 5 and body["total"]["progress"]["projects"] == "20.0"
    # the first half only: a's Q2 correction and b's Q2 count, so the same; Q1 alone: 100 and 40 jobs
    q1 = admin.get("/api/v1/plan-fact", params={"year": 2025, "quarter": 1, "scope": f"region:{KAR}",
                                                "group_by": "none"}).json()["total"]
    assert q1["fact"] == {"projects": 0, "investment_kzt": "100.00", "jobs_permanent": 40, "output_kzt": "10.50"}
    # drill down: Karaganda by sector, then to its projects
    by_sector = admin.get("/api/v1/plan-fact", params={"year": 2025, "scope": f"region:{KAR}",
                                                       "group_by": "sector"}).json()["items"]
    assert {line["key"]: line["fact"]["investment_kzt"] for line in by_sector} == {"C": "370.00"}
    projects = admin.get("/api/v1/plan-fact", params={"year": 2025, "scope": f"region:{KAR},sector:24",
                                                      "group_by": "project"}).json()["items"]
    assert [(line["key"], line["fact"]["investment_kzt"]) for line in projects] == [(a, "300.00")]
    assert admin.get("/api/v1/plan-fact", params={"year": 2025, "scope": "colour:red"}).status_code == 422


def test_alerts_for_a_scope(setup):
    admin, curator, _, (a, b, c) = setup
    got = admin.get("/api/v1/alerts", params={"on": "2025-10-25", "region": KAR}).json()["items"]
    kinds = sorted((x["project_id"], x["kind"]) for x in got)
    # b: planned launch 2025-09-01 passed, Q3 report (due 10-20) missing; a: launched, Q3 report missing
    assert kinds == [(a, "report_overdue"), (b, "launch_slipped"), (b, "report_overdue")]
    assert curator.get("/api/v1/alerts", params={"on": "2025-10-25", "kind": "launch_slipped"}).json()["total"] == 1


def test_targets_are_versioned(setup):
    admin, *_ = setup
    t = admin.post("/api/v1/targets", json={"year": 2026, "kato": KAR, "jobs_permanent": 500}).json()
    assert admin.post("/api/v1/targets", json={"year": 2026, "kato": KAR, "jobs_permanent": 1}).status_code == 422
    assert admin.patch(f"/api/v1/targets/{t['id']}", json={"jobs_permanent": 600, "version": 1}).status_code == 200
    stale = admin.patch(f"/api/v1/targets/{t['id']}", json={"jobs_permanent": 700, "version": 1})
    assert stale.status_code == 409 and stale.json()["current"]["jobs_permanent"] == 600
    assert admin.get("/api/v1/targets", params={"year": 2026}).json()["items"][0]["jobs_permanent"] == 600


def test_plan_fact_cube_region_by_sector(setup):
    admin, curator, _, (a, b, c) = setup
    approved(admin, curator, a, 2025, 1, investment_period_kzt="100", jobs_permanent=40)
    approved(admin, curator, b, 2025, 2, investment_period_kzt="70", jobs_permanent=5)
    body = admin.get("/api/v1/plan-fact", params={"year": 2025, "group_by": "region,sector"}).json()
    got = {(x["key"]["region"], x["key"]["sector"]): (x["planned"]["projects"], x["fact"]["investment_kzt"])
           for x in body["items"]}
    assert got == {(KAR, "C"): (2, "170.00")}  # a and b are both manufacturing (24 and 10); c plans 2026
    assert body["total"]["fact"]["jobs_permanent"] == 45


def test_report_list_queries_do_not_grow_with_its_length(client, engine):
    """The list loads each page's projects in one batch: 3 reports or 12, the same number of queries."""
    from sqlalchemy import event

    def queries_for_list():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731 (before_cursor_execute's statement)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            items = client.get("/api/v1/reports", params={"limit": 1000}).json()["items"]
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(items), len(statements)

    def add_reports(n):
        for _ in range(n):
            pid = client.post("/api/v1/projects", json={"name": {"ru": "П"}, "region_kato": KAR, "oked": "24",
                                                        "programmes": []}).json()["id"]
            assert client.post("/api/v1/reports", json={"project_id": pid, "year": 2025, "quarter": 1}).status_code == 201

    add_reports(3)
    few, few_queries = queries_for_list()
    add_reports(9)
    many, many_queries = queries_for_list()
    assert (few, many) == (3, 12)
    assert many_queries == few_queries
