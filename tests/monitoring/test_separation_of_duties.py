"""Separation of duties: whoever drafted, edited or submitted a report cannot approve it.

Found by an outside attack: a curator drafted, submitted and approved its own report (999,999
jobs, public). Another reviewer must approve; an administrator may override, and the change log
records that it was an override.
"""

from __future__ import annotations

HOME = "350000000"


def draft_and_submit(c, pid: int, quarter: int = 1) -> dict:
    r = c.post("/api/v1/reports", json={"project_id": pid, "year": 2024, "quarter": quarter, "jobs_permanent": 999_999,
                                        "is_public": True})
    assert r.status_code == 201, r.text
    s = c.post(f"/api/v1/reports/{r.json()['id']}/submit", json={"version": r.json()["version"]})
    assert s.status_code == 200, s.text
    return s.json()


def test_an_author_or_submitter_cannot_approve(client, client_for):
    pid = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": HOME}).json()["id"]
    curator = client_for("curator", region=HOME)
    report = draft_and_submit(curator, pid)
    r = curator.post(f"/api/v1/reports/{report['id']}/approve", json={"version": report["version"]})
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert client.get(f"/api/v1/reports/{report['id']}").json()["state"] == "submitted"

    # one who only edited the draft is an author too
    editor = client_for("curator", region=HOME)
    other = curator.post("/api/v1/reports", json={"project_id": pid, "year": 2024, "quarter": 2}).json()
    edited = editor.patch(f"/api/v1/reports/{other['id']}", json={"jobs_permanent": 5, "version": other["version"]})
    assert edited.status_code == 200, edited.text
    sub = curator.post(f"/api/v1/reports/{other['id']}/submit", json={"version": edited.json()["version"]}).json()
    assert editor.post(f"/api/v1/reports/{other['id']}/approve", json={"version": sub["version"]}).status_code == 403

    # another reviewer may
    reviewer = client_for("curator", region=HOME)
    ok = reviewer.post(f"/api/v1/reports/{report['id']}/approve", json={"version": report["version"]})
    assert ok.status_code == 200, ok.text


def test_an_administrator_may_override_and_the_change_log_says_so(client):
    pid = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": HOME}).json()["id"]
    report = draft_and_submit(client, pid)
    r = client.post(f"/api/v1/reports/{report['id']}/approve", json={"version": report["version"]})
    assert r.status_code == 200, r.text
    log = client.get("/api/v1/changes", params={"object_type": "report"}).json()["items"]
    (approval,) = [e for e in log if e["object_id"] == report["id"] and "approve" in e["object"]]
    assert "override" in approval["object"] and approval["actor"] == "user:admin"
