"""The inbox and the report form (issue 16): the quarters due and overdue agree with the alerts, the
form defaults to the earliest quarter still to report (one that has ended), approval is offered only
to a reviewer who neither drafted nor submitted the report, and a return needs a comment. Both engines."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from orken.monitoring import inbox, periods
from tests.conftest import make_user

PASSWORD = "correct horse battery staple"
KAR = "350000000"


def browser_for(app, engine, name, role, **scope) -> TestClient:
    make_user(engine, name, role, password=PASSWORD, **scope)
    c = TestClient(app, base_url="https://testserver")
    c.__enter__()
    assert c.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD}).status_code == 200
    return c


def csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_open_quarters_and_the_earliest_one():
    today = date(2026, 12, 1)  # last ended: 2026 Q3 (deadline 2026-10-20, passed)
    open_ = inbox.quarters_open({(2026, 1): "approved", (2026, 2): "returned"}, None, today)
    assert [(y, q) for y, q, _ in open_] == [(2025, 4), (2026, 2), (2026, 3)]
    assert inbox.quarters_open({}, (2026, 2), today)[0][:2] == (2026, 2)  # not before monitoring began
    assert periods.last_ended(today) == (2026, 3)


def test_inbox_agrees_with_alerts_and_links_to_the_form(app, engine, client):
    pid = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": KAR, "oked": "24",
                                                "status": "under_construction"}).json()["id"]
    curator = browser_for(app, engine, "aigerim", "curator", region=KAR)
    page = curator.get("/monitoring/inbox", params={"lang": "ru"})
    assert page.status_code == 200
    alerts = [a for a in client.get("/api/v1/alerts", params={"kind": "report_overdue"}).json()["items"]
              if a["project_id"] == pid]
    assert alerts, "a project under construction without reports has an overdue report"
    for a in alerts:
        link = f"/monitoring/reports/new?project={pid}&amp;year={a['data']['year']}&amp;quarter={a['data']['quarter']}"
        assert link in page.text  # the overdue quarter of the alert is in the inbox, with a link to its form
    assert "report_overdue" not in page.text and "Q" + str(alerts[0]["data"]["quarter"]) not in page.text
    overdue = int(re.search(r'href="#overdue"><strong>(\d+)</strong>', page.text).group(1))
    assert overdue >= len(alerts)
    form = curator.get("/monitoring/reports/new", params={"project": pid, "lang": "ru"})
    chosen = re.search(r'<option value="(\d{4})-(\d)" selected', form.text)
    year, quarter = int(chosen.group(1)), int(chosen.group(2))
    assert periods.quarter_end(year, quarter) < date.today()  # never a quarter that has not ended
    # no report yet: the earliest quarter of the inbox's window, not the current one
    assert (year, quarter) == periods.from_index(periods.index(*periods.last_ended(date.today())) - inbox.WINDOW + 1)
    assert 'name="support_received_kzt"' in form.text


def test_approval_is_offered_only_to_who_may(app, engine, client):
    pid = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": KAR, "oked": "24",
                                                "status": "under_construction"}).json()["id"]
    curator = browser_for(app, engine, "aigerim", "curator", region=KAR)
    analyst = browser_for(app, engine, "bolat", "region_analyst", region=KAR)
    form = curator.get("/monitoring/reports/new", params={"project": pid})
    made = curator.post("/monitoring/reports/new", data={"csrf_token": csrf(form), "project_id": str(pid),
                                                         "period": "2026-1", "jobs_permanent": "-3"})
    assert made.status_code == 422 and 'aria-invalid="true"' in made.text  # the field's error, on the page
    made = curator.post("/monitoring/reports/new", data={"csrf_token": csrf(form), "project_id": str(pid),
                                                         "period": "2026-1", "jobs_permanent": "12",
                                                         "support_received_kzt": "1 500 000"},
                        follow_redirects=False)
    url = made.headers["location"]
    page = curator.get(url)
    assert 'value="submit"' in page.text and 'value="approve"' not in page.text
    curator.post(url + "/submit", data={"csrf_token": csrf(page)})
    page = curator.get(url)
    assert 'value="approve"' not in page.text and 'value="submit"' not in page.text  # the author does not approve
    review = analyst.get(url, params={"lang": "kk"})
    assert 'value="approve"' in review.text and 'value="return"' in review.text
    refused = analyst.post(url + "/return", data={"csrf_token": csrf(review), "comment": " "}, follow_redirects=False)
    assert refused.headers["location"].endswith("?refused=comment")
    assert "комментарий обязателен" in analyst.get(refused.headers["location"] + "&lang=ru").text
    rid = int(url.rsplit("/", 1)[1])
    assert client.get(f"/api/v1/reports/{rid}").json()["state"] == "submitted"  # a return needs a comment
    analyst.post(url + "/return", data={"csrf_token": csrf(review), "comment": "Растаңыз"})
    body = client.get(f"/api/v1/reports/{rid}").json()
    assert body["state"] == "returned" and body["review_comment"] == "Растаңыз"
    assert body["support_received_kzt"] == "1500000.00"
