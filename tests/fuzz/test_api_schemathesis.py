"""Schemathesis against Orken's own OpenAPI document: no operation answers a server error.

Every operation of ``/api/v1/openapi.json`` is called with generated input, as an administrator (API token)
and as the public, on a seeded throw-away SQLite and PostgreSQL database; write operations run too (deletes
last). Path ids are often swapped for ids of real objects so that requests get past "not found". Checks:

- ``not_a_server_error``: no 5xx, whatever the input;
- ``status_code_conformance`` / ``content_type_conformance``: the status and media type are documented
  (errors are documented as application/problem+json, see ``orken.web.openapi``);
- ``response_schema_conformance``: every answer matches its declared schema (the Problem of every error,
  and the output model of every JSON success: ``tests/api/test_response_schemas.py`` sees that each has one).

Examples per operation and role: 10 under the ``ci`` profile, derandomised; ``ORKEN_FUZZ_EXAMPLES=200``
for a long run (see ``tests/fuzz/conftest.py``).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import create_engine

from orken.web.app import create_app
from tests.fuzz.conftest import fuzz_settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ORDER = {"get": 0, "post": 1, "patch": 2, "delete": 3}


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation, reads first and deletes last."""
    document = create_app(create_engine("sqlite://")).openapi()
    ops = [(method, path) for path, item in document["paths"].items() for method in item if method in ORDER]
    return sorted(ops, key=lambda op: ORDER[op[0]])


OPERATIONS = _operations()


def test_every_operation_is_covered():
    """The sweep is not vacuous: it sees the whole API, writes included."""
    methods = {m for m, _ in OPERATIONS}
    assert len(OPERATIONS) >= 55 and methods == set(ORDER)
    assert ("post", "/api/v1/projects") in OPERATIONS and ("delete", "/api/v1/projects/{project_id}") in OPERATIONS


@pytest.fixture(scope="module")
def api(fuzz_world):
    app = create_app(fuzz_world["engine"])
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("who", ["administrator", "public"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_no_server_error(api, fuzz_world, method, path, who):
    operation = api[path][method.upper()]
    headers = {"Authorization": f"Bearer {fuzz_world['token']}"} if who == "administrator" else {}

    @fuzz_settings(10)
    @given(case=operation.as_strategy(), data=st.data())
    def run(case, data):
        for name in list(case.path_parameters or {}):
            real = fuzz_world.get(name)
            if real and data.draw(st.booleans(), label=f"real {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(real), label=name)
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        fuzz_world["answers"].add((method, path, who, response.status_code))

    run()


READS = ["/api/v1/projects/{project_id}", "/api/v1/zones/{zone_id}", "/api/v1/organisations/{org_id}",
         "/api/v1/targets/{target_id}", "/api/v1/reports/{report_id}", "/api/v1/review/{fact_id}",
         "/api/v1/documents/{document_id}", "/api/v1/regions/{kato}", "/api/v1/contacts/{contact_id}"]


def test_the_sweep_reached_real_objects(fuzz_world):
    """Runs after the sweep of its engine: generated requests did get past "not found" to real objects."""
    answers = fuzz_world["answers"]
    if not any(p in READS for _, p, _, _ in answers):
        pytest.skip("run with the sweep (not selected alone)")
    for path in READS:
        assert ("get", path, "administrator", 200) in answers, path
