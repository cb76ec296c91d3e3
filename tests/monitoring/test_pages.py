"""The monitoring pages render in the three languages; the inbox and the report form need sign-in and CSRF."""

import re

from fastapi.testclient import TestClient

from tests.conftest import make_user

PASSWORD = "correct horse battery"


def test_pages(app, engine, client, anon_client):
    pid = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": "350000000", "oked": "24",
                                                "launch_planned": "2025-05-01"}).json()["id"]
    for lang, word in (("kk", "Жоспар мен факт"), ("ru", "План и факт"), ("en", "Plan and fact")):
        page = anon_client.get("/monitoring", params={"year": 2025, "lang": lang})
        assert page.status_code == 200 and word in page.text
    assert anon_client.get("/monitoring/region/350000000", params={"year": 2025}).status_code == 200
    assert anon_client.get("/monitoring/inbox", follow_redirects=False).status_code == 303
    make_user(engine, "curator", "curator", password=PASSWORD, region="350000000")
    with TestClient(app, base_url="https://testserver") as browser:
        browser.post("/api/v1/auth/login", json={"username": "curator", "password": PASSWORD})
        assert browser.get("/monitoring/inbox").status_code == 200
        form = browser.get("/monitoring/reports/new", params={"project": pid, "year": 2025, "quarter": 1})
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        fields = {"project_id": str(pid), "year": "2025", "quarter": "1", "jobs_permanent": "12",
                  "investment_period_kzt": "1 000,50"}
        assert browser.post("/monitoring/reports/new", data={**fields, "csrf_token": "x"},
                            follow_redirects=False).status_code == 403
        made = browser.post("/monitoring/reports/new", data={**fields, "csrf_token": token}, follow_redirects=False)
        assert made.status_code == 303 and made.headers["location"].startswith("/monitoring/reports/")
        rid = int(made.headers["location"].rsplit("/", 1)[1])
        page = browser.get(made.headers["location"])  # a page, not raw JSON
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        report = browser.get(f"/api/v1/reports/{rid}").json()
        assert report["investment_period_kzt"] == "1000.50" and report["created_by"] == "user:curator"
