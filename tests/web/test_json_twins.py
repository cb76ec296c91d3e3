"""Every HTML page's JSON twin (``?format=json``) is the data the page shows (both engines).

The page routes are taken from ``app.routes`` (every GET outside /api/, /static and the operations
endpoints), their path parameters filled with the security world's objects (a project with reports, a
zone, a region, a fact of the review queue), and each is opened by an administrator. Whatever answers
HTML must answer ``?format=json`` with a JSON object that carries the page's data: at least one key
besides ``page``/``lang``/``user``, and on list pages the items. (``/monitoring?format=json`` was
``{"page": "monitoring"}``, and the sign-in and account pages the same.)
"""

from __future__ import annotations

import re

import pytest

from tests.security.conftest import world  # noqa: F401  (the fixture)
from tests.security.routes import OPERATIONS, QUERY, app_routes, fill

HOLLOW = {"page", "lang", "user"}
#: list pages and the keys that hold what they list
LISTS = {
    "/projects": ["items"], "/zones": ["items"], "/review": ["items"], "/sources": ["items"],
    "/conflicts": ["items"], "/monitoring/inbox": ["due", "overdue", "drafts", "returned", "to_review", "waiting",
                                                   "alerts"],
    "/monitoring": ["plan_fact"], "/account": ["tokens"],
}


def _page_urls(app, w):
    for method, path in app_routes(app):
        if method != "GET" or path.startswith(("/api/", "/static")) or (method, path) in OPERATIONS:
            continue
        if path.endswith(".json") or "{fmt}" in path:
            continue  # the twins themselves, and downloads
        yield path, fill(path, w)[0], QUERY[path](w) if path in QUERY else {}


@pytest.fixture
def fact(world, engine):  # noqa: F811
    from orken.auth.guard import system_session
    from orken.news.ingest import DocumentIn, ingest
    from tests.news.conftest import KK

    with system_session(engine, "tests") as s:
        ingest(s, DocumentIn(text=KK, title="Алюминий"))
    items = world.clients["administrator"].get("/api/v1/review").json()["items"]
    assert items
    return items[0]["id"]


def test_every_html_page_has_a_real_json_twin(app, world, fact):  # noqa: F811
    admin = world.clients["administrator"]
    world.ids["fact_id"] = [fact, fact]
    pages, problems = 0, []
    for path, url, params in _page_urls(app, world):
        html = admin.get(url, params=params, follow_redirects=False)
        if not html.headers.get("content-type", "").startswith("text/html"):
            continue  # a redirect or a download
        pages += 1
        r = admin.get(url, params={**params, "format": "json"}, follow_redirects=False)
        if r.status_code != html.status_code or not r.headers.get("content-type", "").startswith("application/json"):
            problems.append(f"{url}: twin {r.status_code} {r.headers.get('content-type')} (page {html.status_code})")
            continue
        data = r.json()
        if not isinstance(data, dict) or not set(data) - HOLLOW:
            problems.append(f"{url}: hollow twin {str(data)[:120]}")
            continue
        for key in LISTS.get(path, []):
            if data.get(key) is None:
                problems.append(f"{url}: the twin lacks {key!r} (has {sorted(data)})")
        # the page's own link to its JSON (<link rel="alternate">, the footer's "JSON") leads to the twin
        link = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html.text)
        linked = admin.get(link.group(1).replace("&amp;", "&"), follow_redirects=False) if link else None
        if linked is None or linked.status_code != r.status_code or linked.json() != data:
            problems.append(f"{url}: its JSON link {link and link.group(1)} answers "
                            f"{linked and linked.status_code}, not the twin")
    assert pages >= 20, pages  # the walk really opened the pages
    assert not problems, "\n".join(problems)


def test_the_twins_carry_what_the_pages_show(app, world, fact):  # noqa: F811
    """Spot checks: the inbox lists the draft reports, the report page the report, the dashboard the lines."""
    admin = world.clients["administrator"]
    inbox = admin.get("/monitoring/inbox", params={"format": "json"}).json()
    assert {r["id"] for r in inbox["drafts"]} >= set(world.ids["report_id"])
    report = admin.get(f"/monitoring/reports/{world.ids['report_id'][0]}", params={"format": "json"}).json()
    assert report["report"]["id"] == world.ids["report_id"][0] and report["project"]["id"] == world.home["id"]
    assert report["report"]["problems"] == "problemsHOMEx7"  # the administrator reads the internal fields
    dashboard = admin.get("/monitoring", params={"year": 2025, "group_by": "region", "format": "json"}).json()
    assert {line["key"] for line in dashboard["plan_fact"]["items"]} >= set(world.ids["kato"])
    # what the viewer may not read stays out of the twin as it stays out of the page
    investor = world.clients["investor"]
    away = investor.get(f"/monitoring/reports/{world.ids['report_id'][1]}", params={"format": "json"})
    assert away.status_code in (403, 404) and "problemsAWAYx7" not in away.text
