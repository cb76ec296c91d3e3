def test_organisation_crud_with_joint_venture_partners(client, make):
    a = make.organisation(name={"en": "Partner A"}, country="KZ")
    b = make.organisation(name={"en": "Partner B"}, country="BY")
    jv = make.organisation(name={"en": "JV"}, kind="joint_venture",
                           partners=[{"organisation_id": a["id"], "share_percent": "50"},
                                     {"organisation_id": b["id"], "share_percent": "50"}])
    assert {(p["organisation_id"], p["share_percent"]) for p in jv["partners"]} == {(a["id"], "50"), (b["id"], "50")}
    assert client.get("/api/v1/organisations", params={"q": "partner"}).json()["total"] == 2
    bad = client.post("/api/v1/organisations", json={"name": {"en": "X"}, "kind": "investor", "bin": "123"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "bin"
    dup = client.post("/api/v1/organisations", json={"name": {"en": "Y"}, "kind": "investor", "bin": "040640000008"})
    assert dup.status_code == 201
    again = client.post("/api/v1/organisations", json={"name": {"en": "Z"}, "kind": "investor", "bin": "040640000008"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "bin"
    renamed = client.patch(f"/api/v1/organisations/{a['id']}", json={"name": {"en": "Partner A2"}, "version": 1})
    assert renamed.json()["name"]["en"] == "Partner A2" and renamed.json()["version"] == 2
    assert client.patch(f"/api/v1/organisations/{a['id']}", json={"country": "KZ", "version": 1}).status_code == 409


def test_zone_crud_and_validation(client, make):
    z = make.zone(name={"ru": "ИЗ «Сарань»"}, kind="industrial_zone", district_kato="352200000", area_ha="100",
                  free_area_ha="40", infrastructure=[{"kind": "power", "state": "available"}])
    assert z["region_kato"] == "350000000" and z["infrastructure"][0]["kind"] == "power"
    too_much = client.patch(f"/api/v1/zones/{z['id']}", json={"free_area_ha": "150"})
    assert too_much.status_code == 422 and too_much.json()["errors"][0]["field"] == "free_area_ha"
    assert client.get(f"/api/v1/zones/{z['id']}").json()["free_area_ha"] == "40"
    assert client.get("/api/v1/zones", params={"region": "350000000"}).json()["total"] == 1
    assert client.get("/api/v1/zones", params={"kind": "sez"}).json()["total"] == 0
    assert client.delete(f"/api/v1/zones/{z['id']}").status_code == 204
    assert client.get(f"/api/v1/zones/{z['id']}").status_code == 404


def test_openapi_document_lists_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    for path in ("/api/v1/projects", "/api/v1/zones", "/api/v1/organisations", "/api/v1/regions", "/api/v1/stats",
                 "/api/v1/geo/projects.geojson", "/api/v1/rates", "/api/v1/sectors", "/api/v1/programmes"):
        assert path in spec["paths"]
