"""The administration pages over HTTP (both engines): users, roles over scopes, deactivation, a new
password, ending a user's sessions and tokens; refused to everyone but administrators, CSRF-checked,
for a browser session only; each form's problems beside its fields in the page's language."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import make_user

PASSWORD = "correct horse battery staple"
KAR = "350000000"


def browser(app, username: str, password: str = PASSWORD, lang: str = "kk") -> TestClient:
    """A client signed in with a browser session; ``client.csrf`` is the session's CSRF token."""
    c = TestClient(app, cookies={"orken_lang": lang})
    r = c.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    c.csrf = r.json()["csrf_token"]
    return c


def users(engine) -> dict:
    from orken.auth.guard import system_session
    from orken.auth.models import User

    with system_session(engine, "tests") as s:
        return {u.username: {"active": u.is_active, "grants": [(g.role, g.region, g.project_id) for g in u.grants],
                             "id": u.id} for u in s.scalars(select(User))}


@pytest.fixture
def admin(app, engine):
    make_user(engine, "root", "administrator", password=PASSWORD)
    with browser(app, "root") as c:
        yield c


def field_error(html: str, field: str) -> str:
    found = re.search(rf'<span class="field-error" id="e-{field}"[^>]*>([^<]+)</span>', html)
    return found.group(1) if found else ""


def test_an_administrator_adds_a_user_with_a_role_who_then_signs_in_within_it(app, engine, admin):
    page = admin.get("/admin")
    assert page.status_code == 200 and 'href="/admin"' in page.text and "root" in page.text
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "aliya", "display_name": "Әлия",
                                          "password": "a new password 1", "role": "region_analyst", "region": KAR},
                   follow_redirects=False)
    assert r.status_code == 303, r.text
    new = users(engine)["aliya"]
    assert r.headers["location"] == f"/admin/users/{new['id']}?done=created"
    assert new["grants"] == [("region_analyst", KAR, None)] and new["active"]
    shown = admin.get(r.headers["location"]).text
    assert "Қарағанды" in shown and "Пайдаланушы қосылды." in shown
    with browser(app, "aliya", "a new password 1") as c:
        me = c.get("/api/v1/auth/me").json()
        assert me["grants"] == [{"role": "region_analyst", "region": KAR}]
        assert c.get("/admin").status_code == 403
        assert 'href="/admin"' not in c.get("/projects").text  # no header link for non-administrators
    twin = admin.get("/admin", params={"format": "json"}).json()
    assert {u["username"] for u in twin["users"]} >= {"root", "aliya"}


def test_form_problems_are_shown_beside_their_fields_in_the_page_language(app, engine, admin):
    make_user(engine, "taken", "centre_analyst", password=PASSWORD)
    before = users(engine)
    admin.cookies.set("orken_lang", "ru")
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "taken", "password": "short",
                                          "role": "region_analyst", "project_id": "7"})
    assert r.status_code == 422
    assert field_error(r.text, "username") == "Это имя пользователя занято."
    assert field_error(r.text, "password") == "Пароль должен содержать не менее 10 символов."
    assert field_error(r.text, "project_id") == "Эта роль этим не ограничивается."
    assert 'value="taken"' in r.text  # what was entered stays in the form
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "new one", "password": PASSWORD,
                                          "role": "region_analyst"})
    assert field_error(r.text, "username") == "Имя пользователя — от 1 до 100 символов, без пробелов."
    assert "Этой роли нужна область: регион." in field_error(r.text, "role")
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "x", "password": PASSWORD,
                                          "role": "curator", "region": "999999999", "project_id": "99999999"})
    assert field_error(r.text, "region") == "Региона или района с таким кодом КАТО нет."
    assert field_error(r.text, "project_id") == "Проекта с таким номером нет."
    assert users(engine) == before  # nothing written


