"""A small world for permission tests: two projects in two regions and sectors, a user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

HOME, AWAY = "350000000", "550000000"  # Karaganda (the scoped users' region) and another region

ROLES = ["administrator", "centre_analyst", "sector_analyst", "region_analyst", "curator", "investor", "public"]


@dataclass
class World:
    clients: dict[str, TestClient]
    home: dict  # project in HOME, sector C, with an investor and internal fields
    away: dict  # project in AWAY, sector B
    investor_id: int


def clients_by_role(admin, anon_client, client_for, project_id: int, organisation_id: int) -> dict[str, TestClient]:
    """A client per role; the scoped ones hold HOME, sector C, ``project_id``, ``organisation_id``."""
    return {
        "administrator": admin,
        "centre_analyst": client_for("centre_analyst"),
        "sector_analyst": client_for("sector_analyst", sector="C"),
        "region_analyst": client_for("region_analyst", region=HOME),
        "curator": client_for("curator", project_id=project_id),
        "investor": client_for("investor", organisation_id=organisation_id),
        "public": anon_client,
    }


@pytest.fixture
def world(client, anon_client, client_for) -> World:
    investor = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО Инвестор"}, "kind": "investor"}).json()
    home = client.post("/api/v1/projects", json={
        "name": {"ru": "Завод в Караганде"}, "region_kato": HOME, "oked": "24.10", "status": "under_construction",
        "programmes": ["gpiir-2020-2025"], "curator": "Иванов И.И.", "note": "внутренняя заметка",
        "organisations": [{"organisation_id": investor["id"], "role": "investor"}],
        "support": [{"kind": "subsidy", "description": "субсидия 5%", "amount": "1000000", "due": "2024-01-01"}],
        "investment_planned": {"amount": "1000000000"}, "jobs_permanent_planned": 100,
        "launch_planned": "2025-06-30"}).json()
    away = client.post("/api/v1/projects", json={
        "name": {"ru": "Рудник в Павлодаре"}, "region_kato": AWAY, "oked": "07.10", "status": "planned",
        "curator": "Петров П.П.", "note": "чужая заметка", "launch_planned": "2026-12-01"}).json()
    return World(clients_by_role(client, anon_client, client_for, home["id"], investor["id"]), home, away,
                 investor["id"])
