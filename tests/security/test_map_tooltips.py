"""Map tooltips are text, never HTML (real Chromium, real server; SQLite).

A project and a zone (with a boundary) are named with markup that would add elements to the page
(``<img id=…>``, ``<meta http-equiv=refresh>``); hovering the project's marker and the zone's
polygon shows tooltips whose text is the name exactly, and no element of the name exists.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import make_user
from tests.web.browser import Server, sample_engine
from tests.web.test_browser import pytestmark  # noqa: F401  (skips as the other browser tests do)

PROJECT = '<img id="injected-p" src="x"><meta http-equiv="refresh" content="0;url=about:blank"> P'
ZONE = '<b id="injected-z">Z</b>'
PROJECT_AT = (43.6, 51.5)   # far from the sample's projects (Mangystau)
ZONE_RING = [[80.0, 42.6], [80.4, 42.6], [80.4, 42.9], [80.0, 42.9], [80.0, 42.6]]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("tips") / "orken.db")
    token = make_user(engine, "tips-admin", "administrator")
    auth = {"Authorization": f"Bearer {token}"}
    with Server(engine) as server:
        r = httpx.post(server.url + "/api/v1/projects", headers=auth, json={
            "name": {"kk": PROJECT, "ru": PROJECT, "en": PROJECT}, "region_kato": "470000000", "oked": "24.10",
            "status": "planned", "lat": PROJECT_AT[0], "lon": PROJECT_AT[1]})
        assert r.status_code == 201, r.text
        r = httpx.post(server.url + "/api/v1/zones", headers=auth, json={
            "name": {"kk": ZONE, "ru": ZONE, "en": ZONE}, "kind": "industrial_zone", "region_kato": "190000000",
            "boundary": {"type": "Polygon", "coordinates": [ZONE_RING]}, "lat": 42.85, "lon": 80.35})
        assert r.status_code == 201, r.text
        yield server
    engine.dispose()


def _hover_centre(page, url: str) -> str:
    page.goto(url)
    page.wait_for_function("() => document.getElementById('map').dataset.state === 'ready'", timeout=20000)
    page.wait_for_timeout(800)  # the clusters of the view are fetched after it settles
    box = page.locator("#map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx in (0, 1, 0):
        page.mouse.move(x + dx, y)
        page.wait_for_timeout(100)
    page.wait_for_selector(".leaflet-tooltip", timeout=5000)
    return page.locator(".leaflet-tooltip").last.inner_text()


def test_map_tooltips_are_text(site, browser):
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="ru-RU")
    page = context.new_page()
    try:
        text = _hover_centre(page, f"{site.url}/?view={PROJECT_AT[0]},{PROJECT_AT[1]},13")
        assert text.strip() == PROJECT.strip()
        assert page.locator("#injected-p").count() == 0 and page.locator("meta[http-equiv]").count() == 0
        text = _hover_centre(page, f"{site.url}/?view=42.75,80.1,11")
        assert ZONE in text
        assert page.locator("#injected-z").count() == 0
        assert page.url.startswith(site.url)  # no refresh took the visitor away
    finally:
        context.close()
