"""Quiet projects on the web (issue 19): the curator's inbox lists the open task with a CSRF-protected
"status still current" form and a status change; the map's point data carries the uncertain flag
(public, without who is asked); the project page says since when the status is not confirmed; the
API lists a user's own (an analyst's scoped) tasks and confirms under the usual permissions. Both engines."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from orken.auth.guard import system_session
from orken.tasks import service
from orken.tasks.models import Task
from tests.conftest import make_user
from tests.tasks.conftest import ALM, KAR, months_ago, quiet

PASSWORD = "correct horse battery staple"


def signed_in(app, engine, name, role, **scope) -> TestClient:
    make_user(engine, name, role, password=PASSWORD, **scope)
    c = TestClient(app, base_url="https://testserver")
    c.__enter__()
    assert c.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD}).status_code == 200
    return c


def sweep(engine):
    with system_session(engine, "tests") as s:
        return service.sweep(s)


def task_of(engine, pid) -> Task:
    with system_session(engine, "tests") as s:
        return s.scalars(select(Task).where(Task.project_id == pid).order_by(Task.id.desc())).first()


def csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_inbox_lists_and_confirms(app, engine, project):
    pid = project(name="Тихий завод")
    curator = signed_in(app, engine, "cur", "curator", project_id=pid)
    quiet(engine, pid, months_ago(13))
    sweep(engine)
    task = task_of(engine, pid)
    for lang, words in (("ru", ("Статусы на подтверждение", "Статус актуален")),
                        ("kk", ("Растауды күтетін мәртебелер", "Мәртебе әлі өзекті"))):
        page = curator.get("/monitoring/inbox", params={"lang": lang})
        assert page.status_code == 200 and all(w in page.text for w in words), lang
        assert f'action="/monitoring/tasks/{task.id}/confirm"' in page.text and "Тихий завод" in page.text
    twin = curator.get("/monitoring/inbox", params={"format": "json"}).json()
    assert [t["id"] for t in twin["tasks"]] == [task.id] and twin["tasks"][0]["may_confirm"] is True
    url = f"/monitoring/tasks/{task.id}/confirm"
    assert curator.post(url, data={"csrf_token": "forged"}, follow_redirects=False).status_code == 403
    assert task_of(engine, pid).open_project_id == pid  # the forged form changed nothing
    done = curator.post(url, data={"csrf_token": csrf(page)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/monitoring/inbox")
    closed = task_of(engine, pid)
    assert closed.closed_reason == "confirmed" and closed.closed_by == "user:cur"
    page = curator.get("/monitoring/inbox", params={"lang": "ru"})
    assert f"/monitoring/tasks/{task.id}/confirm" not in page.text
    history = curator.get(f"/api/v1/projects/{pid}").json()
    assert history["status_as_of"]  # dated: the confirmation is in the change log (test_sweep checks the entry)
    curator.__exit__(None, None, None)


def test_inbox_status_change_closes_the_task(app, engine, project):
    pid = project(name="Завод на паузе")
    analyst = signed_in(app, engine, "an", "region_analyst", region=KAR)
    quiet(engine, pid, months_ago(13))
    sweep(engine)
    task = task_of(engine, pid)
    page = analyst.get("/monitoring/inbox", params={"lang": "ru"})
    assert f'action="/monitoring/tasks/{task.id}/status"' in page.text and 'value="suspended"' in page.text
    r = analyst.post(f"/monitoring/tasks/{task.id}/status", data={"csrf_token": csrf(page), "status": "suspended"},
                     follow_redirects=False)
    assert r.status_code == 303
    assert task_of(engine, pid).closed_reason == "status_changed"
    assert analyst.get(f"/api/v1/projects/{pid}").json()["status"] == "suspended"
    analyst.__exit__(None, None, None)


def test_map_and_project_page_show_the_uncertain_status(engine, project, anon_client):
    quiet_pid = project(name="Тихий", lat=49.8, lon=73.1)
    fresh_pid = project(name="Свежий", lat=47.9, lon=67.5)
    make_user(engine, "secret-curator", "curator", project_id=quiet_pid)
    quiet(engine, quiet_pid, months_ago(14))
    before = anon_client.get("/api/v1/geo/clusters", params={"zoom": 18, "lang": "ru"}).json()
    assert before["uncertain"] and not any(before["uncertain"])
    sweep(engine)
    res = anon_client.get("/api/v1/geo/clusters", params={"zoom": 18, "lang": "ru"}).json()  # not the cached answer
    flags = {c[3]: u for c, u in zip(res["clusters"], res["uncertain"])}
    assert flags[quiet_pid] == 1 and flags[fresh_pid] == 0
    country = anon_client.get("/api/v1/geo/clusters", params={"zoom": 3}).json()
    assert sum(country["uncertain"]) == 1
    page = anon_client.get(f"/projects/{quiet_pid}", params={"lang": "ru"})
    assert "Статус не подтверждён с" in page.text and "secret-curator" not in page.text
    assert 'id="status-unconfirmed"' not in anon_client.get(f"/projects/{fresh_pid}").text
    twin = anon_client.get(f"/projects/{quiet_pid}", params={"format": "json"}).json()
    assert twin["status_unconfirmed_since"] == months_ago(14).date().isoformat()
    assert "assignee" not in str(twin)
    legend = anon_client.get("/", params={"lang": "kk"}).text
    assert "legend-uncertain" in legend and "күлгін шеңбер" in legend
    payload = anon_client.get("/", params={"lang": "ru", "format": "json"})
    assert payload.status_code == 200


def test_api_permissions(app, engine, project, client_for, anon_client):
    mine, theirs, away = project(name="Мой"), project(name="Чужой"), project(region=ALM, name="Алматы")
    curator = client_for("curator", "cur-a", project_id=mine)
    client_for("curator", "cur-b", project_id=theirs)
    analyst_kar = client_for("region_analyst", "an-kar", region=KAR)
    analyst_alm = client_for("region_analyst", "an-alm", region=ALM)
    investor = client_for("investor", "inv", project_id=mine)
    for pid in (mine, theirs, away):
        quiet(engine, pid, months_ago(13))
    sweep(engine)
    ids = {pid: task_of(engine, pid).id for pid in (mine, theirs, away)}
    assert anon_client.get("/api/v1/tasks").status_code == 401
    assert investor.get("/api/v1/tasks").status_code == 403
    listed = curator.get("/api/v1/tasks").json()
    assert [t["project_id"] for t in listed["items"]] == [mine] and listed["total"] == 1  # only theirs
    assert {t["project_id"] for t in analyst_kar.get("/api/v1/tasks").json()["items"]} == {mine, theirs}
    assert {t["project_id"] for t in analyst_alm.get("/api/v1/tasks").json()["items"]} == {away}
    assert curator.get(f"/api/v1/tasks/{ids[theirs]}").status_code == 403
    assert analyst_alm.post(f"/api/v1/tasks/{ids[mine]}/confirm").status_code == 403  # out of scope
    assert curator.post(f"/api/v1/tasks/{ids[theirs]}/confirm").status_code == 403  # another curator's
    assert anon_client.post(f"/api/v1/tasks/{ids[mine]}/confirm").status_code == 401
    assert task_of(engine, mine).open_project_id == mine and task_of(engine, theirs).open_project_id == theirs
    ok = curator.post(f"/api/v1/tasks/{ids[mine]}/confirm")
    assert ok.status_code == 200 and ok.json()["closed_reason"] == "confirmed" and not ok.json()["open"]
    assert curator.post(f"/api/v1/tasks/{ids[mine]}/confirm").status_code == 409  # already closed
    assert curator.get("/api/v1/tasks").json()["items"] == []
    assert [t["id"] for t in curator.get("/api/v1/tasks", params={"state": "closed"}).json()["items"]] == [ids[mine]]
    assert analyst_alm.post(f"/api/v1/tasks/{ids[away]}/confirm").status_code == 200
