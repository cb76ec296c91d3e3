"""Session cookies, sign-out, throttling, tokens and redirects (beyond tests/auth/test_signin.py).

Cookie flags over a real uvicorn server behind a proxy's ``X-Forwarded-Proto``; the session key is
invalid on the server after sign-out (replaying the old cookie gets nothing); sign-in never reuses a
key the browser brought (no fixation); throttling per address across user names and on the form;
API tokens only in the Authorization header; the sign-in form never redirects off the site.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import httpx
import pytest
from fastapi.testclient import TestClient

from orken.auth import throttle
from tests.conftest import make_user
from tests.web.browser import Server

PASSWORD = "correct horse battery"


def _login(c, username="aigerim", password=PASSWORD):
    return c.post("/api/v1/auth/login", json={"username": username, "password": password})


def _session_cookie(response) -> SimpleCookie:
    cookie = SimpleCookie()
    cookie.load(response.headers["set-cookie"])
    return cookie


@pytest.fixture
def user(engine):
    make_user(engine, "aigerim", "region_analyst", password=PASSWORD, region="350000000")
    return "aigerim"


@pytest.mark.parametrize("forwarded, secure", [(None, False), ("https", True), ("http", False)])
def test_cookie_flags_behind_a_proxy_on_a_real_server(engine, user, forwarded, secure):
    with Server(engine) as server:
        headers = {"X-Forwarded-Proto": forwarded} if forwarded else {}
        r = httpx.post(server.url + "/api/v1/auth/login", json={"username": user, "password": PASSWORD},
                       headers=headers)
    assert r.status_code == 200
    morsel = _session_cookie(r)["orken_session"]
    assert morsel["httponly"] is True and morsel["samesite"].lower() == "lax" and morsel["path"] == "/"
    assert bool(morsel["secure"]) is secure
    assert 0 < int(morsel["max-age"]) <= 12 * 3600


def test_the_cookie_is_secure_everywhere_when_configured(app, user, monkeypatch):
    monkeypatch.setenv("ORKEN_COOKIE_SECURE", "1")
    with TestClient(app) as c:  # plain http
        assert _session_cookie(_login(c))["orken_session"]["secure"]


def test_sign_out_ends_the_session_on_the_server(app, user):
    with TestClient(app, base_url="https://testserver") as c:
        r = _login(c)
        key, csrf = c.cookies["orken_session"], r.json()["csrf_token"]
        assert c.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    with TestClient(app, base_url="https://testserver", cookies={"orken_session": key}) as replay:
        assert replay.get("/api/v1/auth/me").json()["signed_in"] is False
        made = replay.post("/api/v1/organisations", json={"name": {"ru": "x"}, "kind": "investor"},
                           headers={"X-CSRF-Token": csrf})
        assert made.status_code == 401


def test_sign_out_form_ends_the_session_on_the_server(app, user):
    with TestClient(app, base_url="https://testserver") as c:
        r = _login(c)
        key, csrf = c.cookies["orken_session"], r.json()["csrf_token"]
        assert c.post("/auth/logout", data={"csrf_token": "forged"}, follow_redirects=False).status_code == 403
        assert c.get("/api/v1/auth/me").json()["signed_in"] is True  # a forged sign-out changes nothing
        assert c.post("/auth/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    with TestClient(app, base_url="https://testserver", cookies={"orken_session": key}) as replay:
        assert replay.get("/api/v1/auth/me").json()["signed_in"] is False


def test_sign_in_issues_a_new_key_not_the_one_the_browser_brought(app, user):
    with TestClient(app, base_url="https://testserver", cookies={"orken_session": "planted-by-attacker"}) as c:
        issued = _session_cookie(_login(c))["orken_session"].value
        assert issued != "planted-by-attacker" and len(issued) >= 40


def test_failures_per_address_are_throttled_across_user_names(app, user):
    with TestClient(app) as c:
        for i in range(throttle.PER_ADDRESS):
            assert _login(c, f"nobody-{i}", "wrong-guess").status_code == 401
        blocked = _login(c)  # a new user name, the right password, the same address
        assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
        assert c.get("/api/v1/auth/me").json()["signed_in"] is False


def test_the_sign_in_form_is_throttled_too(app, user):
    with TestClient(app) as c:
        for _ in range(throttle.PER_USER):
            assert _login(c, password="wrong-guess").status_code == 401
        page = c.get("/auth/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/auth/login", data={"username": user, "password": PASSWORD, "csrf_token": token, "next": "/"},
                   follow_redirects=False)
        assert r.status_code == 429 and "orken_session" not in r.headers.get("set-cookie", "")


def test_api_tokens_are_accepted_only_in_the_authorization_header(app, engine):
    token = make_user(engine, "script", "administrator")
    with TestClient(app) as c:
        for params in ({"token": token}, {"access_token": token}, {"api_key": token}):
            assert c.get("/api/v1/auth/me", params=params).json()["signed_in"] is False
        assert c.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["signed_in"] is True
        assert c.get("/api/v1/users", headers={"X-API-Key": token}).status_code == 401
    with TestClient(app, cookies={"orken_session": token}) as as_cookie:
        assert as_cookie.get("/api/v1/auth/me").json()["signed_in"] is False


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "/\t/evil.example/",
                                    "https://evil.example/", "javascript:alert(1)", "/%2F/evil.example"])
def test_the_sign_in_form_never_redirects_off_the_site(app, user, target):
    with TestClient(app) as c:
        page = c.get("/auth/login", params={"next": target})
        assert page.status_code == 200
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/auth/login", data={"username": user, "password": PASSWORD, "csrf_token": token,
                                        "next": target}, follow_redirects=False)
        assert r.status_code == 303
        location = r.headers["location"]
        assert httpx.URL(location).host == "" and re.match(r"/(?![/\\])", location), location
        assert not re.search(r"[\s\\]", location), location