def test_grants_are_added_and_removed_and_removal_ends_the_users_sessions(app, engine, admin):
    make_user(engine, "bolat", "region_analyst", password=PASSWORD, region=KAR)
    uid = users(engine)["bolat"]["id"]
    bolat = browser(app, "bolat")
    r = admin.post(f"/admin/users/{uid}/grants", data={"csrf_token": admin.csrf, "role": "sector_analyst",
                                                         "sector": "c"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("done=granted")
    assert ("sector_analyst", None, None) in users(engine)["bolat"]["grants"]
    again = admin.post(f"/admin/users/{uid}/grants", data={"csrf_token": admin.csrf, "role": "sector_analyst",
                                                             "sector": "C"})
    assert again.status_code == 422 and field_error(again.text, "role")
    page = admin.get(f"/admin/users/{uid}").text
    grant_ids = re.findall(rf'/admin/users/{uid}/grants/(\d+)/remove', page)
    assert len(grant_ids) == 2
    assert bolat.get("/api/v1/auth/me").json()["signed_in"]
    r = admin.post(f"/admin/users/{uid}/grants/{grant_ids[0]}/remove", data={"csrf_token": admin.csrf},
                   follow_redirects=False)
    assert r.status_code == 303
    assert users(engine)["bolat"]["grants"] == [("sector_analyst", None, None)]
    assert not bolat.get("/api/v1/auth/me").json()["signed_in"]  # signed in with the role: signed out


def test_deactivation_password_and_revocation(app, engine, admin):
    token = make_user(engine, "dana", "curator", password=PASSWORD, region=KAR)
    uid = users(engine)["dana"]["id"]
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        assert api.get("/api/v1/auth/me").json()["signed_in"]
        dana = browser(app, "dana")
        r = admin.post(f"/admin/users/{uid}/revoke", data={"csrf_token": admin.csrf}, follow_redirects=False)
        assert r.status_code == 303
        assert api.get("/api/v1/auth/me").status_code == 401  # the token is revoked
        assert not dana.get("/api/v1/auth/me").json()["signed_in"]  # the session has ended
    r = admin.post(f"/admin/users/{uid}/password", data={"csrf_token": admin.csrf, "password": "short"})
    assert r.status_code == 422 and field_error(r.text, "password")
    r = admin.post(f"/admin/users/{uid}/password", data={"csrf_token": admin.csrf, "password": "another password 2"},
                   follow_redirects=False)
    assert r.status_code == 303
    browser(app, "dana", "another password 2").close()
    r = admin.post(f"/admin/users/{uid}/active", data={"csrf_token": admin.csrf, "active": "0"}, follow_redirects=False)
    assert r.status_code == 303 and not users(engine)["dana"]["active"]
    c = TestClient(app)
    assert c.post("/api/v1/auth/login", json={"username": "dana", "password": "another password 2"}).status_code == 401
    r = admin.post(f"/admin/users/{uid}/active", data={"csrf_token": admin.csrf, "active": "1"}, follow_redirects=False)
    assert r.status_code == 303 and users(engine)["dana"]["active"]
    me = users(engine)["root"]["id"]
    r = admin.post(f"/admin/users/{me}/active", data={"csrf_token": admin.csrf, "active": "0"})
    assert r.status_code == 422 and users(engine)["root"]["active"]
    page = admin.get(f"/admin/users/{me}").text
    own = re.findall(rf'/admin/users/{me}/grants/(\d+)/remove', page)
    r = admin.post(f"/admin/users/{me}/grants/{own[0]}/remove", data={"csrf_token": admin.csrf})
    assert r.status_code == 422 and users(engine)["root"]["grants"] == [("administrator", None, None)]


def test_only_administrators_in_a_browser_session_with_the_csrf_token(app, engine, admin):
    make_user(engine, "erlan", "region_analyst", password=PASSWORD, region=KAR)
    admin_token = make_user(engine, "tokenadmin", "administrator")
    before = users(engine)
    form = {"username": "intruder", "password": PASSWORD}
    public = TestClient(app)
    r = public.get("/admin", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/auth/login")
    assert public.post("/admin/users", data=form, follow_redirects=False).status_code in (303, 401, 403)
    with browser(app, "erlan") as analyst:
        assert analyst.get("/admin").status_code == 403
        assert analyst.get(f"/admin/users/{before['root']['id']}").status_code == 403
        assert analyst.post("/admin/users", data={**form, "csrf_token": analyst.csrf}).status_code == 403
        assert analyst.post(f"/admin/users/{before['root']['id']}/active",
                            data={"active": "0", "csrf_token": analyst.csrf}).status_code == 403
    assert admin.post("/admin/users", data=form).status_code == 403  # no CSRF token
    assert admin.post("/admin/users", data={**form, "csrf_token": "forged"}).status_code == 403
    with TestClient(app, headers={"Authorization": f"Bearer {admin_token}"}) as api:
        assert api.get("/admin").status_code == 200  # a token reads
        assert api.post("/admin/users", data=form).status_code == 403  # but makes no accounts
    assert users(engine) == before


def test_the_administration_in_latin_kazakh_has_no_cyrillic(app, engine, admin):
    from tests.web.test_latin_pages import CYRILLIC, visible_text

    make_user(engine, "gulnar", "region_analyst", password=PASSWORD, region=KAR)
    admin.cookies.set("orken_lang", "kk-Latn")
    for path in ("/admin", f"/admin/users/{users(engine)['gulnar']['id']}"):
        html = admin.get(path).text
        assert '<html lang="kk-Latn">' in html
        assert not CYRILLIC.findall(visible_text(html)), (path, CYRILLIC.findall(visible_text(html))[:10])
    assert "Qarağandy" in html
    # a form shown again keeps what was typed as typed: saving it must not rewrite it in Latin
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "gulnar", "display_name": "Гүлнар",
                                          "password": PASSWORD})
    assert r.status_code == 422 and 'value="Гүлнар"' in r.text and "Būl paidalanuşy aty bos emes." in r.text


def change_entries(engine, username: str) -> list[dict]:
    from orken.auth.guard import system_session
    from orken.auth.models import User
    from orken.db.models import ChangeRecord

    with system_session(engine, "tests") as s:
        uid = s.scalar(select(User.id).where(User.username == username))
        return [{"actor": c.actor, "action": c.action, "before": c.before, "after": c.after}
                for c in s.scalars(select(ChangeRecord).where(ChangeRecord.object_type == "user",
                                                              ChangeRecord.object_id == uid)
                                   .order_by(ChangeRecord.id))]


def test_account_changes_are_in_the_change_log_and_on_the_users_page(app, engine, admin):
    make_user(engine, "erlan", "region_analyst", password=PASSWORD, region=KAR)
    uid = users(engine)["erlan"]["id"]
    created = change_entries(engine, "erlan")
    assert [e["action"] for e in created] == ["create"]
    assert created[0]["after"]["grants"] == [{"role": "region_analyst", "region": KAR}]
    admin.post(f"/admin/users/{uid}/grants", data={"csrf_token": admin.csrf, "role": "sector_analyst", "sector": "C"})
    admin.post(f"/admin/users/{uid}/password", data={"csrf_token": admin.csrf, "password": "another password 3"})
    admin.post(f"/admin/users/{uid}/active", data={"csrf_token": admin.csrf, "active": "0"})
    entries = change_entries(engine, "erlan")[1:]
    assert [e["action"] for e in entries] == ["update"] * 3
    assert all("root" in e["actor"] for e in entries)
    granted, password, deactivated = entries
    assert {"role": "sector_analyst", "sector": "C"} in granted["after"]["grants"]
    assert {"role": "sector_analyst", "sector": "C"} not in granted["before"]["grants"]
    assert password["before"]["password"] != password["after"]["password"]  # a fingerprint that changes
    assert deactivated["before"]["is_active"] and not deactivated["after"]["is_active"]
    from orken.auth.guard import system_session
    from orken.auth.models import User

    with system_session(engine, "tests") as s:
        secret = s.scalar(select(User.password_hash).where(User.username == "erlan"))
    assert secret and all(secret not in str(e) and secret[-20:] not in str(e) for e in entries)  # never the hash
    admin.cookies.set("orken_lang", "ru")
    page = admin.get(f"/admin/users/{uid}").text
    history = page[page.index('id="history"'):]
    assert "Карагандинская" in history and "Отраслевой аналитик" in history  # roles and scopes in words
    assert "sector_analyst" not in history and KAR not in history  # never a code
    assert "Пароль" in history and "деактивирован" in history


def test_account_entries_of_the_change_log_are_for_administrators(app, engine, admin):
    make_user(engine, "farida", "region_analyst", password=PASSWORD, region=KAR)
    token = make_user(engine, "centre", "centre_analyst")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as centre:
        seen = centre.get("/api/v1/changes", params={"limit": 500}).json()["items"]
        assert seen is not None and not [c for c in seen if c["object_type"] == "user"]
        assert centre.get("/api/v1/changes", params={"object_type": "user"}).json()["items"] == []
    everything = admin.get("/api/v1/changes", params={"object_type": "user"}).json()["items"]
    assert {c["object"] for c in everything} >= {"farida", "centre"}
