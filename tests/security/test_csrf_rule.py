"""The one CSRF rule, per class of route, over HTTP on the real app (both engines).

- JSON API: a browser session must send its token in ``X-CSRF-Token``; a bearer token needs none.
- Form pages: a browser session must send its token in the form's ``csrf_token`` field; a bearer token
  needs none, and may post the form unless the route declares itself browser-only (the account forms,
  which make or end credentials: an API token cannot mint tokens or change the password).
- Sign-in: the form uses a double-submit cookie; the JSON sign-in needs nothing (a cross-site page cannot
  send ``application/json``), even from a browser holding a stale session cookie.

Each unsafe page route declares its CSRF flavour with the one dependency (``orken.web.deps.FormCSRF``);
no copy of the check lives anywhere else in ``orken.web``. (tests/security/test_csrf.py sweeps every
unsafe route with a missing and a forged token.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.testclient import TestClient

from tests.conftest import make_user
from tests.security.routes import UNSAFE

PASSWORD = "correct horse battery"
HOME = "350000000"
CSV = b"name_ru,region\nCSRF plant,350000000\n"


def _dependency_calls(dependant) -> list:
    calls = []
    for d in dependant.dependencies:
        calls.append(d.call)
        calls += _dependency_calls(d)
    return calls


def _page_routes(app):
    def walk(routes):
        for route in routes:
            if hasattr(route, "effective_route_contexts"):
                yield from walk(list(route.effective_route_contexts()))
            else:
                yield route

    return [r for r in walk(app.routes) if isinstance(getattr(r, "dependant", None), Dependant)
            and r.methods & UNSAFE and not r.path.startswith("/api/")]


def test_every_unsafe_page_route_declares_the_one_csrf_dependency(app):
    from orken.web import deps

    one = getattr(deps, "FormCSRF", ())
    routes = _page_routes(app)
    assert len(routes) >= 10
    undeclared = [f"{sorted(r.methods)} {r.path}" for r in routes
                  if not any(isinstance(c, one) for c in _dependency_calls(r.dependant))]
    assert not undeclared, "page routes that check CSRF by hand (or not at all):\n" + "\n".join(undeclared)


def test_no_copy_of_the_csrf_check_outside_deps():
    import orken.web

    web = Path(orken.web.__file__).parent
    copies = []
    for path in web.rglob("*.py"):
        if path.name == "deps.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r'csrf_ok"\]\s*=', r"compare_digest\([^)]*csrf", r'form\.get\("csrf_token"'):
            copies += [f"{path.relative_to(web)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert not copies, "\n".join(copies)


def test_the_routes_that_check_a_password_declare_it(app):
    """Sign-in, token creation and password changes begin deferred on SQLite, declared on the route
    (not as a list of URL paths, which breaks as soon as a route is reached under another path)."""
    from orken.web import deps

    marker = getattr(deps, "DEFERRED", None)
    declared = {r.path for r in _page_routes(app) + _api_routes(app) if marker and getattr(r.endpoint, marker, False)}
    assert not hasattr(deps, "PASSWORD_CHECKS")
    assert declared == {"/api/v1/auth/login", "/auth/login", "/api/v1/auth/tokens", "/api/v1/auth/password",
                        "/account/tokens", "/account/password"}


def _api_routes(app):
    def walk(routes):
        for route in routes:
            if hasattr(route, "effective_route_contexts"):
                yield from walk(list(route.effective_route_contexts()))
            else:
                yield route

    return [r for r in walk(app.routes) if isinstance(getattr(r, "dependant", None), Dependant)
            and r.methods & UNSAFE and r.path.startswith("/api/")]


# --- over HTTP ------------------------------------------------------------------------------------


@pytest.fixture
def setup(app, engine, client):
    """A project with a draft report, a browser session of an administrator and its token, and an
    administrator's API token."""
    project = client.post("/api/v1/projects", json={"name": {"ru": "CSRF plant"}, "region_kato": HOME,
                                                     "oked": "24.10", "status": "under_construction"}).json()
    report = client.post("/api/v1/reports", json={"project_id": project["id"], "year": 2025, "quarter": 1,
                                                  "investment_period_kzt": "100"}).json()
    make_user(engine, "cookie-admin", "administrator", password=PASSWORD)
    bearer = make_user(engine, "token-admin", "administrator", password=PASSWORD)
    with TestClient(app, base_url="https://testserver") as browser:
        r = browser.post("/api/v1/auth/login", json={"username": "cookie-admin", "password": PASSWORD})
        assert r.status_code == 200
        with TestClient(app, headers={"Authorization": f"Bearer {bearer}"}) as api:
            yield {"browser": browser, "csrf": r.json()["csrf_token"], "api": api, "report": report["id"],
                   "project": project["id"]}


def _refused(r) -> bool:
    return r.status_code == 403 and "CSRF" in r.text


