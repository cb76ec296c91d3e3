"""A launch reported as a year or a month is loaded as the first day of that period with its
precision: the by-year figures, plan vs fact and the launch alert see it, the alert compares at the
stated precision, and pages write it as "2026" or "05.2026", never as 01.01.2026."""

from datetime import date

import pytest

from orken.db.models import Project
from orken.registry import projects
from orken.sample import real
from orken.web import format as fmt


@pytest.mark.parametrize("reported, expected", [
    ("2026", (date(2026, 1, 1), "year")), (2027, (date(2027, 1, 1), "year")),
    ("2026-05", (date(2026, 5, 1), "month")), ("2025-11-20", (date(2025, 11, 20), "day")),
    ("2026-Q3", (date(2026, 7, 1), "quarter")), ("2026-13", (date(2026, 1, 1), "year")),
    (None, (None, None)), ("soon", (None, None)),
])
def test_launch_date_is_the_first_day_of_its_period(reported, expected):
    assert real.launch_date(reported) == expected


@pytest.mark.parametrize("value, precision, lang, text", [
    (date(2026, 1, 1), "year", "ru", "2026"), (date(2026, 5, 1), "month", "kk", "05.2026"),
    ("2026-07-01", "quarter", "ru", "III кв. 2026"), ("2026-07-01", "quarter", "en", "Q3 2026"),
    (date(2026, 5, 14), "day", "ru", "14.05.2026"), (date(2026, 5, 14), None, "ru", "14.05.2026"), (None, "year", "ru", ""),
])
def test_a_date_is_written_at_its_precision(value, precision, lang, text):
    assert fmt.at_precision(value, precision, lang) == text


def record(name: str, status: str, **launch) -> dict:
    return {"name_en": name, "region": "Karaganda", "status": status, "status_as_of": "2024-03-01",
            "sources": [{"url": f"https://example.kz/{name}", "published": "2024-03-01", "lang": "en"}], **launch}


def test_loaded_launches_reach_figures_alerts_and_pages(session, client):
    loaded = {}
    for rec in (record("Year plant", "under_construction", launch_planned="2025"),
                record("Month plant", "under_construction", launch_planned="2026-05"),
                record("Launched plant", "launched", launch_actual="2024-02")):
        data, why = real.project_input(session, rec, {})
        assert why is None
        loaded[rec["name_en"]] = projects.create(session, data, real.ACTOR).id
    session.commit()
    year = session.get(Project, loaded["Year plant"])
    assert (year.launch_planned, year.launch_planned_precision, year.year) == (date(2025, 1, 1), "year", 2025)
    assert year.launch_planned_text == "2025"  # the text as reported is kept
    month = session.get(Project, loaded["Month plant"])
    assert (month.launch_planned, month.launch_planned_precision) == (date(2026, 5, 1), "month")
    done = session.get(Project, loaded["Launched plant"])
    assert (done.launch_actual, done.launch_actual_precision) == (date(2024, 2, 1), "month")

    # the alert compares at the stated precision: a launch planned for 2025 is late only in 2026
    def slipped(on: str) -> set[int]:
        body = client.get("/api/v1/alerts", params={"kind": "launch_slipped", "on": on}).json()
        return {a["project_id"] for a in body["items"]}
    assert loaded["Year plant"] not in slipped("2025-12-31")
    assert loaded["Year plant"] in slipped("2026-01-01")
    assert loaded["Month plant"] not in slipped("2026-05-31") and loaded["Month plant"] in slipped("2026-06-01")

    # plan vs fact counts the planned and the actual launches in their year
    def plan_fact(year: int) -> dict:
        body = client.get("/api/v1/plan-fact", params={"year": year, "group_by": "none"})
        assert body.status_code == 200, body.text
        return body.json()["total"]
    assert plan_fact(2024)["fact"]["projects"] == 1  # launched 2024-02
    assert plan_fact(2025)["planned"]["projects"] == 1 and plan_fact(2026)["planned"]["projects"] == 1
    assert client.get("/api/v1/projects", params={"year_from": 2025, "year_to": 2025}).json()["total"] == 1

    # pages write the date at its precision
    page = client.get(f"/projects/{loaded['Year plant']}", params={"lang": "ru"}).text
    assert "01.01.2025" not in page and '<td class="num">2025 ' in page
    page = client.get(f"/projects/{loaded['Month plant']}", params={"lang": "kk"}).text
    assert "01.05.2026" not in page and "05.2026" in page
    # the alert in words (the monitoring pages) names the year, not its first day
    from orken.monitoring import alerts
    from orken.web.pages.monitoring import alert_text
    (alert,) = alerts.evaluate(alerts.Snapshot(project_id=1, status="planned", launch_planned=date(2025, 1, 1),
                                               launch_planned_precision="year"), date(2026, 2, 1))
    assert alert_text(alert, "ru", lambda s, **kw: s % kw) == "Planned launch 2025 has passed"
