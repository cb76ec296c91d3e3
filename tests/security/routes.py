"""The app's routes, enumerated from the app itself, and how to fill their path parameters.

``app_routes`` walks ``app.routes`` (including FastAPI's lazily included routers), so a new
endpoint shows up here without anyone listing it; ``tests/security/test_every_route.py`` fails
until it is exercised by the checks or listed in ``EXEMPT`` with a reason.
"""

from __future__ import annotations

import hashlib
import io
import re

from fastapi.routing import _IncludedRouter
from sqlalchemy import select

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: routes the role × route sweep does not call, and why
EXEMPT = {
    ("GET", "/api/v1/docs"): "static Swagger UI shell (no data); its CSP is checked in test_headers",
    ("POST", "/api/v1/auth/login"): "sign-in: refuses bad credentials and is throttled (test_sessions)",
    ("POST", "/auth/login"): "sign-in form: double-submit CSRF cookie (tests/auth/test_signin.py)",
    ("POST", "/api/v1/auth/logout"): "signing out the public is a no-op; with a cookie it needs CSRF (test_csrf)",
    ("POST", "/auth/logout"): "signing out the public is a no-op; with a cookie it needs CSRF (test_csrf)",
}
#: operations endpoints (orken.web.ops): swept like every other route, never exempt; /metrics
#: answers 403 to every role of the sweep (the test client is not on a loopback address)
OPERATIONS = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")}
#: values of path parameters without a home/away object in the world (nonexistent ones: 404 expected)
OTHER_PARAMS = {"token_id": ["999999"], "action": ["submit", "approve", "return", "correct"], "fact_id": ["999999"],
                "document_id": ["999999"], "token": ["no-such-job"], "entity": ["projects"], "story_id": ["999999"],
                "user_id": ["1", "999999"], "grant_id": ["1", "999999"]}
#: formats per route (the ``{fmt}`` parameter) and briefing scopes
FORMATS = {
    "/api/v1/export/projects.{fmt}": ["csv", "xlsx", "geojson", "oc4ids.json"],
    "/projects.{fmt}": ["json", "csv"],
    "/zones.{fmt}": ["csv", "xlsx"],
    "/zones/{zone_id}/contacts.{fmt}": ["csv", "xlsx"],
    "/api/v1/briefings/{scope}.{fmt}": ["xlsx"],
}
#: query parameters some routes need
QUERY = {
    "/monitoring/reports/new": lambda w: {"project": w.ids["project_id"][0]},
    "/api/v1/regions/locate": lambda w: {"lat": 49.8, "lon": 73.1},
    "/api/v1/plan-fact": lambda w: {"year": 2025, "group_by": "project"},
    "/api/v1/alerts": lambda w: {"on": "2027-06-01"},
    "/monitoring": lambda w: {"year": 2025},
    # the lookup by name finds the home and the away projects (and searches no internal field)
    "/api/v1/lookup": lambda w: {"q": "project public"},
}


def app_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, HEAD left out (it mirrors GET)."""
    found = []

    def walk(routes):
        for route in routes:
            if isinstance(route, _IncludedRouter):
                walk(list(route.effective_route_contexts()))
                continue
            for method in sorted(getattr(route, "methods", None) or []):
                if method != "HEAD":
                    found.append((method, route.path))

    walk(app.routes)
    return sorted(set(found))


def fill(path: str, world) -> list[str]:
    """Concrete URLs of a route: every path parameter with its home and away values."""
    urls = [path]
    for name in re.findall(r"{(\w+)}", path):
        if name == "fmt":
            values = FORMATS[path]
        elif name == "scope":
            values = ["national", *world.ids["kato"]]
        else:
            values = [str(v) for v in world.ids.get(name, OTHER_PARAMS.get(name, []))]
        assert values, f"no values for path parameter {name!r} of {path}: add them to tests/security/routes.py"
        urls = [u.replace("{" + name + "}", v, 1) for u in urls for v in values]
    return urls


def body_text(response) -> str:
    """What a response shows a reader: text, or the cell values of a spreadsheet."""
    kind = response.headers.get("content-type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                         for v in row if v is not None)
    return response.content.decode("utf-8", "replace")


#: tables whose rows change on any request by design (sign-in bookkeeping)
VOLATILE = {"auth_login_attempts", "auth_sessions"}


def snapshot(engine) -> dict[str, str]:
    """A digest of every table's rows, to show that a refused request changed nothing."""
    from orken.capabilities import load_models

    out = {}
    with engine.connect() as conn:
        for table in load_models().sorted_tables:
            if table.name in VOLATILE:
                continue
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return out
