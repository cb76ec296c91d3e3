"""API tokens and sessions: listing and revocation (CLI, API, the account page), expiry, who may
mint tokens, and revoke-all on a password change or a role taken away (both engines)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from orken.auth.models import ApiToken
from orken.cli import app as cli
from orken.auth.guard import system_session
from tests.conftest import make_user

PASSWORD = "correct horse battery"
NEW_PASSWORD = "another long passphrase"


@pytest.fixture
def cli_env(engine, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner().invoke


def _bearer(app, token: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def _signed_in(app, username="dana", password=PASSWORD) -> tuple[TestClient, str]:
    c = TestClient(app, base_url="https://testserver")
    r = c.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return c, r.json()["csrf_token"]


def _me(c: TestClient) -> bool:
    r = c.get("/api/v1/auth/me")
    return r.status_code == 200 and r.json()["signed_in"]


@pytest.fixture
def dana(engine):
    return make_user(engine, "dana", "curator", password=PASSWORD, region="350000000")


def test_the_cli_lists_and_revokes_tokens(app, engine, dana, cli_env):
    second = cli_env(cli, ["users", "token", "dana", "--name", "nightly"])
    assert second.exit_code == 0, second.output
    other = re.search(r"(ork_\S+)", second.output).group(1)
    listed = json.loads(cli_env(cli, ["users", "tokens", "list", "dana", "--json"]).stdout)
    assert [t["name"] for t in listed] == ["nightly", "tests"] and {t["state"] for t in listed} == {"active"}
    assert "ork_" not in json.dumps(listed)  # never the secrets
    with _bearer(app, dana) as c:
        assert _me(c)
        r = cli_env(cli, ["users", "tokens", "revoke", "dana", str(listed[1]["id"])])
        assert r.exit_code == 0, r.output
        assert c.get("/api/v1/auth/me").status_code == 401
    with _bearer(app, other) as c:
        assert _me(c)  # only the one revoked
    assert cli_env(cli, ["users", "tokens", "revoke", "dana", "999999"]).exit_code == 1
    assert cli_env(cli, ["users", "tokens", "revoke", "dana", "--all"]).exit_code == 0
    with _bearer(app, other) as c:
        assert c.get("/api/v1/auth/me").status_code == 401
    states = {t["state"] for t in json.loads(cli_env(cli, ["users", "tokens", "list", "dana", "--json"]).stdout)}
    assert states == {"revoked"}


def test_the_api_lists_and_revokes_ones_own_tokens(app, engine, dana):
    other = make_user(engine, "erlan", "curator", region="350000000")
    with _bearer(app, dana) as c, _bearer(app, other) as e:
        mine = c.get("/api/v1/auth/tokens").json()["items"]
        assert len(mine) == 1 and mine[0]["state"] == "active" and mine[0]["expires_at"]
        theirs = e.get("/api/v1/auth/tokens").json()["items"]
        assert c.delete(f"/api/v1/auth/tokens/{theirs[0]['id']}").status_code == 404  # not mine
        assert _me(e)
        assert e.delete(f"/api/v1/auth/tokens/{theirs[0]['id']}").status_code == 204
        assert e.get("/api/v1/auth/me").status_code == 401
        assert _me(c)


def test_tokens_expire(app, engine, dana, monkeypatch, cli_env):
    with system_session(engine, "tests") as s:
        expires = s.scalar(select(ApiToken.expires_at))
    expires = expires if expires.tzinfo else expires.replace(tzinfo=timezone.utc)
    now = datetime.now(timezone.utc)
    assert timedelta(days=89) < expires - now <= timedelta(days=90)  # the default: 90 days
    monkeypatch.setenv("ORKEN_TOKEN_DAYS", "7")
    short = re.search(r"(ork_\S+)", cli_env(cli, ["users", "token", "dana", "--name", "week"]).output).group(1)
    listed = json.loads(cli_env(cli, ["users", "tokens", "list", "dana", "--json"]).stdout)
    week = datetime.fromisoformat(next(t for t in listed if t["name"] == "week")["expires_at"])
    assert timedelta(days=6) < week - now <= timedelta(days=7, minutes=5)
    with _bearer(app, dana) as c, _bearer(app, short) as s:
        assert _me(c) and _me(s)
        with system_session(engine, "tests") as db:  # time passes: the first token's day has come
            db.execute(update(ApiToken).where(ApiToken.name == "tests").values(expires_at=now - timedelta(seconds=1)))
        assert c.get("/api/v1/auth/me").status_code == 401
        assert c.get("/api/v1/projects").status_code == 401
        assert _me(s)
    states = {t["name"]: t["state"] for t in json.loads(cli_env(cli, ["users", "tokens", "list", "dana",
                                                                      "--json"]).stdout)}
    assert states == {"tests": "expired", "week": "active"}


def test_a_bearer_token_cannot_mint_tokens(app, engine, dana, client):
    for token_client in (client, _bearer(app, dana)):  # an administrator's token, a curator's
        r = token_client.post("/api/v1/auth/tokens", json={"name": "more", "password": PASSWORD})
        assert r.status_code == 403, r.text
    with system_session(engine, "tests") as s:
        assert len(s.scalars(select(ApiToken)).all()) == 2  # none was made


def test_a_session_mints_a_token_only_with_the_password_again(app, dana):
    c, csrf = _signed_in(app)
    with c:
        assert c.post("/api/v1/auth/tokens", json={"name": "x", "password": PASSWORD}).status_code == 403  # no CSRF
        h = {"X-CSRF-Token": csrf}
        assert c.post("/api/v1/auth/tokens", json={"name": "x"}, headers=h).status_code == 422
        assert c.post("/api/v1/auth/tokens", json={"name": "x", "password": "wrong-guess"},
                      headers=h).status_code == 401
        made = c.post("/api/v1/auth/tokens", json={"name": "script", "password": PASSWORD, "days": 30}, headers=h)
        assert made.status_code == 201 and made.json()["token"].startswith("ork_")
        assert c.post("/api/v1/auth/tokens", json={"name": "x", "password": PASSWORD, "days": 9999},
                      headers=h).status_code == 422
    with _bearer(app, made.json()["token"]) as script:
        assert script.get("/api/v1/auth/me").json()["via"] == "token"


def test_a_password_set_by_the_cli_ends_every_session_and_token(app, dana, cli_env):
    c, _ = _signed_in(app)
    with c, _bearer(app, dana) as t:
        assert _me(c) and _me(t)
        r = cli_env(cli, ["users", "password", "dana"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
        assert r.exit_code == 0, r.output
        assert not _me(c)
        assert t.get("/api/v1/auth/me").status_code == 401
    c2, _ = _signed_in(app, password=NEW_PASSWORD)
    with c2:
        assert _me(c2)


def test_changing_ones_password_ends_the_other_sessions_and_tokens(app, dana):
    here, csrf = _signed_in(app)
    there, _ = _signed_in(app)
    with here, there, _bearer(app, dana) as t:
        h = {"X-CSRF-Token": csrf}
        assert here.post("/api/v1/auth/password", json={"current": "wrong-guess", "new": NEW_PASSWORD},
                         headers=h).status_code == 401
        assert _me(there) and _me(t)
        r = here.post("/api/v1/auth/password", json={"current": PASSWORD, "new": NEW_PASSWORD}, headers=h)
        assert r.status_code == 200, r.text
        assert _me(here)  # this browser got a new session
        assert not _me(there)
        assert t.get("/api/v1/auth/me").status_code == 401
    with _bearer(app, dana) as t:
        assert t.post("/api/v1/auth/password", json={"current": NEW_PASSWORD, "new": PASSWORD}).status_code == 401


def test_taking_a_role_away_ends_every_session_and_token(app, dana, cli_env):
    c, _ = _signed_in(app)
    with c, _bearer(app, dana) as t:
        assert _me(c) and _me(t)
        r = cli_env(cli, ["users", "revoke", "dana", "curator", "--all"])
        assert r.exit_code == 0, r.output
        assert not _me(c)
        assert t.get("/api/v1/auth/me").status_code == 401


def _form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("lang, title", [("kk", "Менің тіркелгім"), ("ru", "Моя учётная запись"),
                                         ("en", "My account")])
def test_the_account_page_lists_and_revokes_tokens(app, engine, dana, lang, title):
    with TestClient(app, base_url="https://testserver") as anon:
        r = anon.get("/account", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/auth/login")
    c, csrf = _signed_in(app)
    with c:
        page = c.get("/account", params={"lang": lang})
        assert page.status_code == 200 and title in page.text and ">tests<" in page.text
        assert _form_token(page.text) == csrf
        token_id = int(re.search(r'action="/account/tokens/(\d+)/revoke"', page.text).group(1))
        forged = c.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": "forged"}, follow_redirects=False)
        assert forged.status_code == 403
        with _bearer(app, dana) as t:
            assert _me(t)
            done = c.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False)
            assert done.status_code == 303 and done.headers["location"].startswith("/account")
            assert t.get("/api/v1/auth/me").status_code == 401
        page = c.get("/account", params={"lang": lang})
        assert 'action="/account/tokens/' not in page.text  # nothing left to revoke


def test_the_account_page_makes_tokens_and_changes_the_password(app, engine, dana):
    c, csrf = _signed_in(app)
    with c:
        form = {"name": "nightly", "days": "30", "csrf_token": csrf}
        assert c.post("/account/tokens", data={**form, "password": "wrong-guess"}).status_code == 401
        assert c.post("/account/tokens", data={**form, "password": PASSWORD, "csrf_token": "x"}).status_code == 403
        made = c.post("/account/tokens", data={**form, "password": PASSWORD})
        assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
        secret = re.search(r"(ork_[\w-]+)", made.text).group(1)
        with _bearer(app, secret) as t:
            assert _me(t)
        assert secret not in c.get("/account").text  # shown once
        change = {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf}
        assert c.post("/account/password", data={**change, "confirm": "something else"}).status_code == 422
        assert c.post("/account/password", data={**change, "current": "wrong-guess"}).status_code == 401
        done = c.post("/account/password", data=change, follow_redirects=False)
        assert done.status_code == 303 and "orken_session=" in done.headers["set-cookie"]
        assert _me(c)  # this browser goes on with its new session
        for token in (secret, dana):
            with _bearer(app, token) as t:
                assert t.get("/api/v1/auth/me").status_code == 401


def test_every_string_of_the_account_page_is_translated():
    from importlib.resources import files

    from orken.web.api.auth import TOKEN_STATES
    from orken.web.pages import i18n

    text = files("orken.web").joinpath("templates", "auth", "account.html").read_text("utf-8")
    ids = set(re.findall(r'_\("([^"]+)"\)', text)) | set(TOKEN_STATES.values())
    assert len(ids) > 20
    for lang in ("kk", "ru"):
        missing = sorted(ids - set(i18n.catalog(lang)))
        assert not missing, f"{lang}: untranslated {missing}"
