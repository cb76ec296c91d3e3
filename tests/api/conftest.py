import pytest


@pytest.fixture
def make(client):
    """Create registry objects through the API and return their JSON."""

    class Maker:
        def organisation(self, **fields):
            body = {"name": {"ru": "ТОО Тест"}, "kind": "investor", **fields}
            response = client.post("/api/v1/organisations", json=body)
            assert response.status_code == 201, response.text
            return response.json()

        def zone(self, **fields):
            body = {"name": {"ru": "СЭЗ Тест"}, "kind": "sez", "region_kato": "350000000", **fields}
            response = client.post("/api/v1/zones", json=body)
            assert response.status_code == 201, response.text
            return response.json()

        def project(self, **fields):
            body = {"name": {"ru": "Проект"}, "region_kato": "350000000", **fields}
            response = client.post("/api/v1/projects", json=body)
            assert response.status_code == 201, response.text
            return response.json()

    return Maker()
