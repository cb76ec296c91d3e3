"""An investor's journey in headless Chromium against a real server over the sample (SQLite): the
zones catalogue filtered, the site matcher, a result's zone page and its participants."""

from __future__ import annotations

import os
import re

import pytest

from tests.web.browser import CHROMIUM, Server, sample_engine
from tests.web.test_browser import STATIC, shoot

import playwright.sync_api  # noqa: E402, F401

_may_skip = not os.environ.get("CI")
pytestmark = [
    pytest.mark.skipif(_may_skip and not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(_may_skip and not (STATIC / "leaflet" / "leaflet.js").exists(), reason="web assets not built"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("zones-browser") / "orken.db")
    with Server(engine) as running:
        yield running
    engine.dispose()


def _page(browser, width: int, lang: str):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=f"{lang}-KZ")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


def test_investor_filters_matches_and_reaches_the_participants(server, browser, tmp_path):
    context, page = _page(browser, 1400, "ru")
    page.goto(server.url + "/zones?lang=ru")
    everything = page.locator(".zone-card").count()
    assert everything >= 30
    page.locator("#z-has-rail").check()
    page.locator("#zone-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"has=rail"))
    with_rail = page.locator(".zone-card").count()
    assert 1 <= with_rail < everything
    assert all("Железная дорога" in t for t in page.locator(".zone-card .infra").all_inner_texts())
    page.wait_for_function("() => document.getElementById('zones-map').dataset.state === 'ready'")
    assert page.locator("#zones-map").get_attribute("data-points") == str(with_rail)

    page.locator("#open-matcher").click()
    page.wait_for_url(re.compile(r"/zones/match"))
    page.locator("#m-need-rail").check()
    page.locator("#m-need-gas").check()
    page.locator("#m-region").select_option("330000000")  # Jetisu
    page.locator("#need button[type=submit]").click()
    page.wait_for_url(re.compile(r"need=rail.*region=330000000|region=330000000.*need=rail"))
    first = page.locator(".zone-card").first
    assert "Хоргос" in first.locator("h2").inner_text()
    assert "Железная дорога" in first.locator(".fits").inner_text()
    assert "Газ" in first.locator(".missing").inner_text()  # what is missing is said
    shared = page.url
    first.locator("h2 a").click()
    page.wait_for_url(re.compile(r"/zones/\d+$"))
    rows = page.locator("#h-participants ~ .table-wrap table.data tbody tr, section:has(#h-participants) tbody tr")
    assert rows.count() >= 1
    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/projects/\d+$"))
    page.goto(shared)  # the search is a shareable URL
    assert "Хоргос" in page.locator(".zone-card").first.inner_text()
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_zone_pages_fit_the_screen(server, browser, tmp_path, width, lang):
    context, page = _page(browser, width, lang)
    for name, url in (("zones", "/zones?has=rail"), ("match", "/zones/match?need=gas,rail,water&land=50&sector=20"),
                      ("zone", "/zones?q=хоргос")):
        page.goto(f"{server.url}{url}&lang={lang}")
        if name == "zone":
            page.locator(".zone-card h2 a").first.click()
            page.wait_for_url(re.compile(r"/zones/\d+$"))
        else:
            page.wait_for_function("() => document.getElementById('zones-map').dataset.state === 'ready'")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {width} px in {lang}: {overflow} px wider than the screen"
        shoot(page, f"zones-{name}-{width}-{lang}", tmp_path)
    assert page.errors == []
    context.close()


def test_map_zone_layer_legend_and_place_names(server, browser, tmp_path):
    context, page = _page(browser, 1400, "kk")
    page.goto(server.url + "/?view=49.8,73.1,8&lang=kk")
    page.wait_for_function("() => document.getElementById('map').dataset.state === 'ready'", timeout=15000)
    assert "Аймақтар" in page.locator("#legend").inner_text()  # zones in the legend
    labels = page.locator(".place-label")
    assert labels.count() >= 5 and "Қарағанды" in " ".join(labels.all_inner_texts())
    zones_shown = page.locator(".zone-icon").count()
    assert zones_shown >= 1
    page.get_by_label("Аймақтар", exact=True).uncheck()  # the zones are a layer that can be toggled
    assert page.locator(".leaflet-marker-pane .zone-icon").count() == 0
    page.get_by_label("Жер атаулары", exact=True).uncheck()
    assert page.locator(".place-label").count() == 0
    page.goto(server.url + "/?view=48.3,67.3,5&lang=kk")  # the whole country: no district names
    page.wait_for_function("() => document.getElementById('map').dataset.state === 'ready'", timeout=15000)
    assert not any(t for t in page.locator(".place-district").all_inner_texts())
    shoot(page, "map-places-kk", tmp_path)
    page.goto(server.url + "/zones?q=хоргос&lang=kk")
    page.locator(".zone-card h2 a").first.click()
    page.wait_for_function("() => { const m = document.getElementById('zone-map'); return m && m.dataset.state === 'ready'; }")
    assert page.errors == []
    context.close()
