"""A large registry's public downloads are built in the background, never inside one request (both
engines): a cold request waits a bounded time and is otherwise answered 503 with Retry-After; the
file, once built, is what the request would have built itself (the public view); and the registered
public downloads are built ahead after the registry changes, so the next download is a file send."""

from __future__ import annotations

import io
import threading
import zipfile

import pytest

from orken.web import filecache

PROJECT = {"name": {"ru": "Завод =1+1"}, "region_kato": "350000000", "status": "planned", "note": "internal-x7",
           "curator": "internal-curator"}


@pytest.fixture
def large(monkeypatch):
    """Every registry counts as large (built in the background)."""
    monkeypatch.setattr(filecache, "BACKGROUND_FROM", 0)
    monkeypatch.setattr(filecache, "_sizes", {})


def _hold_builder():
    """Occupy the one builder until the returned event is set."""
    release = threading.Event()
    started = threading.Event()

    def wait():
        started.set()
        release.wait(30)

    future = filecache._builder.submit(wait)
    started.wait(5)
    return release, future


def _parts(workbook: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("url", ["/api/v1/export/projects.csv", "/api/v1/export/projects.xlsx",
                                 "/api/v1/export/projects.oc4ids.json", "/api/v1/geo/projects.geojson",
                                 "/api/v1/briefings/national.xlsx?on=2025-06-01"])
def test_cold_public_download_is_built_in_the_background(client, anon_client, large, monkeypatch, url):
    assert client.post("/api/v1/projects", json=PROJECT).status_code == 201
    release, held = _hold_builder()
    try:
        monkeypatch.setattr(filecache, "WAIT_SECONDS", 0.05)
        busy = anon_client.get(url)
        assert busy.status_code == 503, busy.text[:200]
        assert busy.headers["retry-after"] == str(filecache.RETRY_AFTER)
        assert busy.headers["content-type"].startswith("application/problem+json")
    finally:
        release.set()
        held.result(10)
    for future in list(filecache._pending.values()):
        future.result(60)
    monkeypatch.setattr(filecache, "WAIT_SECONDS", 60)
    hits = filecache.hits
    ready = anon_client.get(url)
    assert ready.status_code == 200 and filecache.hits == hits + 1  # the file the background wrote
    monkeypatch.setattr(filecache, "BACKGROUND_FROM", 10**9)
    monkeypatch.setattr(filecache, "ENABLED", False)
    inline = anon_client.get(url)  # what the request builds itself
    assert inline.status_code == 200
    if ".xlsx" in url:  # a workbook's zip entries and its core properties carry the second they were written
        assert _parts(ready.content) == _parts(inline.content)
    elif "oc4ids" not in url:  # the package carries the time it was published
        assert ready.content == inline.content
    if url.endswith(".csv"):
        text = ready.content.decode("utf-8-sig")
        assert "internal-x7" not in text and "internal-curator" not in text and "'=1+1" not in text
        assert "Завод =1+1" in text


def test_a_wrong_region_is_404_at_once(anon_client, large):
    assert anon_client.get("/api/v1/briefings/999999999.pdf").status_code == 404


def test_public_downloads_are_built_ahead(client, anon_client, large, engine, monkeypatch):
    assert client.post("/api/v1/projects", json=PROJECT).status_code == 201
    futures = filecache.build_ahead(engine)
    assert len(futures) >= 9
    for future in futures:
        future.result(120)
    monkeypatch.setattr(filecache, "WAIT_SECONDS", 0)  # nothing may be built now: every one is a file send
    hits, misses = filecache.hits, filecache.misses
    for url in ("/api/v1/export/projects.csv?lang=kk", "/api/v1/export/projects.xlsx",
                "/api/v1/export/projects.geojson", "/api/v1/export/projects.oc4ids.json?lang=kk",
                "/api/v1/briefings/national.pdf", "/api/v1/briefings/national.xlsx?lang=kk",
                "/api/v1/geo/projects.geojson"):
        answer = anon_client.get(url)
        assert answer.status_code == 200, (url, answer.text[:200])
    assert (filecache.hits, filecache.misses) == (hits + 7, misses)
    signed_in = client.get("/api/v1/export/projects.csv")  # a signed-in reader's own view: built for them
    assert signed_in.status_code == 200 and "internal-x7" in signed_in.content.decode("utf-8-sig")
