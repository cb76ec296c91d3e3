"""Sign-in with argon2 passwords, secure session cookies, CSRF, API tokens, throttling, the users CLI."""

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from orken.auth.models import User
from orken.cli import app as cli
from tests.conftest import make_user

PASSWORD = "correct horse battery"


@pytest.fixture
def browser(app, engine):
    make_user(engine, "aigerim", "region_analyst", password=PASSWORD, region="350000000")
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def test_password_is_stored_as_argon2id_and_sign_in_sets_a_secure_cookie(browser, session):
    stored = session.scalar(select(User.password_hash).where(User.username == "aigerim"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    r = browser.post("/api/v1/auth/login", json={"username": "aigerim", "password": PASSWORD})
    assert r.status_code == 200 and r.json()["roles"] == ["region_analyst"]
    cookie = r.headers["set-cookie"]
    assert "orken_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie
    assert "samesite=lax" in cookie.lower()
    assert browser.get("/api/v1/auth/me").json()["username"] == "aigerim"


def test_cookie_writes_need_the_csrf_token(browser):
    csrf = browser.post("/api/v1/auth/login", json={"username": "aigerim", "password": PASSWORD}).json()["csrf_token"]
    body = {"name": {"ru": "Завод"}, "region_kato": "350000000"}
    assert browser.post("/api/v1/projects", json=body).status_code == 403
    assert browser.post("/api/v1/projects", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert browser.get("/api/v1/projects").json()["total"] == 0  # nothing was written
    made = browser.post("/api/v1/projects", json=body, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    # sign-out needs the token too, and ends the session
    assert browser.post("/api/v1/auth/logout").status_code == 403
    assert browser.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.get("/api/v1/auth/me").json()["signed_in"] is False


def test_sign_in_form_has_double_submit_csrf(browser):
    page = browser.get("/auth/login")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = {"username": "aigerim", "password": PASSWORD, "next": "/"}
    assert browser.post("/auth/login", data={**form, "csrf_token": "forged"}, follow_redirects=False).status_code == 403
    ok = browser.post("/auth/login", data={**form, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303 and "orken_session=" in ok.headers["set-cookie"]
    wrong = browser.post("/auth/login", data={**form, "password": "nope", "csrf_token": token}, follow_redirects=False)
    assert wrong.status_code == 401


def test_login_is_rate_limited_even_for_the_right_password(browser):
    for _ in range(5):
        assert browser.post("/api/v1/auth/login", json={"username": "aigerim", "password": "wrong-guess"}).status_code == 401
    blocked = browser.post("/api/v1/auth/login", json={"username": "aigerim", "password": PASSWORD})
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert blocked.headers["content-type"] == "application/problem+json"


def test_tokens_bad_tokens_and_new_tokens(app, engine, client):
    with TestClient(app, headers={"Authorization": "Bearer ork_not-a-token"}) as bad:
        assert bad.get("/api/v1/projects").status_code == 401
    make_user(engine, "boss", "administrator", password=PASSWORD)
    with TestClient(app, base_url="https://testserver") as browser:
        csrf = browser.post("/api/v1/auth/login", json={"username": "boss", "password": PASSWORD}).json()["csrf_token"]
        made = browser.post("/api/v1/auth/tokens", json={"name": "script", "password": PASSWORD},
                            headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201 and made.json()["token"].startswith("ork_")
    with TestClient(app, headers={"Authorization": f"Bearer {made.json()['token']}"}) as script:
        assert script.get("/api/v1/auth/me").json() == {
            "signed_in": True, "username": "boss", "via": "token", "roles": ["administrator"],
            "grants": [{"role": "administrator"}], "csrf_token": None}


def test_users_cli(engine, monkeypatch, app):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")
    run = CliRunner().invoke
    r = run(cli, ["users", "add", "dana", "--role", "curator", "--region", "350000000", "--token"],
            input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r.output
    token = re.search(r"(ork_\S+)", r.output).group(1)
    assert run(cli, ["users", "grant", "dana", "sector_analyst", "--sector", "c"]).exit_code == 0
    bad = run(cli, ["users", "grant", "dana", "region_analyst"])
    assert bad.exit_code == 1 and "needs a scope" in bad.output
    listed = json.loads(run(cli, ["users", "list", "--json"]).stdout)
    assert listed == [{"username": "dana", "name": None, "active": True, "password": True,
                       "grants": ["curator (region=350000000)", "sector_analyst (sector=C)"]}]
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as dana:
        assert dana.get("/api/v1/auth/me").json()["roles"] == ["curator", "sector_analyst"]
        assert run(cli, ["users", "revoke", "dana", "curator", "--region", "350000000"]).exit_code == 0
        assert dana.get("/api/v1/auth/me").status_code == 401  # taking a role away ends the user's tokens
    token = re.search(r"(ork_\S+)", run(cli, ["users", "token", "dana"]).output).group(1)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as dana:
        assert dana.get("/api/v1/auth/me").json()["roles"] == ["sector_analyst"]
    assert run(cli, ["users", "revoke", "dana", "curator", "--all"]).exit_code == 1  # nothing left to revoke
    assert run(cli, ["users", "add", "dana", "--no-password"]).exit_code == 1  # exists
