"""Fuzzing: hypothesis profiles, and a throw-away database seeded with real-looking data for schemathesis.

Profiles (hypothesis settings of the tests in this folder; pick one with ``ORKEN_FUZZ_PROFILE``):

- ``ci`` (default): few examples, derandomised (the same examples on every run), no deadline;
- ``long``: many random examples, for a night run: ``ORKEN_FUZZ_PROFILE=long pytest tests/fuzz``.

``ORKEN_FUZZ_EXAMPLES=N`` sets the number of examples of every test here (API operation x role, property).
The default run (``pytest tests/fuzz``) takes about 4 minutes on a busy 2-core machine. A longer one, e.g.

    ORKEN_FUZZ_PROFILE=long ORKEN_FUZZ_EXAMPLES=60 pytest tests/fuzz/test_api_schemathesis.py   # ~10 min
    ORKEN_FUZZ_PROFILE=long ORKEN_FUZZ_EXAMPLES=1500 pytest tests/fuzz -k "not schemathesis"    # ~3 min

draws new random examples on every run; a failure prints the blob to reproduce it (``@reproduce_failure``).
"""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from orken.db import migrate
from orken.auth.guard import system_session
from tests.conftest import fresh_database, make_user

_slow = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=25, derandomize=True, database=None, deadline=None,
                          suppress_health_check=_slow, print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_slow, print_blob=True)


def fuzz_settings(ci_examples: int) -> settings:
    """The settings of one fuzz test: the chosen profile, with ``ci_examples`` examples under ``ci``."""
    name = os.environ.get("ORKEN_FUZZ_PROFILE", "ci")
    examples = os.environ.get("ORKEN_FUZZ_EXAMPLES")
    profile = settings.get_profile(name)
    if examples:
        return settings(profile, max_examples=int(examples))
    return settings(profile, max_examples=ci_examples) if name == "ci" else profile


def _seed(engine) -> dict[str, list]:
    """Reference data, the sample registry, two news texts in the review queue, a target, a report and an
    import job: so that generated path ids can name real objects. Returns the ids by path parameter name."""
    from orken.news.ingest import DocumentIn, ingest
    from orken.reference.loader import load_reference
    from orken.sample import loader
    from orken.web.app import create_app
    from tests.news.conftest import KK, RU

    migrate.upgrade(engine)
    with system_session(engine, "tests") as s:
        load_reference(s)
        loader.load(s)
    with system_session(engine, "tests") as s:
        ingest(s, DocumentIn(text=KK))
    with system_session(engine, "tests") as s:
        ingest(s, DocumentIn(text=RU))
    token = make_user(engine, "fuzz-admin", "administrator")
    with TestClient(create_app(engine), headers={"Authorization": f"Bearer {token}"}) as c:
        projects = [p["id"] for p in c.get("/api/v1/projects", params={"limit": 1000}).json()["items"]]
        zones = [z["id"] for z in c.get("/api/v1/zones", params={"limit": 1000}).json()["items"]]
        orgs = [o["id"] for o in c.get("/api/v1/organisations", params={"limit": 1000}).json()["items"]]
        facts = c.get("/api/v1/review", params={"limit": 500}).json()["items"]
        target = c.post("/api/v1/targets", json={"year": 2025, "projects_launched": 3})
        report = c.post("/api/v1/reports", json={"project_id": projects[0], "year": 2025, "quarter": 1,
                                                 "jobs_permanent": 10})
        job = c.post("/api/v1/import/projects", files={"file": ("p.csv", "name,region,status\nЗавод,350000000,"
                                                                "planned\n".encode())})
        contact = c.post("/api/v1/contacts", json={"zone_id": zones[0], "name": "Desk", "phone": "+7 700 000 0000"})
        for r in (target, report, job, contact):
            assert r.status_code == 201, r.text
    return {
        "token": token,
        "project_id": projects, "zone_id": zones, "org_id": orgs, "target_id": [target.json()["id"]],
        "contact_id": [contact.json()["id"]],
        "report_id": [report.json()["id"]], "fact_id": [f["id"] for f in facts],
        "document_id": sorted({f["document"]["id"] for f in facts}),
        "kato": ["350000000", "351610000", "750000000"], "entity": ["projects", "zones", "reports"],
        "fmt": ["csv", "xlsx", "geojson", "oc4ids.json", "pdf"], "scope": ["national", "350000000"],
    }


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_world(request, tmp_path_factory):
    """A throw-away database of one engine, seeded (see ``_seed``), shared by one module's tests: the
    write operations change it as they go, which is what a throw-away database is for."""
    engine = fresh_database(request.param, tmp_path_factory, lambda: request.getfixturevalue("postgres_url"))
    try:
        world = _seed(engine)
        world["engine"] = engine
        world["answers"] = set()  # (method, path, who, status) seen by the sweep
        yield world
    finally:
        engine.dispose()
