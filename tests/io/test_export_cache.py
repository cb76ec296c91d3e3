"""Public exports and briefings are kept on disk per registry generation (both engines): the second
download is a file send, a write to the registry makes the next one fresh, and what a signed-in user
downloads (their own view) is never kept."""

from __future__ import annotations

import pytest

from orken.web import filecache

PROJECT = {"name": {"ru": "Завод"}, "region_kato": "350000000", "status": "planned", "note": "internal-x7"}


@pytest.mark.parametrize("url", ["/api/v1/export/projects.csv", "/api/v1/export/projects.xlsx",
                                 "/api/v1/export/projects.geojson", "/api/v1/export/projects.oc4ids.json",
                                 "/api/v1/briefings/national.xlsx?on=2025-06-01"])
def test_second_public_download_is_the_kept_file(client, anon_client, url):
    assert client.post("/api/v1/projects", json=PROJECT).status_code == 201
    first = anon_client.get(url)
    assert first.status_code == 200, first.text[:200]
    hits, misses = filecache.hits, filecache.misses
    second = anon_client.get(url)
    assert second.status_code == 200 and (filecache.hits, filecache.misses) == (hits + 1, misses)
    assert second.content == first.content
    # a write moves the generation: the next download is built afresh and shows it
    assert client.post("/api/v1/projects", json={**PROJECT, "name": {"ru": "Новый цех"}}).status_code == 201
    third = anon_client.get(url)
    assert third.status_code == 200 and filecache.misses == misses + 1
    if "briefings" not in url and "xlsx" not in url:
        assert "Новый цех" in third.content.decode("utf-8-sig")


def test_signed_in_downloads_are_not_kept(client, anon_client):
    assert client.post("/api/v1/projects", json=PROJECT).status_code == 201
    hits, misses = filecache.hits, filecache.misses
    mine = client.get("/api/v1/export/projects.csv")
    assert mine.status_code == 200 and "internal-x7" in mine.content.decode("utf-8-sig")
    assert (filecache.hits, filecache.misses) == (hits, misses)
    public = anon_client.get("/api/v1/export/projects.csv")
    assert "internal-x7" not in public.content.decode("utf-8-sig")  # the internal view was not kept for them
