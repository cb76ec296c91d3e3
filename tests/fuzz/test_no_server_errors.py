"""Malformed input is a 4xx, never a 500 (both engines): cursors, ids beyond 64 bits, extreme dates,
deep GeoJSON, form fields of the wrong type.

Three layers: the cases an outside attack found (each answered 500 before), a sweep over every GET
route of the app (every integer path or query parameter given a number beyond 64 bits, every date
parameter the first and the last day a ``date`` holds), and a property test: any string as a cursor,
with every sort, is never a server error.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import fuzz_settings
from tests.security.routes import app_routes

HUGE = "99999999999999999999"
SORTS = ["id", "name", "year", "investment", "jobs", "updated"]


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


BAD_CURSORS = [
    _cursor([{"a": 1}, 1]), "W3siYSI6MX0sMV0", _cursor([1, 1]).replace("MV0", "MWU0MDBd"),
    base64.urlsafe_b64encode(b"[1,1e400]").decode(), base64.urlsafe_b64encode(b"[1e400,1]").decode(),
    _cursor([1, 10**30]), _cursor([10**30, 1]), _cursor(["not a date", 1]), _cursor([[1, 2], 1]),
    _cursor([True, 1]), _cursor([None, None]), _cursor([1, "x"]), _cursor([1, 1.5]), _cursor("x"),
    _cursor([1, 2, 3]), _cursor(["2025-01-01T00:00:00", 1]), _cursor([1, -10**30]), "²", "!!!", "",
]


@pytest.fixture
def client(app, engine):
    """An administrator's client that gets a server error as a 500 answer (not a raised exception)."""
    from fastapi.testclient import TestClient

    from tests.conftest import make_user

    token = make_user(engine, "admin", "administrator")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}, raise_server_exceptions=False) as c:
        yield c


def _server_error(r) -> bool:
    return r.status_code >= 500


@pytest.mark.parametrize("sort", SORTS + ["-" + s for s in SORTS])
def test_malformed_cursors(client, sort):
    client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": "350000000"})
    for cursor in BAD_CURSORS:
        for url in ("/api/v1/projects", "/projects"):
            r = client.get(url, params={"sort": sort, "cursor": cursor})
            assert not _server_error(r), (url, sort, cursor, r.status_code, r.text[:200])
    for url in ("/api/v1/zones", "/api/v1/organisations", "/api/v1/review", "/review"):
        for cursor in BAD_CURSORS:
            r = client.get(url, params={"cursor": cursor})
            assert not _server_error(r), (url, cursor, r.status_code, r.text[:200])


@pytest.mark.parametrize("url", [
    f"/projects/{HUGE}", f"/api/v1/projects/{HUGE}", f"/zones/{HUGE}", f"/review/{HUGE}",
    "/api/v1/briefings/national.pdf?on=0001-01-01", "/api/v1/briefings/350000000.xlsx?on=0001-01-01",
    "/api/v1/briefings/national.xlsx?on=9999-12-31", "/api/v1/alerts?on=0001-01-01", "/api/v1/alerts?on=9999-12-31",
    "/api/v1/plan-fact?year=2025&on=0001-01-01", "/review?cursor=²", "/api/v1/review?cursor=²",
    f"/monitoring/reports/new?project={HUGE}",
])
def test_listed_cases(client, url):
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text[:300])


def test_deeply_nested_boundary(client):
    deep = [[73.0, 49.0]]
    for _ in range(900):
        deep = [deep]
    r = client.post("/api/v1/zones", json={"name": {"ru": "Зона"}, "kind": "sez", "region_kato": "350000000",
                                           "boundary": {"type": "Polygon", "coordinates": deep}})
    assert 400 <= r.status_code < 500, r.text[:300]
    r = client.post("/api/v1/zones", json={"name": {"ru": "Зона"}, "kind": "sez", "region_kato": "350000000",
                                           "boundary": {"type": "Polygon", "coordinates": [[[73, 49], "x"]]}})
    assert 400 <= r.status_code < 500, r.text[:300]


