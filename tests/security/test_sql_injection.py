"""SQL injection attempts in every query parameter of every GET route (both engines).

Parameters are enumerated from the routes themselves (the same declarations the OpenAPI document is
built from, plus the page routes that are left out of it). Each gets classic payloads; the answer
must be a 200 with no extra rows (a filter given nonsense matches nothing) or a clean 4xx
(problem+json on the API), never a 5xx; afterwards every table is intact.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import inspect

from tests.security.routes import EXEMPT, app_routes, fill, snapshot

PAYLOADS = [
    "' OR 1=1 --", "1; DROP TABLE projects", "%' --", "\u2019 OR \u20181\u2019=\u20181", "x\x00y",
    "1) UNION SELECT username, password_hash FROM auth_users --", "\\%_" + "A" * 3000,
]
#: filters: a payload must match nothing (or be refused), never everything
FILTERS = {"region", "sector", "status", "programme", "map_level", "zone", "organisation", "q", "kato", "scope",
           "state", "kind", "project", "document", "measure"}


def _query_params(app):
    """(path, {query parameter names}) of every GET route, from the route's own declarations."""
    routes = {}

    def walk(rs):
        from fastapi.routing import _IncludedRouter

        for r in rs:
            if isinstance(r, _IncludedRouter):
                walk(list(r.effective_route_contexts()))
            elif "GET" in (getattr(r, "methods", None) or ()) and getattr(r, "dependant", None) is not None:
                routes[r.path] = _names(r.dependant)

    walk(app.routes)
    return routes


def _names(dependant) -> set[str]:
    """Query parameter names of a route and of all its dependencies (filters come from those)."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _names(sub)
    return names


def _count(r) -> int | None:
    if not r.headers.get("content-type", "").startswith("application/json"):
        return None
    body = r.json()
    if isinstance(body, dict):
        if isinstance(body.get("total"), int):
            return body["total"]
        if isinstance(body.get("items"), list):
            return len(body["items"])
        if isinstance(body.get("features"), list):
            return len(body["features"])
    return None


def test_every_query_parameter_resists_injection(app, world, engine):
    # server errors are answers here (a 500), not exceptions raised into the test
    c = TestClient(app, headers={"Authorization": world.clients["administrator"].headers["Authorization"]},
                   raise_server_exceptions=False)
    params = _query_params(app)
    assert sum(len(v) for v in params.values()) > 80 and "q" in params["/api/v1/projects"]
    before, tables = snapshot(engine), set(inspect(engine).get_table_names())
    wrong, tried = [], 0
    for method, path in app_routes(app):
        if method != "GET" or (method, path) in EXEMPT or not params.get(path):
            continue
        url = fill(path, world)[0]
        baseline = _count(c.get(url))
        # HTML pages have a .json twin with the same loader, swept one parameter at a time; the page
        # itself gets every parameter at once
        together = not url.startswith("/api/") and not path.endswith(".json")
        names = [tuple(sorted(params[path]))] if together else [(n,) for n in sorted(params[path])]
        for group in names:
            for payload in PAYLOADS:
                tried += 1
                name = ",".join(group)
                r = c.get(url, params={n: payload for n in group})
                where = f"GET {url}?{name}={payload[:40]!r}: {r.status_code}"
                if r.status_code >= 500:
                    wrong.append(f"{where} {r.text[:150]}")
                elif r.status_code >= 400:
                    if url.startswith("/api/") and r.headers.get("content-type") != "application/problem+json":
                        wrong.append(f"{where} not problem+json")
                elif r.status_code == 200:
                    n = _count(r)
                    if n is not None and baseline is not None and n > baseline:
                        wrong.append(f"{where} {n} rows, {baseline} without the parameter")
                    if n and name in FILTERS and not path.startswith("/regions/{kato}"):  # the path sets the region
                        wrong.append(f"{where} a nonsense filter matched {n} rows")
    assert tried > 300
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(wrong[:60])
    assert snapshot(engine) == before and set(inspect(engine).get_table_names()) == tables


def test_a_real_programme_filters_the_pages_with_their_programme_facet(world):
    """The programme filter inside the programme facet's join used to lose its FROM (a 500 on every page)."""
    c = world.clients["public"]
    body = c.get("/projects.json", params={"programme": "gpiir-2020-2025"}).json()
    assert body["total"] == 2
    assert c.get("/projects.json", params={"programme": "no-such-programme"}).json()["total"] == 0
    assert c.get("/", params={"programme": "gpiir-2020-2025"}).status_code == 200
