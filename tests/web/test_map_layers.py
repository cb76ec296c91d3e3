"""The map's layers on the server, on SQLite and PostgreSQL: district boundaries of one region,
zones as polygons or (approximately placed) markers, the view kept out of shared links."""

from __future__ import annotations

import json

KARAGANDA = "350000000"
SQUARE = {"type": "Polygon", "coordinates": [[[73.0, 49.7], [73.2, 49.7], [73.2, 49.9], [73.0, 49.9], [73.0, 49.7]]]}


def payload(html: str) -> dict:
    return json.loads(html.split('<script type="application/json" id="map-data">')[1].split("</script>")[0])


def test_district_boundaries_of_one_region(anon_client):
    everything = anon_client.get("/api/v1/geo/regions.geojson", params={"level": 2}).json()["features"]
    own = anon_client.get("/api/v1/geo/regions.geojson", params={"level": 2, "parent": KARAGANDA})
    assert own.status_code == 200 and own.headers["content-type"].startswith("application/geo+json")
    features = own.json()["features"]
    listed = anon_client.get("/api/v1/regions", params={"level": 2, "parent": KARAGANDA}).json()["items"]
    assert 5 <= len(features) == len(listed) < len(everything)
    assert {f["properties"]["kato"] for f in features} == {u["kato"] for u in listed}
    assert all(f["properties"]["parent"] == KARAGANDA and f["geometry"] for f in features)
    assert own.json()["attribution"]
    assert anon_client.get("/api/v1/geo/regions.geojson", params={"level": 2, "parent": "999999999"}).json()[
        "features"] == []
    bad = anon_client.get("/api/v1/geo/regions.geojson", params={"level": 2, "parent": "35"})
    assert bad.status_code == 422


def test_every_sample_zone_is_on_the_map(anon_client, sample):
    zones = anon_client.get("/map.json").json()["zones"]
    assert len(zones) == sample["zones"]
    units = {u["kato"]: u for u in anon_client.get("/api/v1/regions").json()["items"]}
    for z in zones:
        assert z["lat"] is not None and z["lon"] is not None, z["name"]
        # the sample's zones have no coordinates: they sit at their district's, else region's, centre
        assert z["approximate"] is True
        centre = units[z["district_kato"] or z["region_kato"]]
        assert (z["lat"], z["lon"]) == (centre["lat"], centre["lon"])
    shown = payload(anon_client.get("/").text)["zones"]
    assert len(shown) == sample["zones"] and all(z["approximate"] and z["name"] for z in shown)
    assert all(z["region"] == KARAGANDA for z in payload(anon_client.get("/", params={"region": KARAGANDA}).text)["zones"])


def test_zone_with_a_boundary_or_coordinates(client, sample):
    drawn = client.post("/api/v1/zones", json={"name": {"ru": "Зона с границей"}, "kind": "industrial_zone",
                                               "region_kato": KARAGANDA, "boundary": SQUARE})
    assert drawn.status_code == 201, drawn.text
    placed = client.post("/api/v1/zones", json={"name": {"ru": "Зона с координатами"}, "kind": "industrial_park",
                                                "region_kato": KARAGANDA, "lat": 49.81, "lon": 73.09})
    assert placed.status_code == 201, placed.text
    zones = {z["id"]: z for z in payload(client.get("/", params={"lang": "ru"}).text)["zones"]}
    shape = zones[drawn.json()["id"]]
    assert shape["boundary"] == SQUARE and shape["approximate"] is False
    assert 49.7 < shape["lat"] < 49.9 and 73.0 < shape["lon"] < 73.2  # a point inside its boundary
    point = zones[placed.json()["id"]]
    assert (point["lat"], point["lon"], point["approximate"], point["boundary"]) == (49.81, 73.09, False, None)
    assert point["name"] == "Зона с координатами"
    # the zone page the markers open
    assert client.get(f"/zones/{drawn.json()['id']}").status_code == 200


def test_view_stays_on_the_map_only(anon_client, sample):
    html = anon_client.get("/", params={"status": "launched", "view": "49.8,73.1,8"}).text
    assert 'href="/projects?status=launched"' in html  # the table link drops the map's view
    assert "view=49.8%2C73.1%2C8" in html  # the language switch keeps it
    data = anon_client.get("/map.json", params={"status": "launched", "view": "49.8,73.1,8"}).json()
    assert data["filters"] == {"status": ["launched"]}