def test_report_form_with_wrong_types(app, engine, client):
    import re

    from fastapi.testclient import TestClient

    from tests.conftest import make_user

    pid = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": "350000000"}).json()["id"]
    make_user(engine, "form-admin", "administrator", password="correct horse battery")
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as browser:
        browser.post("/api/v1/auth/login", json={"username": "form-admin", "password": "correct horse battery"})
        page = browser.get("/monitoring/reports/new", params={"project": pid})
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        for form in ({"project_id": "abc", "year": "2025", "quarter": "1"},
                     {"project_id": HUGE, "year": "2025", "quarter": "1"},
                     {"project_id": "", "year": "2025", "quarter": "1"},
                     {"project_id": str(pid), "year": HUGE, "quarter": "1"},
                     {"project_id": str(pid), "year": "x", "quarter": "1"},
                     {"project_id": str(pid), "year": "2025", "quarter": "1", "jobs_permanent": "many"},
                     {"project_id": str(pid), "year": "2025", "quarter": "1", "jobs_permanent": HUGE}):
            r = browser.post("/monitoring/reports/new", data={**form, "csrf_token": token}, follow_redirects=False)
            assert 400 <= r.status_code < 500, (form, r.status_code, r.text[:300])
        for url in (f"/review/{HUGE}", "/review/1"):
            r = browser.post(url, data={"action": "link", "project_id": "abc", "csrf_token": token})
            assert not _server_error(r), (url, r.status_code)


def _params(route):
    """(path params, query params) of a route with their annotations, dependencies included."""
    path, query = {}, {}

    def walk(dependant):
        for p in dependant.path_params:
            path[p.name] = p.field_info.annotation
        for p in dependant.query_params:
            query[p.alias] = p.field_info.annotation
        for d in dependant.dependencies:
            walk(d)

    walk(route.dependant)
    return path, query


def _is(annotation, kind) -> bool:
    text = str(annotation)
    return annotation is kind or kind.__name__ in text.replace("datetime.date", "date")


def test_every_route_refuses_extreme_numbers_and_dates(app, client):
    """Every route: an integer path parameter beyond 64 bits is a 4xx, never a 500; on every GET route
    also every integer query parameter beyond 64 bits and every date parameter at the ends of ``date``."""
    from fastapi.routing import _IncludedRouter

    routes = {}

    def walk(items):
        for r in items:
            if isinstance(r, _IncludedRouter):
                walk(list(r.effective_route_contexts()))
            elif hasattr(r, "dependant"):
                for m in getattr(r, "methods", None) or ():
                    routes[(m, r.path)] = r

    walk(app.routes)
    swept, failures = 0, []
    for method, path in app_routes(app):
        route = routes.get((method, path))
        if route is None or "docs" in path or "openapi" in path:
            continue
        path_params, query_params = _params(route)
        base = {name: ("350000000" if "kato" in name or name == "scope" else
                       ("xlsx" if "briefings" in path else "csv") if name == "fmt" else "1") for name in path_params}
        trials = []
        for name, ann in path_params.items():
            if _is(ann, int):
                trials.append(({**base, name: HUGE}, {}))
        for name, ann in query_params.items() if method == "GET" else ():
            if _is(ann, dt.date) and not _is(ann, dt.datetime):
                trials += [(base, {name: "0001-01-01"}), (base, {name: "9999-12-31"})]
            elif _is(ann, int) and not _is(ann, bool):
                trials.append((base, {name: HUGE}))
        for values, params in trials:
            url = path.format(**values)
            r = client.request(method, url, params=params, json={} if method in ("POST", "PATCH", "PUT") else None)
            swept += 1
            if _server_error(r):
                failures.append((url, params, r.status_code))
    assert not failures and swept > 30, "\n".join(map(str, failures))


@pytest.fixture(scope="module")
def fuzz_client(fuzz_world):
    from fastapi.testclient import TestClient

    from orken.web.app import create_app

    with TestClient(create_app(fuzz_world["engine"]),
                    headers={"Authorization": f"Bearer {fuzz_world['token']}"}, raise_server_exceptions=False) as c:
        yield c


@fuzz_settings(25)
@given(cursor=st.one_of(st.text(max_size=80), st.binary(max_size=60).map(
    lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=6).map(lambda v: _cursor([v, v]) if not isinstance(v, list) else _cursor(v))),
       sort=st.sampled_from(SORTS + ["-" + s for s in SORTS]))
def test_any_cursor_is_never_a_server_error(fuzz_client, cursor, sort):
    for url in ("/api/v1/projects", "/api/v1/zones", "/api/v1/review"):
        r = fuzz_client.get(url, params={"sort": sort, "cursor": cursor} if url.endswith("projects")
                            else {"cursor": cursor})
        assert not _server_error(r), (url, sort, cursor, r.status_code, r.text[:200])

