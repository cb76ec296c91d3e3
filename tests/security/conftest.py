"""A world for the security checks: home and away objects of every kind, a user per role.

Every internal string is a distinct ASCII marker, so a leak shows up by a plain substring search in
any response (JSON, HTML, CSV, XLSX text). The home objects are in Karaganda (sector C), the away
ones in Pavlodar (sector B): outside the scope of every scoped role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from tests.auth.conftest import AWAY, HOME, ROLES, clients_by_role

__all__ = ["AWAY", "HOME", "ROLES", "World", "MARKERS"]

#: internal strings of the home and away objects; who may read them is in ``READS``
MARKERS = {
    "home": ["curatorHOMEx7", "noteHOMEx7", "supportHOMEx7", "problemsHOMEx7", "needsHOMEx7"],
    "away": ["curatorAWAYx7", "noteAWAYx7", "supportAWAYx7", "problemsAWAYx7", "needsAWAYx7"],
}
#: which roles read the internal data of the home and the away objects
READS = {
    "home": {"administrator", "centre_analyst", "sector_analyst", "region_analyst", "curator", "investor"},
    "away": {"administrator", "centre_analyst"},
}


@dataclass
class World:
    clients: dict[str, TestClient]
    home: dict
    away: dict
    ids: dict = field(default_factory=dict)  # path parameter -> [home value, away value]


def _ok(response, status=(200, 201)):
    assert response.status_code in status, response.text
    return response.json()


def _project(admin, place: str, region: str, oked: str, org_id: int, zone_id: int) -> dict:
    m = dict(zip(("curator", "note", "support", "problems", "needs"), MARKERS[place]))
    return _ok(admin.post("/api/v1/projects", json={
        "name": {"ru": f"Project {place} public", "en": f"Project {place} public"}, "region_kato": region,
        "oked": oked, "status": "under_construction", "programmes": ["gpiir-2020-2025"], "zone_id": zone_id,
        "curator": m["curator"], "note": m["note"],
        "organisations": [{"organisation_id": org_id, "role": "investor"}],
        "support": [{"kind": "subsidy", "description": m["support"], "amount": "1000000", "due": "2024-01-01"}],
        "investment_planned": {"amount": "1000000000"}, "jobs_permanent_planned": 100,
        "launch_planned": "2025-06-30", "lat": 49.8 if place == "home" else 52.3,
        "lon": 73.1 if place == "home" else 76.9}))


def _report(admin, project: dict, place: str) -> dict:
    """A draft report (internal) with marker problems/needs, and an approved, unpublished one."""
    m = dict(zip(("curator", "note", "support", "problems", "needs"), MARKERS[place]))
    draft = _ok(admin.post("/api/v1/reports", json={
        "project_id": project["id"], "year": 2025, "quarter": 1, "investment_period_kzt": "100",
        "problems": m["problems"], "needs": m["needs"]}))
    approved = _ok(admin.post("/api/v1/reports", json={
        "project_id": project["id"], "year": 2025, "quarter": 2, "investment_period_kzt": "200",
        "problems": m["problems"], "needs": m["needs"]}))
    _ok(admin.post(f"/api/v1/reports/{approved['id']}/submit"))
    _ok(admin.post(f"/api/v1/reports/{approved['id']}/approve"))
    return draft


def _tasks(engine, project_ids: list[int]) -> list[int]:
    """An open task of a quiet project (orken.tasks) on each project, as the sweep opens them."""
    from datetime import datetime, timezone

    from orken.auth.guard import service_writes, system_session
    from orken.tasks.models import Task

    with system_session(engine, "tests") as s, service_writes(s, "tasks"):
        tasks = [Task(project_id=pid, open_project_id=pid, kind="confirm_status",
                      quiet_since=datetime(2024, 1, 1, tzinfo=timezone.utc)) for pid in project_ids]
        s.add_all(tasks)
        s.flush()
        return [t.id for t in tasks]


@pytest.fixture
def world(client, anon_client, client_for, engine) -> World:
    admin = client
    investor = _ok(admin.post("/api/v1/organisations", json={"name": {"ru": "Investor LLP"}, "kind": "investor"}))
    other = _ok(admin.post("/api/v1/organisations", json={"name": {"ru": "Other LLP"}, "kind": "investor"}))
    zones = [_ok(admin.post("/api/v1/zones", json={"name": {"ru": f"Zone {p}"}, "kind": "industrial_zone",
                                                    "region_kato": r}))
             for p, r in (("home", HOME), ("away", AWAY))]
    home = _project(admin, "home", HOME, "24.10", investor["id"], zones[0]["id"])
    away = _project(admin, "away", AWAY, "07.10", other["id"], zones[1]["id"])
    reports = [_report(admin, home, "home"), _report(admin, away, "away")]
    targets = [_ok(admin.post("/api/v1/targets", json={"year": 2025, "kato": k, "projects_launched": 3}))
               for k in (HOME, AWAY)]
    contacts = [_ok(admin.post("/api/v1/contacts", json={"zone_id": z["id"], "name": f"Desk {z['id']}"}))
                for z in zones]
    portfolios = [_ok(admin.post("/api/v1/portfolios", json={"name": {"ru": f"Pool {p['id']}"}, "projects": [p["id"]]}))
                  for p in (home, away)]
    clients = clients_by_role(admin, anon_client, client_for, home["id"], investor["id"])
    ids = {
        "project_id": [home["id"], away["id"]], "zone_id": [zones[0]["id"], zones[1]["id"]],
        "org_id": [investor["id"], other["id"]], "kato": [HOME, AWAY],
        "target_id": [t["id"] for t in targets], "report_id": [r["id"] for r in reports],
        "contact_id": [c["id"] for c in contacts], "portfolio_id": [p["id"] for p in portfolios],
        "task_id": _tasks(engine, [home["id"], away["id"]]),
    }
    return World(clients, home, away, ids)
