"""Unauthenticated denial of service (both engines): facet lists are checked before any work, and heavy
routes run only so many at once, overall and per client, answering the rest at once with 429/503 and
Retry-After, while cheap requests go on being answered.

Before: ``facets=district,…(×300)`` computed 300 grouped counts (four such requests blocked the server
for 65 s), and six parallel downloads took it from 781 to 3,120 MiB with a trivial request waiting 103 s.
"""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from orken.io import export_tabular
from orken.web import filecache, limits


def test_facets_are_checked_and_deduplicated(anon_client):
    r = anon_client.get("/api/v1/projects", params={"limit": 1, "q": "zz1", "facets": ",".join(["district"] * 300)})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "facets"
    r = anon_client.get("/api/v1/projects", params={"limit": 1, "facets": "district,status,district,status"})
    assert r.status_code == 200 and sorted(r.json()["facets"]) == ["district", "status"]
    r = anon_client.get("/api/v1/projects", params={"facets": "district,nope"})
    assert r.status_code == 422
    r = anon_client.get("/api/v1/projects", params=[("facets", "status")] * 40)
    assert r.status_code == 422


def test_route_classes():
    assert limits.route_class("/api/v1/export/projects.xlsx", b"") == "exports"
    assert limits.route_class("/projects.csv", b"") is None  # a redirect to the export
    assert limits.route_class("/api/v1/briefings/national.pdf", b"") == "briefings"
    assert limits.route_class("/api/v1/geo/projects.geojson", b"limit=200000") == "geojson"
    assert limits.route_class("/api/v1/projects", b"limit=1&q=zz") == "search"
    assert limits.route_class("/api/v1/projects", b"facets=status") == "search"
    assert limits.route_class("/api/v1/projects", b"limit=1") is None
    assert limits.route_class("/api/v1/geo/regions.geojson", b"level=1") is None  # the map's base layer
    assert limits.parse_limits("exports=3/2,search=1,bogus=5")["exports"] == (3, 2, 0.0)
    assert limits.parse_limits("search=1")["search"] == (1, 1, 10.0)
    assert limits.parse_limits("geojson=3/1/0.5")["geojson"] == (3, 1, 0.5)


@pytest.fixture
def blocked_export(monkeypatch):
    """The CSV export waits until released: a slow download held open."""
    entered, release = threading.Semaphore(0), threading.Event()
    real = export_tabular.write_csv

    def slow(*args, **kwargs):
        entered.release()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(export_tabular, "write_csv", slow)
    yield entered, release
    release.set()


@pytest.mark.parametrize("setting, refused", [("exports=2/1", 429), ("exports=1/2", 503)])
def test_heavy_requests_beyond_the_limit_are_refused_at_once(engine, monkeypatch, blocked_export, setting, refused):
    from orken.web.app import create_app

    monkeypatch.setenv("ORKEN_HEAVY_LIMITS", setting)
    monkeypatch.setattr(filecache, "ENABLED", False)  # every download is built (and blocks)
    entered, release = blocked_export
    with TestClient(create_app(engine)) as c:
        results = []
        first = threading.Thread(target=lambda: results.append(c.get("/api/v1/export/projects.csv")))
        first.start()
        assert entered.acquire(timeout=20)  # the first download is running
        r = c.get("/api/v1/export/projects.csv")
        assert r.status_code == refused, r.text[:200]
        assert r.headers["retry-after"].isdigit() and r.headers["content-type"].startswith("application/problem+json")
        said = c.get("/api/v1/export/projects.csv", headers={"accept-language": "ru"}).json()
        assert said["title"] == ("Слишком много запросов" if refused == 429 else "Сервис занят"), said
        assert "повторите через" in said["detail"]
        assert c.get("/api/v1/projects", params={"limit": 1}).status_code == 200  # cheap: answered meanwhile
        assert c.get("/api/v1/briefings/nowhere.pdf").status_code != refused  # another class: not held up
        release.set()
        first.join(30)
        assert results and results[0].status_code == 200
        assert c.get("/api/v1/export/projects.csv").status_code == 200  # the slot is free again


def test_a_class_with_a_wait_queues_instead_of_refusing(engine, monkeypatch, blocked_export):
    """With a wait (searches and map layers by default), a request beyond the limit waits for a slot."""
    from orken.web.app import create_app

    monkeypatch.setenv("ORKEN_HEAVY_LIMITS", "exports=1/1/60")
    monkeypatch.setattr(filecache, "ENABLED", False)
    entered, release = blocked_export
    with TestClient(create_app(engine)) as c:
        results = []
        threads = [threading.Thread(target=lambda: results.append(c.get("/api/v1/export/projects.csv")))
                   for _ in range(2)]
        threads[0].start()
        assert entered.acquire(timeout=20)
        threads[1].start()
        assert not entered.acquire(timeout=0.5)  # the second waits: it has not started its export
        release.set()
        for t in threads:
            t.join(60)
        assert [r.status_code for r in results] == [200, 200]
