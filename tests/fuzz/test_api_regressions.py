"""The server errors schemathesis and the property tests found, each as a plain request (both engines).

Each of these answered 500 before its fix; now it is a clean 4xx problem+json.
"""

from __future__ import annotations

import pytest

from orken.web.errors import PROBLEM

HUGE = 10**30
PROJECT = {"name": {"ru": "Завод"}, "region_kato": "350000000", "status": "planned"}


def refused(response, status: int = 422, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    if field:
        assert field in {e["field"] for e in body["errors"]}, body
    return body


@pytest.mark.parametrize("path", [
    f"/api/v1/projects/{HUGE}", f"/api/v1/projects/{HUGE}/history", f"/api/v1/zones/{HUGE}",
    f"/api/v1/organisations/{HUGE}", f"/api/v1/targets/{HUGE}", f"/api/v1/reports/{HUGE}",
    f"/api/v1/review/{HUGE}", f"/api/v1/documents/{HUGE}", f"/api/v1/projects?zone={HUGE}",
    f"/api/v1/stats?organisation={HUGE}", f"/api/v1/reports?project={HUGE}", f"/api/v1/review?document={HUGE}",
    f"/api/v1/reports?offset={HUGE}",
])
def test_ids_beyond_any_column_are_invalid_input(client, path):
    """SQLite raised OverflowError on an id beyond 64 bits (PostgreSQL: integer out of range)."""
    refused(client.get(path))


def test_delete_with_a_huge_version(client):
    pid = client.post("/api/v1/projects", json=PROJECT).json()["id"]
    refused(client.delete(f"/api/v1/projects/{pid}", params={"version": HUGE}))
    assert client.get(f"/api/v1/projects/{pid}").status_code == 200


def test_project_without_any_location(client):
    """No region, district nor coordinates: a NOT NULL violation (500) before; now the field error."""
    refused(client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "status": "planned"}),
            field="region_kato")


@pytest.mark.parametrize(("body", "field"), [
    ({"investment_planned": {"amount": "999999999999999999.99"}}, "investment_planned.amount"),
    ({"support": [{"kind": "subsidy", "amount": "1e20"}]}, "support.0.amount"),
    ({"capacities": [{"quantity": "1e25", "unit": "t", "period": "year"}]}, "capacities.0.quantity"),
    ({"jobs_permanent_planned": 2**40}, "jobs_permanent_planned"),
    ({"zone_id": HUGE}, "zone_id"),
    ({"organisations": [{"organisation_id": HUGE, "role": "investor"}]}, "organisations.0.organisation_id"),
])
def test_numbers_beyond_their_column(client, body, field):
    """Amounts are stored as 64-bit tiyn, exact decimals as NUMERIC(28, 8), counts and ids as integer:
    beyond that the database refused the value (500); now the schema does (422)."""
    refused(client.post("/api/v1/projects", json={**PROJECT, **body}), field=field)


def test_zone_area_beyond_its_column(client):
    refused(client.post("/api/v1/zones", json={"name": {"ru": "СЭЗ"}, "kind": "sez", "region_kato": "350000000",
                                               "area_ha": "1e25"}), field="area_ha")


@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/zones", "/api/v1/organisations"])
def test_sources_citing_a_missing_document(client, path):
    """A source's document_id was not checked: a foreign key violation (500)."""
    body = {"projects": PROJECT, "zones": {"name": {"ru": "СЭЗ"}, "kind": "sez", "region_kato": "350000000"},
            "organisations": {"name": {"ru": "ТОО"}, "kind": "investor"}}[path.rsplit("/", 1)[1]]
    refused(client.post(path, json={**body, "sources": [{"title": "x", "document_id": 999999}]}),
            field="sources.0.document_id")


def test_target_with_an_empty_programme(client):
    """An empty programme code skipped the reference check and failed the foreign key (500)."""
    refused(client.post("/api/v1/targets", json={"year": 2025, "programme": "", "projects_launched": 1}),
            field="scope.programme")


def test_text_the_database_cannot_store(client, engine):
    """PostgreSQL refuses NUL in text (DataError, 500 before); SQLite stores it."""
    r = client.post("/api/v1/projects", json={**PROJECT, "name": {"ru": "За\x00вод"}})
    if engine.dialect.name == "postgresql":
        refused(r)
    else:
        assert r.status_code == 201, r.text


def test_import_with_huge_numbers(client):
    """A cell of 1e100000000 overflowed Decimal arithmetic in the importer (500); now the row is refused."""
    csv = ("Наименование проекта,Регион,Статус,\"Инвестиции, млн тенге\",Рабочие места\n"
           "Завод,350000000,planned,1e100000000,1e30\n"
           "Завод 2,350000000,planned,\"1 234 567 890 123 456 789 012 345\",5\n"
           "Завод 3,350000000,planned,\"1 234,5\",7\n")
    r = client.post("/api/v1/import/projects", files={"file": ("p.csv", csv.encode())})
    assert r.status_code == 201, r.text
    preview = r.json()["preview"]
    assert preview["valid"] == 1 and preview["rejected"] == 2
    assert {p["row"] for p in preview["problems"]} == {2, 3}


def test_openapi_documents_what_the_api_answers(app):
    document = app.openapi()
    assert "Problem" in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert list(responses["422"]["content"]) == [PROBLEM], (method, path)
            assert list(responses["4XX"]["content"]) == [PROBLEM], (method, path)
    paths = document["paths"]
    assert list(paths["/api/v1/geo/regions.geojson"]["get"]["responses"]["200"]["content"]) == [
        "application/geo+json"]
    assert "text/csv" in paths["/api/v1/export/projects.{fmt}"]["get"]["responses"]["200"]["content"]
    assert "application/pdf" in paths["/api/v1/briefings/{scope}.{fmt}"]["get"]["responses"]["200"]["content"]


def test_project_type_cannot_be_emptied(client):
    """``project_type: null`` reached a NOT NULL column (500), on create and on update."""
    refused(client.post("/api/v1/projects", json={**PROJECT, "project_type": None}), field="project_type")
    pid = client.post("/api/v1/projects", json=PROJECT).json()["id"]
    refused(client.patch(f"/api/v1/projects/{pid}", json={"project_type": None}), field="project_type")
    assert client.get(f"/api/v1/projects/{pid}").json()["project_type"] == "new"


def test_empty_external_id(client):
    """An empty external id skipped the uniqueness check; the second one violated the unique index (500)."""
    first = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО А"}, "kind": "investor"}).json()
    second = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО Б"}, "kind": "investor"}).json()
    for org in (first, second):
        refused(client.patch(f"/api/v1/organisations/{org['id']}", json={"external_id": ""}), field="external_id")
    refused(client.post("/api/v1/projects", json={**PROJECT, "external_id": "  "}), field="external_id")