def test_json_api_session_needs_the_header_and_a_token_needs_nothing(setup):
    browser, csrf, api = setup["browser"], setup["csrf"], setup["api"]
    body = {"name": {"ru": "Org"}, "kind": "investor"}
    assert _refused(browser.post("/api/v1/organisations", json=body))
    assert _refused(browser.post("/api/v1/organisations", json=body, headers={"X-CSRF-Token": "forged"}))
    # the token in a form field does not count for JSON: the header is the JSON half of the rule
    assert _refused(browser.post("/api/v1/organisations", json=body, params={"csrf_token": csrf}))
    assert browser.post("/api/v1/organisations", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert api.post("/api/v1/organisations", json=body).status_code == 201


FORMS = {
    "monitoring": lambda s: (f"/monitoring/reports/{s['report']}/submit", {}, None),
    "import": lambda s: ("/import", {"entity": "projects"}, {"file": ("p.csv", CSV)}),
    "review": lambda s: ("/review/999999", {"action": "reject", "reason": "x"}, None),
    "logout": lambda s: ("/auth/logout", {}, None),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_form_pages_need_the_session_token_and_accept_bearer_tokens(setup, form):
    browser, csrf, api = setup["browser"], setup["csrf"], setup["api"]
    url, fields, files = FORMS[form](setup)
    for sent in ({}, {"csrf_token": "forged"}, {"csrf_token": csrf[:-1]}):
        r = browser.post(url, data={**fields, **sent}, files=files, follow_redirects=False)
        assert _refused(r), (form, sent, r.status_code, r.text[:200])
    # a bearer token is not a browser: it needs no CSRF token, and these forms do not refuse it
    r = api.post(url, data=fields, files=files, follow_redirects=False)
    assert r.status_code < 400 or r.status_code == 404, (form, r.status_code, r.text[:200])
    # the session with its token passes the check (404: the review's fact does not exist)
    r = browser.post(url, data={**fields, "csrf_token": csrf}, files=files, follow_redirects=False)
    assert r.status_code < 400 or (form == "review" and r.status_code == 404), (form, r.status_code, r.text[:200])


def test_a_monitoring_form_posted_with_a_token_acts(setup, session):
    from orken.monitoring.models import Report

    r = setup["api"].post(f"/monitoring/reports/{setup['report']}/submit", data={}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/monitoring/reports/{setup['report']}"
    assert session.get(Report, setup["report"]).state == "submitted"


@pytest.mark.parametrize("url", ["/account/tokens", "/account/password", "/account/tokens/1/revoke"])
def test_the_account_forms_are_browser_only(setup, url):
    browser, csrf, api = setup["browser"], setup["csrf"], setup["api"]
    fields = {"name": "x", "password": PASSWORD, "current": PASSWORD, "new": "0123456789abc",
              "confirm": "0123456789abc"}
    r = api.post(url, data=fields, follow_redirects=False)
    assert r.status_code == 403 and "browser session" in r.text, r.text
    assert _refused(browser.post(url, data=fields, follow_redirects=False))
    r = browser.post(url, data={**fields, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code in (201, 303, 404), (url, r.status_code, r.text[:200])


def test_sign_in_form_and_json_sign_in(app, engine, setup):
    browser = setup["browser"]  # holds a session cookie: signing in again needs no session token
    page = browser.get("/auth/login")
    # the sign-in form's own token (the header's sign-out form carries the session's)
    token = re.search(r'action="/auth/login".*?name="csrf_token" value="([^"]+)"', page.text, re.S).group(1)
    form = {"username": "cookie-admin", "password": PASSWORD, "next": "/monitoring"}
    for sent in ({}, {"csrf_token": "forged"}):
        assert _refused(browser.post("/auth/login", data={**form, **sent}, follow_redirects=False))
    ok = browser.post("/auth/login", data={**form, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/monitoring"
    # no double-submit cookie at all (a cross-site form): refused, whatever the field says
    with TestClient(app, base_url="https://testserver") as fresh:
        assert _refused(fresh.post("/auth/login", data={**form, "csrf_token": token}, follow_redirects=False))
    again = browser.post("/api/v1/auth/login", json={"username": "cookie-admin", "password": PASSWORD})
    assert again.status_code == 200 and again.json()["csrf_token"]


def test_a_form_may_carry_the_token_in_the_header(setup):
    """The rule is the session's token, in the header or in the form's field, on every unsafe request."""
    browser, csrf = setup["browser"], setup["csrf"]
    r = browser.post(f"/monitoring/reports/{setup['report']}/submit", headers={"X-CSRF-Token": csrf},
                     follow_redirects=False)
    assert r.status_code == 303, r.text[:200]


def test_password_checks_begin_deferred_under_a_proxy_prefix(app, engine):
    """A password-checking form reached under a proxy's path prefix (``root_path``) still begins
    deferred: on SQLite its throttle's own transaction does not wait for the request's write lock."""
    make_user(engine, "prefixed", "administrator", password=PASSWORD)
    with TestClient(app, base_url="https://testserver", root_path="/orken") as c:
        r = c.post("/orken/api/v1/auth/login", json={"username": "prefixed", "password": PASSWORD})
        assert r.status_code == 200, r.text
        csrf = r.json()["csrf_token"]
        made = c.post("/orken/account/tokens", data={"name": "t", "password": PASSWORD, "days": "",
                                                     "csrf_token": csrf}, follow_redirects=False)
        assert made.status_code == 201, made.text[:300]


@pytest.mark.parametrize(("method", "url", "back"), [
    ("GET", "/monitoring/inbox", "/monitoring/inbox"), ("GET", "/import", "/import"), ("GET", "/review", "/review"),
    ("GET", "/sources", "/sources"), ("GET", "/account", "/account"), ("POST", "/account/tokens", "/account"),
    ("POST", "/import", "/import")])
def test_the_signed_in_gate_sends_the_public_to_sign_in(anon_client, method, url, back):
    r = anon_client.request(method, url, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/auth/login?next={back}", (r.status_code, r.text[:200])


def test_the_signed_in_gate_refuses_roles_without_access(client, client_for):
    org = client.post("/api/v1/organisations", json={"name": {"ru": "Investor LLP"}, "kind": "investor"}).json()
    investor = client_for("investor", organisation_id=org["id"])  # edits no project: no review, no sources
    for url in ("/review", "/sources", "/conflicts", "/api/v1/review", "/api/v1/sources"):
        r = investor.get(url, follow_redirects=False)
        assert r.status_code == 403, (url, r.status_code)
