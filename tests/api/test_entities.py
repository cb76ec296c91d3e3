"""Entities from one spec: every entity's writes pass the one write path (orken.registry.entities), so
none can skip the version check or the change log."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import orken
from orken.web.app import create_app  # noqa: F401  (imports every capability, so every spec is declared)

SRC = Path(orken.__file__).parent


def _entities() -> dict:
    from orken.registry.entities import ENTITIES

    return ENTITIES


def _record_calls():
    """(module, line, object_type) of each ``changelog.record(...)`` call in the package."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "changelog":
                kind = node.args[3] if len(node.args) > 3 else next(
                    (k.value for k in node.keywords if k.arg == "object_type"), None)
                yield path.relative_to(SRC).as_posix(), node.lineno, (
                    kind.value if isinstance(kind, ast.Constant) else None)


def test_only_the_one_write_path_logs_changes_of_entities():
    """An entity's change-log entry is written by ``orken.registry.entities`` alone: a hand-written
    create/update/delete of an entity (which may forget the log or the version check) is refused."""
    names = set(_entities())
    assert {"project", "zone", "organisation", "target", "portfolio", "contact"} <= names
    by_hand = [(module, line, kind) for module, line, kind in _record_calls()
               if module != "registry/entities.py" and (kind is None or kind in names)]
    assert not by_hand, f"change-log entries of entities written outside the one write path: {by_hand}"


def _zone(client) -> int:
    r = client.post("/api/v1/zones", json={"name": {"ru": "СЭЗ"}, "kind": "sez", "region_kato": "350000000"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


#: per entity: (collection, what to create it with, a change); every declared entity is here
WRITES = {
    "project": ("/projects", lambda c: {"name": {"ru": "Завод"}, "region_kato": "350000000"}, {"note": "n"}),
    "zone": ("/zones", lambda c: {"name": {"ru": "ИЗ"}, "kind": "industrial_zone", "region_kato": "350000000"},
             {"area_ha": "10"}),
    "organisation": ("/organisations", lambda c: {"name": {"ru": "ТОО"}, "kind": "investor"}, {"country": "KZ"}),
    "target": ("/targets", lambda c: {"year": 2031, "projects_launched": 2}, {"projects_launched": 3}),
    "portfolio": ("/portfolios", lambda c: {"name": {"ru": "Пул"}}, {"horizon": 2030}),
    "contact": ("/contacts", lambda c: {"zone_id": _zone(c), "name": "Деск"}, {"phone": "+7 700 000 00 00"}),
}


def test_every_entity_is_exercised_here():
    assert set(WRITES) == set(_entities())


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_entity_write_is_version_checked_and_logged(client, name):
    entity = _entities()[name]
    path, create, change = WRITES[name]
    api = f"/api/v1{path}"
    assert entity.path == path
    created = client.post(api, json=create(client))
    assert created.status_code == 201, created.text
    ident, version = created.json()["id"], created.json()["version"]

    def log():
        return [(e["action"], e["object_id"]) for e in
                client.get("/api/v1/changes", params={"object_type": name, "limit": 1000}).json()["items"]
                if e["object_id"] == ident]

    assert log() == [("create", ident)]
    if change is None:  # create only
        return
    stale = client.patch(f"{api}/{ident}", json={**change, "version": version + 5})
    assert stale.status_code == 409 and stale.json()["current"]["version"] == version
    changed = client.patch(f"{api}/{ident}", json={**change, "version": version})
    assert changed.status_code == 200 and changed.json()["version"] == version + 1
    assert log() == [("update", ident), ("create", ident)]
    assert client.delete(f"{api}/{ident}", params={"version": version}).status_code == 409
    assert client.delete(f"{api}/{ident}", params={"version": version + 1}).status_code == 204
    assert log() == [("delete", ident), ("update", ident), ("create", ident)]


def test_a_portfolios_members_are_replaced_by_an_update_and_the_rest_left_alone(client):
    made = [client.post("/api/v1/projects", json={"name": {"ru": f"Завод {i}"}, "region_kato": "350000000"}).json()["id"]
            for i in range(3)]
    p = client.post("/api/v1/portfolios", json={"name": {"ru": "Пул"}, "horizon": 2029, "projects": made[:2]}).json()
    r = client.patch(f"/api/v1/portfolios/{p['id']}", json={"projects": made[1:], "version": p["version"]})
    assert r.status_code == 200, r.text
    assert r.json()["projects"] == sorted(made[1:]) and r.json()["horizon"] == 2029 and r.json()["name"]["ru"] == "Пул"
    missing = client.patch(f"/api/v1/portfolios/{p['id']}", json={"projects": [made[0], 10**9]})
    assert missing.status_code == 422 and [e["field"] for e in missing.json()["errors"]] == ["projects"]


def test_what_the_database_deletes_with_an_object_is_logged_too(client):
    """A zone's contacts go with it (the foreign key cascades): each gets its own delete entry, with its
    last state, so its history does not end without a word."""
    zone = _zone(client)
    contact = client.post("/api/v1/contacts", json={"zone_id": zone, "name": "Деск", "phone": "+7 700 000 00 00"})
    assert contact.status_code == 201, contact.text
    version = client.get(f"/api/v1/zones/{zone}").json()["version"]
    assert client.delete(f"/api/v1/zones/{zone}", params={"version": version}).status_code == 204
    entries = [e for e in client.get("/api/v1/changes", params={"object_type": "contact", "limit": 1000}).json()["items"]
               if e["object_id"] == contact.json()["id"]]
    assert [e["action"] for e in entries] == ["delete", "create"]
    assert client.get(f"/api/v1/contacts/{contact.json()['id']}").status_code == 404
