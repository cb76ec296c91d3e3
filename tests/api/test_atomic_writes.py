"""Every versioned write is atomic on both engines, over real HTTP on the loopback.

The server is uvicorn in a thread of this process, serving the app on the test database (a real
SQLite file, or a real PostgreSQL database). Many clients, lined up on a barrier, send the same
write at once: the same version of one object, the same report approved ten times, the same
review accepted by several analysts. Exactly one may succeed; the others get 409 and nothing of
theirs is stored. Found by an outside attack on SQLite: the version was read outside the write
transaction and the UPDATE did not compare it, so two PATCHes of version 1 both got 200.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import make_user
from tests.news.conftest import KK

HOME = "350000000"


@pytest.fixture
def live(app, engine):
    """The app over real HTTP on 127.0.0.1 (uvicorn in a thread), and ``user(role, **scope)`` -> headers."""
    import socket

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/api/v1/regions?level=1", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        threading.Event().wait(0.05)
    else:
        pytest.fail("the server did not start")
    counter = iter(range(10_000))

    def user(role: str = "administrator", **scope) -> dict:
        token = make_user(engine, f"{role}-live-{next(counter)}", role, **scope)
        return {"Authorization": f"Bearer {token}"}

    yield base, user
    server.should_exit = True
    thread.join(timeout=30)


def at_once(base: str, requests: list[tuple[str, str, dict, dict | None]]) -> list[httpx.Response]:
    """Send (method, path, headers, json) all at the same moment, one thread and connection each."""
    barrier = threading.Barrier(len(requests))
    clients = [httpx.Client(base_url=base, timeout=120) for _ in requests]

    def send(i: int) -> httpx.Response:
        method, path, headers, body = requests[i]
        barrier.wait()
        return clients[i].request(method, path, headers=headers, json=body)

    try:
        with ThreadPoolExecutor(max_workers=len(requests)) as pool:
            return list(pool.map(send, range(len(requests))))
    finally:
        for c in clients:
            c.close()


def statuses(responses) -> Counter:
    return Counter(r.status_code for r in responses)


def create(base: str, headers: dict, path: str, body: dict) -> dict:
    r = httpx.post(base + path, json=body, headers=headers, timeout=60)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.mark.parametrize("kind", ["project", "zone", "organisation", "target"])
def test_patches_of_one_version_at_once_one_wins(live, kind):
    base, user = live
    admin = user()
    path, field = {
        "project": ("/api/v1/projects", "note"),
        "zone": ("/api/v1/zones", "description"),
        "organisation": ("/api/v1/organisations", "country"),
        "target": ("/api/v1/targets", "note"),
    }[kind]
    body = {"project": {"name": {"ru": "Завод"}, "region_kato": HOME},
            "zone": {"name": {"ru": "СЭЗ"}, "kind": "sez", "region_kato": HOME},
            "organisation": {"name": {"ru": "ТОО"}, "kind": "investor"},
            "target": {"year": 2025, "kato": HOME, "jobs_permanent": 10}}[kind]
    obj = create(base, admin, path, body)
    writers = [admin] + [user() for _ in range(7)]
    values = [f"v{i}" if kind != "organisation" else f"K{chr(65 + i)}" for i in range(len(writers))]
    answers = at_once(base, [("PATCH", f"{path}/{obj['id']}", h, {field: v, "version": obj["version"]})
                             for h, v in zip(writers, values)])
    assert statuses(answers) == Counter({200: 1, 409: len(writers) - 1}), [a.text for a in answers]
    (winner,) = [v for v, a in zip(values, answers) if a.status_code == 200]
    for a in answers:
        assert a.headers["content-type"].startswith("application/json" if a.status_code == 200
                                                    else "application/problem+json")
    stored = httpx.get(f"{base}{path}/{obj['id']}", headers=admin).json() if kind != "target" else next(
        t for t in httpx.get(f"{base}{path}", headers=admin).json()["items"] if t["id"] == obj["id"])
    assert stored[field] == winner and stored["version"] == obj["version"] + 1


def test_a_delete_and_a_patch_of_one_version_at_once_one_wins(live):
    base, user = live
    admin = user()
    for _ in range(3):
        p = create(base, admin, "/api/v1/projects", {"name": {"ru": "Завод"}, "region_kato": HOME})
        answers = at_once(base, [
            ("DELETE", f"/api/v1/projects/{p['id']}?version={p['version']}", admin, None),
            ("PATCH", f"/api/v1/projects/{p['id']}", user(), {"note": "x", "version": p["version"]}),
            ("PATCH", f"/api/v1/projects/{p['id']}", user(), {"note": "y", "version": p["version"]})])
        codes = [a.status_code for a in answers]
        assert sum(c in (200, 204) for c in codes) == 1, [a.text for a in answers]
        assert all(c in (200, 204, 404, 409) for c in codes), [a.text for a in answers]


def test_concurrent_increments_are_all_stored(live):
    """Read, add one, write with the version read; retry on 409: every acknowledged increment is there."""
    base, user = live
    admin = user()
    p = create(base, admin, "/api/v1/projects", {"name": {"ru": "Счётчик"}, "region_kato": HOME,
                                                 "jobs_permanent_planned": 0})
    writers = [user("region_analyst", region=HOME) for _ in range(6)]
    acknowledged, conflicts = [], []
    barrier = threading.Barrier(len(writers))

    def writer(headers: dict) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
            barrier.wait()
            for _ in range(8):
                for _ in range(200):
                    current = c.get(f"/api/v1/projects/{p['id']}").json()
                    r = c.patch(f"/api/v1/projects/{p['id']}", json={
                        "jobs_permanent_planned": current["jobs_permanent_planned"] + 1,
                        "version": current["version"]})
                    if r.status_code == 200:
                        acknowledged.append(1)
                        break
                    assert r.status_code == 409, r.text
                    conflicts.append(1)

    threads = [threading.Thread(target=writer, args=(h,)) for h in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = httpx.get(f"{base}/api/v1/projects/{p['id']}", headers=admin).json()
    assert len(acknowledged) == 48
    assert got["jobs_permanent_planned"] == len(acknowledged)  # no acknowledged increment lost
    assert got["version"] == 1 + len(acknowledged)
    assert conflicts, "the writers never collided; the test proves nothing"


def test_ten_approvals_of_one_submitted_report_at_once_one_wins(live, engine):
    base, user = live
    admin = user()
    p = create(base, admin, "/api/v1/projects", {"name": {"ru": "Завод"}, "region_kato": HOME})
    author = user("curator", project_id=p["id"])
    for _ in range(2):
        quarter = 1 + _
        r = create(base, author, "/api/v1/reports", {"project_id": p["id"], "year": 2024, "quarter": quarter,
                                                     "jobs_permanent": 5})
        s = httpx.post(f"{base}/api/v1/reports/{r['id']}/submit", json={"version": r["version"]}, headers=author)
        assert s.status_code == 200, s.text
        reviewers = [user("curator", region=HOME) for _ in range(10)]
        # half send the version they read, half none: the state is decided atomically either way
        answers = at_once(base, [("POST", f"/api/v1/reports/{r['id']}/approve", h,
                                  {"version": s.json()["version"]} if i % 2 else {})
                                 for i, h in enumerate(reviewers)])
        assert statuses(answers) == Counter({200: 1, 409: 9}), [a.text for a in answers]
        history = httpx.get(f"{base}/api/v1/changes", params={"object_type": "report"}, headers=admin).json()["items"]
        assert len([h for h in history if h["object_id"] == r["id"] and "(approve)" in h["object"]]) == 1


def test_concurrent_accepts_of_one_reviewed_fact_one_wins(live, engine):
    from orken.auth.guard import system_session
    from orken.news.ingest import DocumentIn, ingest

    base, user = live
    admin = user()
    p = create(base, admin, "/api/v1/projects", {"name": {"ru": "Алюминиевый завод «Казахстан Алюминий»",
                                                          "en": "Kazakhstan Aluminium smelter"},
                                                 "region_kato": "550000000", "status": "planned"})
    with system_session(engine, "tests") as s:
        doc = ingest(s, DocumentIn(text=KK)).document_id
    items = httpx.get(f"{base}/api/v1/review", params={"document": doc}, headers=admin).json()["items"]
    fact = next(f for f in items if f["measure"] == "jobs")
    assert fact["link"]["id"] == p["id"]
    answers = at_once(base, [("POST", f"/api/v1/review/{fact['id']}/accept", user(), {"version": p["version"]})
                             for _ in range(6)])
    assert statuses(answers)[200] == 1, [a.text for a in answers]
    assert set(statuses(answers)) <= {200, 409}, [a.text for a in answers]
    got = httpx.get(f"{base}/api/v1/projects/{p['id']}", headers=admin).json()
    assert got["version"] == p["version"] + 1 and got["jobs_permanent_planned"] == 450


def test_an_update_based_on_a_stale_read_changes_nothing(engine):
    """The compare-and-set is in the UPDATE itself: a session that read version 1 and writes after
    another one committed version 2 matches no row (StaleDataError, answered 409), on both engines."""
    from sqlalchemy.orm.exc import StaleDataError

    from orken.auth.guard import system_session, system_sessions
    from orken.db.engine import read_only
    from orken.db.models import Project
    from orken.registry import projects
    from orken.registry.schemas import ProjectCreate

    with system_session(engine, "tests") as s:
        pid = projects.create(s, ProjectCreate(name={"ru": "Завод"}, region_kato=HOME), "test").id
    stale = system_sessions(read_only(engine), "tests")()
    try:
        old = stale.get(Project, pid)
        stale.commit()  # the read is over; the object keeps version 1
        with system_session(engine, "tests") as s:
            p = s.get(Project, pid)
            p.note, p.version = "first", p.version + 1
        old.note, old.version = "second", old.version + 1
        with pytest.raises(StaleDataError):
            stale.commit()
    finally:
        stale.rollback()
        stale.close()
    with system_session(engine, "tests") as s:
        assert s.get(Project, pid).note == "first"
