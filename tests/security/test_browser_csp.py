"""The pages under their Content-Security-Policy in headless Chromium (Debian's) against a real server.

No CSP violation and no console error on the map, projects, project, region, dashboard and sign-in
pages, with the scripts doing their work (map drawn, charts drawn, tooltips shown, the sort select
submitting, the print button printing); a project whose name is markup opens no dialog. SQLite only.
"""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import make_user
from tests.security.test_escaping import PAYLOAD
from tests.web.browser import Server, sample_engine
from tests.web.test_browser import pytestmark  # noqa: F401  (skips as the other browser tests do)

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
window.__printed = false;
window.print = () => { window.__printed = true; };
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("csp") / "orken.db")
    token = make_user(engine, "csp-admin", "administrator")
    with Server(engine) as server:
        evil = httpx.post(server.url + "/api/v1/projects", headers={"Authorization": f"Bearer {token}"}, json={
            "name": {"kk": PAYLOAD, "ru": PAYLOAD, "en": PAYLOAD}, "region_kato": "350000000", "oked": "24.10",
            "status": "planned", "lat": 49.8, "lon": 73.1, "investment_planned": {"amount": "9000000000000"}})
        assert evil.status_code == 201, evil.text
        server.evil = evil.json()["id"]
        yield server
    engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="ru-RU")
    page = context.new_page()
    page.add_init_script(WATCH)
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def _clean(page) -> None:
    violations = page.evaluate("() => window.__csp")
    assert not violations and not page.problems, violations + page.problems


def test_map_page(site, page):
    page.goto(site.url + "/")
    page.wait_for_function("() => document.getElementById('map').dataset.state === 'ready'", timeout=20000)
    page.wait_for_function("() => document.querySelector('.cluster-icon') !== null", timeout=15000)
    size = page.evaluate("() => document.querySelector('.cluster-icon').style.width")
    assert size.endswith("px")  # the cluster icons are sized through the DOM, not style markup
    _clean(page)


def test_projects_page_sort_submits(site, page):
    page.goto(site.url + "/projects")
    dot = page.locator(".status .dot").first
    assert dot.evaluate("e => getComputedStyle(e).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    page.select_option("#sort", index=1)
    page.wait_for_url(re.compile(r"sort="))
    _clean(page)


def test_project_pages(site, page):
    # a project with a point (the mini-map is drawn only for one; most real records are placed by unit)
    items = httpx.get(site.url + "/api/v1/projects", params={"limit": 500}).json()["items"]
    first = next(i["id"] for i in items if i.get("lat") is not None)
    for pid in (first, site.evil):
        page.goto(f"{site.url}/projects/{pid}")
        page.wait_for_function("() => document.getElementById('mini-map').dataset.state === 'ready'", timeout=20000)
    assert PAYLOAD[:20] in page.inner_text("h1")  # the markup is shown as text
    _clean(page)


def test_region_page_charts_tooltips_and_print(site, page):
    page.goto(site.url + "/regions/350000000")
    page.wait_for_function("() => document.getElementById('region-map').dataset.state === 'ready'", timeout=20000)
    page.wait_for_function("() => [...document.querySelectorAll('.chart-canvas')].every(c => c.querySelector('svg'))")
    chart = page.locator(".chart-canvas").first
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + 20)
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 24)
    page.locator("[data-print]").click()
    assert page.evaluate("() => window.__printed") is True
    _clean(page)


def test_dashboard_and_sign_in(site, page):
    page.goto(site.url + "/dashboard")
    page.wait_for_function("() => [...document.querySelectorAll('.chart-canvas')].every(c => c.querySelector('svg'))")
    for chart in page.locator(".chart-canvas").all()[:3]:
        box = chart.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(150)
    _clean(page)
    page.goto(site.url + "/auth/login")
    page.fill("input[name=username]", "nobody")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()
    assert page.locator("input[name=username]").count() == 1  # refused: the form again
    page.problems[:] = [p for p in page.problems if "status of 401" not in p]  # the refusal itself
    _clean(page)


def test_api_docs_render_offline_under_the_strict_policy(site, page):
    """Swagger UI comes from /static (the npm package), not a CDN: every request stays on the server."""
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site.url) and
            not r.url.startswith("data:") else None)
    page.goto(site.url + "/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20000)  # the operations, grouped by tag, are drawn
    assert page.locator(".opblock").count() > 20
    assert not outside, outside
    _clean(page)
    page.goto(site.url + "/")
    page.click(".site-footer a[href='/api/v1/docs']")  # the footer's link leads there
    page.wait_for_selector(".opblock-tag", timeout=20000)
