"""Every route of the app, tried by every role (both engines).

Reads: every GET route with its path parameters filled with the home and the away objects; no 5xx,
no unexpected status, and no internal marker string of an object the role may not read internally
(curator, note, support details, report problems and needs; see ``conftest.MARKERS``) anywhere in the
body: JSON, HTML pages, embedded map/chart JSON, CSV, XLSX, GeoJSON, OC4IDS, briefings.
Writes: every unsafe route is refused to the public, and to a region analyst on the other region's
objects, and the database is unchanged afterwards.
"""

from __future__ import annotations

import pytest

from tests.security.conftest import MARKERS, READS, ROLES
from tests.security.routes import EXEMPT, OPERATIONS, QUERY, UNSAFE, app_routes, body_text, fill, snapshot

#: what a read may answer (redirects are followed; 401/403 for pages and data the role may not read)
READ_STATUSES = {200, 401, 403, 404}


def test_every_route_is_swept_or_exempt(app, world):
    routes = app_routes(app)
    assert len(routes) > 80  # the enumeration really found the app's routes
    unknown = []
    for method, path in routes:
        if (method, path) in EXEMPT:
            continue
        try:
            fill(path, world)
        except (AssertionError, KeyError) as exc:
            unknown.append(f"{method} {path}: {exc}")
    assert not unknown, "routes the security sweep cannot call:\n" + "\n".join(unknown)
    stale = [k for k in EXEMPT if k not in routes]
    assert not stale, f"exemptions of routes that no longer exist: {stale}"


def test_operations_endpoints_are_swept(app, world):
    routes = set(app_routes(app))
    assert OPERATIONS <= routes and not OPERATIONS & set(EXEMPT)
    for role in ROLES:
        c = world.clients[role]
        assert c.get("/healthz").status_code == 200 and c.get("/readyz").status_code == 200
        assert c.get("/metrics").status_code == 403, role  # signed in or not: not the monitoring system


def _reads(app, world):
    for method, path in app_routes(app):
        if method != "GET" or (method, path) in EXEMPT:
            continue
        params = QUERY[path](world) if path in QUERY else None
        for url in fill(path, world):
            yield path, url, params


def test_every_role_reads_every_route_without_leaks(app, world):
    problems, seen = [], {place: set() for place in MARKERS}
    for role in ROLES:
        c = world.clients[role]
        for path, url, params in _reads(app, world):
            r = c.get(url, params=params)
            if r.status_code not in READ_STATUSES:
                problems.append(f"{role} GET {url}: {r.status_code} {r.text[:200]}")
                continue
            body = body_text(r)
            for place, markers in MARKERS.items():
                leaked = [m for m in markers if m in body]
                if leaked and role not in READS[place]:
                    problems.append(f"{role} GET {url}: {place} internal data {leaked}")
                if leaked:
                    seen[place].add(role)
    assert not problems, "\n".join(problems)
    # the sweep can see a leak: those who may read the internal data do find it somewhere
    for place in MARKERS:
        assert seen[place] == READS[place], (place, seen[place])


def _writes(app, world, values: int | None):
    """Unsafe routes with their URLs (``values``: only the home (0) or away (1) objects' ids)."""
    for method, path in app_routes(app):
        if method not in UNSAFE or (method, path) in EXEMPT:
            continue
        if values is not None and "{" not in path:
            continue
        urls = fill(path, world)
        if values is not None:
            urls = [u for u in urls if _is_place(u, path, world, values)]
        for url in urls:
            yield method, url


def _is_place(url: str, path: str, world, index: int) -> bool:
    import re

    names = re.findall(r"{(\w+)}", path)
    pattern = "^" + re.escape(path).replace(r"\{", "{").replace(r"\}", "}")
    for name in names:
        pattern = pattern.replace("{" + name + "}", f"(?P<{name}>[^/]+?)")
    m = re.match(pattern + "$", url)
    return any(name in world.ids and m.group(name) == str(world.ids[name][index]) for name in names)


def body_for(url: str) -> dict:
    """A valid edit for the kind of object the URL names (so a refusal is not a validation error)."""
    for prefix, body in (("/api/v1/projects", {"jobs_permanent_planned": 7, "note": "x"}),
                         ("/api/v1/zones", {"name": {"ru": "x"}}), ("/api/v1/organisations", {"name": {"ru": "x"}}),
                         ("/api/v1/targets", {"projects_launched": 9}),
                         ("/api/v1/auth/tokens", {"name": "x", "password": "correct horse battery"}),
                         ("/api/v1/auth/password", {"current": "correct horse battery", "new": "0123456789x"}),
                         ("/api/v1/reports/", {"investment_period_kzt": "5"} if url.count("/") == 4 else {})):
        if url.startswith(prefix):
            return body
    return {}


def test_the_public_cannot_write_anything(app, world, engine):
    before = snapshot(engine)
    c, wrong = world.clients["public"], []
    for method, url in _writes(app, world, None):
        r = c.request(method, url, json=body_for(url), follow_redirects=False)
        to_sign_in = r.status_code == 303 and r.headers["location"].startswith("/auth/login")
        if r.status_code not in (401, 403) and not to_sign_in:
            wrong.append(f"{method} {url}: {r.status_code} {r.text[:200]}")
    assert not wrong, "\n".join(wrong)
    assert snapshot(engine) == before


@pytest.mark.parametrize("role", ["region_analyst", "sector_analyst", "investor"])
def test_scoped_roles_cannot_write_the_away_objects(app, world, engine, role):
    before = snapshot(engine)
    c, wrong, tried = world.clients[role], [], 0
    for method, url in _writes(app, world, 1):
        if ((method == "PATCH" and url.startswith("/api/v1/organisations/"))
                or (method == "POST" and url.startswith("/organisations/") and url.endswith("/edit"))) and role != "investor":
            continue  # by design: organisations have no region; every project editor edits them (docs/access.md)
        tried += 1
        r = c.request(method, url, json=body_for(url))
        if r.status_code not in (403, 404):
            wrong.append(f"{method} {url}: {r.status_code} {r.text[:200]}")
    assert tried >= 10
    assert not wrong, "\n".join(wrong)
    assert snapshot(engine) == before
