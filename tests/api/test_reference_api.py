def test_regions_and_districts(client):
    regions = client.get("/api/v1/regions", params={"level": 1}).json()
    assert regions["total"] == 20
    assert "CC BY 4.0" in regions["attribution"]
    abai = next(r for r in regions["items"] if r["kato"] == "100000000")
    assert abai["valid_from"] == "2022-06-08" and abai["name"]["kk"] == "Абай"
    assert client.get("/api/v1/regions", params={"level": 2}).json()["total"] == 224

    karaganda = client.get("/api/v1/regions/350000000").json()
    assert karaganda["name"]["ru"] == "Карагандинская"
    assert "352200000" in {c["kato"] for c in karaganda["children"]}  # Saran
    assert client.get("/api/v1/regions/123456789").status_code == 404


def test_sectors_programmes_rates(client):
    sectors = client.get("/api/v1/sectors").json()
    codes = {s["code"]: s for s in sectors["items"]}
    assert codes["24"]["parent"] == "C" and codes["C"]["level"] == "section"
    programmes = {p["code"] for p in client.get("/api/v1/programmes").json()["items"]}
    assert {"gpiir-2010-2014", "gpiir-2015-2019", "gpiir-2020-2025", "nurly-zhol"} <= programmes
    rates = client.get("/api/v1/rates").json()
    assert all(r["source"] for r in rates["items"])


def test_boundaries_as_geojson(client):
    response = client.get("/api/v1/geo/regions.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    data = response.json()
    assert len(data["features"]) == 20
    assert {f["geometry"]["type"] for f in data["features"]} <= {"Polygon", "MultiPolygon"}
    assert len(client.get("/api/v1/geo/regions.geojson", params={"level": 2}).json()["features"]) == 224


def test_locate_and_reform_mapping(client):
    assert client.get("/api/v1/regions/locate", params={"lat": 49.8, "lon": 73.1}).json() == {
        "region": "350000000", "district": "351000000", "method": "coordinates", "ambiguous": False}
    semey = client.get("/api/v1/regions/locate", params={"region": "630000000", "on": "2019-05-01",
                                                         "lat": 50.41, "lon": 80.25}).json()
    assert semey["region"] == "100000000" and semey["method"] == "coordinates"
    vague = client.get("/api/v1/regions/locate", params={"region": "630000000", "on": "2019-05-01"}).json()
    assert vague["ambiguous"] and vague["region"] == "630000000"
    assert client.get("/api/v1/regions/locate", params={"lat": 55.75, "lon": 37.62}).status_code == 422
    assert client.get("/api/v1/regions/locate").status_code == 422
