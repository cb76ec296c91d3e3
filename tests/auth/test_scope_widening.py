"""No one widens or moves scopes through an edit.

Found by an outside attack: a project-scoped curator moved their project to another region (200):
the Karaganda analyst lost it and the Kyzylorda analyst gained it; a region analyst attached an
organisation as investor, and that organisation's investor user then read the project's internal
fields. Changing what decides who else may see a project (its region or district, sector,
programmes) needs a grant that covers it on both sides by those attributes (not a grant on the
project itself), and adding a participant that others hold grants on needs an unscoped role
(administrator, centre analyst).
"""

from __future__ import annotations

from sqlalchemy import select

from orken.db.models import AdminUnit
from tests.auth.conftest import AWAY, HOME
from tests.conftest import make_user


def a_district_of(session, region: str) -> str:
    return session.scalar(select(AdminUnit.kato).where(AdminUnit.parent_kato == region).order_by(AdminUnit.kato))


def test_a_project_curator_cannot_move_their_project(world, session):
    curator = world.clients["curator"]
    pid = world.home["id"]
    for change in ({"region_kato": AWAY}, {"district_kato": a_district_of(session, HOME)}, {"oked": "07.10"},
                   {"programmes": []}):
        r = curator.patch(f"/api/v1/projects/{pid}", json=change)
        assert r.status_code == 403, (change, r.text)
    got = world.clients["administrator"].get(f"/api/v1/projects/{pid}").json()
    assert got["region_kato"] == HOME and got["version"] == world.home["version"]
    assert curator.patch(f"/api/v1/projects/{pid}", json={"jobs_permanent_actual": 7}).status_code == 200


def test_a_region_analyst_moves_within_their_region_only(world, session):
    analyst = world.clients["region_analyst"]
    pid = world.home["id"]
    assert analyst.patch(f"/api/v1/projects/{pid}", json={"region_kato": AWAY}).status_code == 403
    moved = analyst.patch(f"/api/v1/projects/{pid}", json={"district_kato": a_district_of(session, HOME)})
    assert moved.status_code == 200, moved.text
    assert analyst.patch(f"/api/v1/projects/{pid}", json={"oked": "10.11"}).status_code == 200
    assert world.clients["administrator"].patch(f"/api/v1/projects/{pid}", json={"region_kato": AWAY}).status_code == 200


def test_attaching_an_organisation_others_hold_grants_on_needs_an_unscoped_role(world, client_for, engine):
    admin = world.clients["administrator"]
    org = admin.post("/api/v1/organisations", json={"name": {"ru": "ТОО Чужой инвестор"}, "kind": "investor"}).json()
    token = make_user(engine, "investor-other", "investor", organisation_id=org["id"])
    from fastapi.testclient import TestClient

    investor = TestClient(admin.app, headers={"Authorization": f"Bearer {token}"})
    analyst = world.clients["region_analyst"]
    pid = world.home["id"]
    current = admin.get(f"/api/v1/projects/{pid}").json()["organisations"]
    keep = [{"organisation_id": o["organisation_id"], "role": o["role"]} for o in current]
    with_other = keep + [{"organisation_id": org["id"], "role": "investor"}]
    r = analyst.patch(f"/api/v1/projects/{pid}", json={"organisations": with_other})
    assert r.status_code == 403, r.text
    assert "note" not in investor.get(f"/api/v1/projects/{pid}").json()  # still no internal fields
    # nor by creating a project with it
    r = analyst.post("/api/v1/projects", json={"name": {"ru": "Новый"}, "region_kato": HOME,
                                               "organisations": [{"organisation_id": org["id"], "role": "investor"}]})
    assert r.status_code == 403, r.text
    # an organisation nobody holds grants on may be attached
    free = admin.post("/api/v1/organisations", json={"name": {"ru": "ТОО Свободное"}, "kind": "investor"}).json()
    r = analyst.patch(f"/api/v1/projects/{pid}",
                      json={"organisations": keep + [{"organisation_id": free["id"], "role": "investor"}]})
    assert r.status_code == 200, r.text
    # a centre analyst covers both sides
    centre = world.clients["centre_analyst"]
    r = centre.patch(f"/api/v1/projects/{pid}", json={"organisations": with_other})
    assert r.status_code == 200, r.text
    assert investor.get(f"/api/v1/projects/{pid}").json()["note"] == "внутренняя заметка"
