"""Operations endpoints: /healthz, /readyz (503 when the database is down), /metrics by route
template and who may read it (both engines); two worker processes on PostgreSQL behind a trusted
proxy agree on sessions, the sign-in throttle, the aggregate cache and the metrics."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from orken.auth import throttle
from orken.web.app import create_app
from tests.conftest import make_user
from tests.security.routes import app_routes
from tests.serve import orken_serve

PASSWORD = "correct horse battery"


def test_health_and_readiness(app):
    with TestClient(app) as c:
        h = c.get("/healthz")
        assert h.status_code == 200 and h.json()["status"] == "ok"
        r = c.get("/readyz")
        assert r.status_code == 200 and r.json() == {"status": "ready", "database": "ok"}
    assert {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")} <= set(app_routes(app))


@pytest.mark.parametrize("url", ["sqlite:////nonexistent-orken-dir/no/such.db",
                                 "postgresql+psycopg://orken@127.0.0.1:1/orken?connect_timeout=1"])
def test_readiness_fails_when_the_database_does_not_answer(url):
    down = create_engine(url)
    with TestClient(create_app(down)) as c:
        assert c.get("/healthz").status_code == 200  # the process is alive
        r = c.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "unavailable" and r.headers["Retry-After"]
    down.dispose()


def _value(text: str, name: str, **labels) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_by_route_template_with_a_token(app, client, monkeypatch):
    monkeypatch.setenv("ORKEN_METRICS_TOKEN", "scrape-secret-of-the-monitoring")
    ids = [client.post("/api/v1/projects", json={"name": {"ru": f"Завод {i}"}, "region_kato": "350000000"}).json()["id"]
           for i in range(2)]
    with TestClient(app) as c:
        assert c.get("/metrics").status_code == 403  # "testclient" is not a loopback address
        assert c.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
        before = c.get("/metrics", headers={"Authorization": "Bearer scrape-secret-of-the-monitoring"}).text
        for pid in ids:
            assert c.get(f"/api/v1/projects/{pid}").status_code == 200
        assert c.get("/api/v1/projects/999999").status_code == 404
        r = c.get("/metrics", headers={"Authorization": "Bearer scrape-secret-of-the-monitoring"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    route = "/api/v1/projects/{project_id}"
    grew = lambda **kw: _value(text, "orken_http_requests_total", **kw) - _value(before, "orken_http_requests_total", **kw)  # noqa: E731
    assert grew(route=route, status="200") == 2 and grew(route=route, status="404") == 1
    assert not re.search(r'route="/api/v1/projects/\d', text)  # never the raw path
    assert _value(text, "orken_http_request_duration_seconds_count", route=route) >= 3
    assert 'orken_db_pool_connections{state="checked_out"}' in text
    assert "# TYPE orken_import_jobs gauge" in text and "# TYPE orken_news_facts gauge" in text


@pytest.fixture
def pg_engine(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("several workers are run on PostgreSQL")
    return engine


def _worker_clients(base: str, want: int = 2, tries: int = 200) -> tuple[dict[int, httpx.Client], int]:
    """A keep-alive connection to each of ``want`` worker processes, told apart by /healthz's pid;
    and how many /healthz requests that took."""
    found: dict[int, httpx.Client] = {}
    for n in range(1, tries + 1):
        c = httpx.Client(base_url=base, limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                         timeout=60)
        pid = c.get("/healthz").json()["pid"]
        if pid in found:
            c.close()
        else:
            found[pid] = c
        if len(found) == want:
            return found, n
    raise AssertionError(f"only {len(found)} worker(s) answered")


def test_two_workers_agree_on_sessions_throttling_cache_and_metrics(pg_engine, tmp_path):
    make_user(pg_engine, "aigerim", "administrator", password=PASSWORD)
    make_user(pg_engine, "dana", "curator", password=PASSWORD, region="350000000")
    url = pg_engine.url.render_as_string(hide_password=False)
    with orken_serve(url, tmp_path / "serve.log", "--workers", "2", ORKEN_TRUSTED_PROXIES="127.0.0.1") as base:
        workers, asked = _worker_clients(base)
        a, b = workers.values()
        # a session made by one worker is known to the other, and ends for both
        r = a.post("/api/v1/auth/login", json={"username": "aigerim", "password": PASSWORD})
        assert r.status_code == 200
        key, csrf = r.cookies["orken_session"], r.json()["csrf_token"]
        b.cookies.set("orken_session", key)
        assert b.get("/api/v1/auth/me").json()["username"] == "aigerim"
        # the aggregate cache: both workers warm, a write through one, the other sees it
        stats = lambda c: c.get("/api/v1/stats", params={"group_by": "region"}).json()  # noqa: E731
        first = [stats(a), stats(b)]
        assert first[0] == first[1]
        made = b.post("/api/v1/projects", json={"name": {"ru": "Новый завод"}, "region_kato": "350000000"},
                      headers={"X-CSRF-Token": csrf})
        assert made.status_code == 201, made.text
        assert stats(a) != first[0] and stats(a) == stats(b)
        assert b.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
        a.cookies.set("orken_session", key)
        assert a.get("/api/v1/auth/me").json()["signed_in"] is False
        a.cookies.clear()
        # the throttle: failures through either worker, from addresses the proxy forwards, count together
        for i in range(throttle.PER_USER - 1):
            c = (a, b)[i % 2]
            assert c.post("/api/v1/auth/login", json={"username": "dana", "password": "wrong-guess"},
                          headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code == 401

        def guess(i):
            return httpx.post(base + "/api/v1/auth/login", json={"username": "dana", "password": f"wrong-{i}"},
                              headers={"X-Forwarded-For": f"198.51.100.{i}"}, timeout=60).status_code

        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(guess, range(20)))
        assert statuses.count(401) == 1 and statuses.count(429) == 19, statuses
        for c in (a, b):
            assert c.post("/api/v1/auth/login", json={"username": "dana", "password": PASSWORD},
                          headers={"X-Forwarded-For": "192.0.2.1"}).status_code == 429
        # metrics: a scrape of either worker counts the requests both answered
        for c in (a, b):
            for _ in range(3):
                assert c.get("/healthz").status_code == 200
        counts = [_value(c.get("/metrics").text, "orken_http_requests_total", route="/healthz", status="200")
                  for c in (a, b)]
        assert counts == [asked + 6, asked + 6]  # each scrape sums both workers' counts
        # through the proxy, a client elsewhere may not read them
        assert a.get("/metrics", headers={"X-Forwarded-For": "203.0.113.50"}).status_code == 403
        for c in (a, b):
            c.close()
