"""The sample dataset loads into the registry through the services, on both engines."""

from orken.sample import loader


def test_sample_loads_once_and_is_marked(session, client):
    counts = loader.load(session)
    session.commit()
    assert counts["projects"] >= 40 and counts["zones"] >= 8
    body = client.get("/api/v1/projects", params={"facets": "region", "limit": 1}).json()
    assert body["total"] == counts["projects"]
    assert len(body["facets"]["region"]) >= 12
    assert client.get("/api/v1/projects", params={"sample": "false"}).json()["total"] == 0
    kazbelaz = client.get("/api/v1/projects", params={"q": "белаз"}).json()["items"]
    assert kazbelaz and kazbelaz[0]["region_kato"] == "350000000"
    detail = client.get(f"/api/v1/projects/{kazbelaz[0]['id']}").json()
    assert detail["sources"] and all(s["title"] or s["quote"] for s in detail["sources"])
    assert client.get("/api/v1/zones").json()["total"] == counts["zones"]
    # loading again adds nothing
    assert loader.load(session) == {"organisations": 0, "zones": 0, "projects": 0}
