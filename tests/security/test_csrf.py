"""CSRF: every state-changing route refuses a cookie-authenticated request without the session's
token or with a wrong one, and nothing changes in the database (both engines). Every POST form of
the templates carries the token."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_user
from tests.security.routes import UNSAFE, app_routes, fill, snapshot
from tests.security.test_every_route import body_for

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "orken" / "web" / "templates"
PASSWORD = "correct horse battery"
#: the sign-in routes need no session token (the form uses a double-submit cookie, tested in
#: tests/auth/test_signin.py); everything else that changes state is swept here
SIGN_IN = {("POST", "/api/v1/auth/login"), ("POST", "/auth/login")}


TOKEN = r'<input type="hidden" name="csrf_token" value="{{'


def _post_forms() -> list[tuple[str, str, str]]:
    """(template, action, body) of every POST form; a call of a macro of the same template that writes
    the token input counts as the input."""
    forms = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        macros = [m.group(1) for m in re.finditer(r"{%-?\s*macro\s+(\w+)\(.*?%}(.*?){%-?\s*endmacro", text, re.S)
                  if re.search(TOKEN, m.group(2))]
        for m in re.finditer(r"<form\b([^>]*)>(.*?)</form>", text, re.S | re.I):
            if re.search(r'method="post"', m.group(1), re.I):
                action = re.search(r'action="([^"?]*)', m.group(1)).group(1)
                body = m.group(2)
                for name in macros:
                    body = re.sub(r"{{\s*" + name + r"\(", lambda _: TOKEN + " ", body)
                forms.append((str(path.relative_to(TEMPLATES)), action, body))
    return forms


def test_every_post_form_carries_the_csrf_token_and_posts_to_a_swept_route(app):
    forms = _post_forms()
    assert len(forms) >= 6
    post_routes = [re.sub(r"{\w+}", "[^/]+", p) for m, p in app_routes(app) if m == "POST"]
    for template, action, body in forms:
        assert re.search(TOKEN, body), f"{template}: {action}"
        # the generic object pages (``pages.objects``) post where ``form_action`` says, for every entity
        actions = _generated_actions() if action == "{{ data.action }}" else [re.sub(r"{{[^}]*}}", "1", action)]
        for concrete in actions:
            assert any(re.fullmatch(p, concrete) for p in post_routes), (template, concrete)


def _generated_actions() -> list[str]:
    from orken.registry.entities import ENTITIES
    from orken.web.pages.objects import form_action

    return [form_action(e, mode, 1) for e in ENTITIES.values() for mode in ("create", "edit", "delete")
            if mode != "edit" or e.update_in is not None]


@pytest.fixture
def signed_in(app, engine, world):
    """A browser (cookie session over HTTPS) of an administrator, and the session's CSRF token."""
    make_user(engine, "cookie-admin", "administrator", password=PASSWORD)
    with TestClient(app, base_url="https://testserver") as c:
        r = c.post("/api/v1/auth/login", json={"username": "cookie-admin", "password": PASSWORD})
        assert r.status_code == 200
        yield c, r.json()["csrf_token"]


def _send(c, method: str, url: str, token: str | None):
    headers = {"X-CSRF-Token": token} if token is not None else {}
    if url.startswith("/api/"):
        if url.startswith("/api/v1/import/"):
            return c.request(method, url, files={"file": ("p.csv", b"name_ru\nx\n")}, headers=headers)
        return c.request(method, url, json=body_for(url), headers=headers)
    form = {"csrf_token": token} if token is not None else {}
    if url == "/import":
        return c.post(url, data=form, files={"file": ("p.csv", b"name_ru\nx\n")}, follow_redirects=False)
    return c.request(method, url, data={**form, "action": "reject", "project_id": "1", "year": "2025",
                                        "quarter": "1"}, follow_redirects=False)


def test_cookie_writes_without_the_token_are_refused_and_change_nothing(app, engine, world, signed_in):
    c, token = signed_in
    routes = [(m, p) for m, p in app_routes(app) if m in UNSAFE and (m, p) not in SIGN_IN]
    assert len(routes) > 25
    before, wrong = snapshot(engine), []
    for method, path in routes:
        for url in fill(path, world):
            for sent in (None, "forged-" + token[:8]):
                r = _send(c, method, url, sent)
                if r.status_code != 403 or "CSRF" not in r.text:
                    wrong.append(f"{method} {url} token={sent}: {r.status_code} {r.text[:150]}")
    assert not wrong, "\n".join(wrong)
    assert snapshot(engine) == before
    # the session is still the administrator's, and the right token does pass the check
    assert c.get("/api/v1/auth/me").json()["username"] == "cookie-admin"
    made = c.post("/api/v1/organisations", json={"name": {"ru": "With token"}, "kind": "investor"}, headers={"X-CSRF-Token": token})
    assert made.status_code == 201


def test_sign_in_does_not_accept_a_cross_site_form_body(app, engine):
    """A cross-site form can post text/plain that looks like JSON; the JSON sign-in must not accept it."""
    make_user(engine, "victim", "administrator", password=PASSWORD)
    with TestClient(app) as c:
        body = '{"username": "victim", "password": "%s", "x": "="}' % PASSWORD
        r = c.post("/api/v1/auth/login", content=body, headers={"Content-Type": "text/plain"})
        assert r.status_code in (415, 422) and "orken_session" not in r.headers.get("set-cookie", "")
