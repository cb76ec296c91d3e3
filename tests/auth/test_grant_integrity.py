"""Deleting a record never deletes other users' grants, and ids are never given twice.

Found by an outside attack: a curator deleted an unlinked organisation and an investor silently
lost its grant (``auth_grants`` cascades), then SQLite gave the organisation's id to the next one.
A delete that would take grants with it is refused (409, naming who holds them, in the reader's
language); on SQLite every table referred to by id is ``AUTOINCREMENT``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from orken.auth.models import UserGrant
from tests.conftest import make_user

HOME = "350000000"


def grants(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(UserGrant))


@pytest.mark.parametrize("lang,word", [("ru", "нельзя удалить"), ("kk", "жоюға болмайды"), ("en", "cannot be deleted")])
def test_deleting_an_organisation_others_hold_grants_on_is_refused(client, client_for, engine, session, lang, word):
    org = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО Инвестор"}, "kind": "investor"}).json()
    make_user(engine, "investor-aigul", "investor", organisation_id=org["id"])
    curator = client_for("curator", region=HOME)
    before = grants(session)
    r = curator.delete(f"/api/v1/organisations/{org['id']}", params={"lang": lang})
    assert r.status_code == 409, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["users"] == ["investor-aigul"] and "investor-aigul" in r.json()["detail"]
    assert word in r.json()["detail"]
    assert grants(session) == before  # the investor keeps the grant
    assert client.get(f"/api/v1/organisations/{org['id']}").status_code == 200
    # with no grant on it, it goes
    other = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО Другое"}, "kind": "investor"}).json()
    assert curator.delete(f"/api/v1/organisations/{other['id']}").status_code == 204


def test_deleting_a_project_a_curator_holds_a_grant_on_is_refused(client, engine, session):
    p = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": HOME}).json()
    make_user(engine, "curator-bolat", "curator", project_id=p["id"])
    r = client.delete(f"/api/v1/projects/{p['id']}", headers={"Accept-Language": "ru"})
    assert r.status_code == 409 and r.json()["users"] == ["curator-bolat"], r.text
    assert "Проект" in r.json()["detail"]
    assert client.get(f"/api/v1/projects/{p['id']}").status_code == 200


@pytest.mark.parametrize("path,body", [
    ("/api/v1/projects", {"name": {"ru": "Завод"}, "region_kato": HOME}),
    ("/api/v1/organisations", {"name": {"ru": "ТОО"}, "kind": "investor"}),
    ("/api/v1/zones", {"name": {"ru": "СЭЗ"}, "kind": "sez", "region_kato": HOME}),
])
def test_an_id_is_never_given_twice(client, path, body):
    first = client.post(path, json=body).json()["id"]
    assert client.delete(f"{path}/{first}").status_code == 204
    second = client.post(path, json=body).json()["id"]
    assert second > first  # not the deleted one's id again


def test_every_table_referred_to_by_id_is_autoincrement_on_sqlite(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL sequences never reuse ids")
    tables = ("projects", "organisations", "zones", "documents", "auth_users", "monitoring_targets",
              "monitoring_portfolios", "monitoring_reports", "news_facts")
    with engine.connect() as conn:
        for table in tables:
            ddl = conn.scalar(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table})
            assert "AUTOINCREMENT" in ddl, table
