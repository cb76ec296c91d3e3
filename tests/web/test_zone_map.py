"""Zones on the map (both engines): the search box finds zones by the words people use for them,
place names ship with the map, and a zone's page has its participants as points."""

from __future__ import annotations

from tests.web.test_map_layers import payload


def test_map_search_finds_zones_in_kazakh_and_russian(anon_client, sample):
    for words in ("индустриальная зона", "индустриалдық аймақ", "Индустриальные зоны"):
        page = anon_client.get("/", params={"q": words, "lang": "kk"})
        zones = payload(page.text)["zones"]
        assert len(zones) >= 15, words
        body = anon_client.get("/map.json", params={"q": words}).json()
        assert {z["kind"] for z in body["zone_hits"]} <= {"industrial_zone", "small_industrial_zone"}
        assert len(body["zone_hits"]) == len(zones)
        assert "Тараз" in page.text  # the hits are listed in the sidebar, with links
    sez = anon_client.get("/map.json", params={"q": "АЭА Қорғас"}).json()["zone_hits"]
    assert [z["name"]["ru"] for z in sez] == ["СЭЗ «Хоргос – Восточные ворота»"]
    assert anon_client.get("/map.json", params={"q": "белаз"}).json()["zone_hits"] == []
    # the catalogue reads the same words
    catalogue = anon_client.get("/zones.json", params={"q": "индустриалдық аймақ"}).json()
    assert catalogue["total"] == len(anon_client.get("/map.json", params={"q": "индустриалдық аймақ"}).json()["zones"])


def test_place_names_are_shipped_with_the_map(anon_client, sample):
    places = payload(anon_client.get("/", params={"lang": "ru"}).text)["places"]
    by_name = {p["name"]: p for p in places}
    assert by_name["Караганда"]["kind"] == "city" and by_name["Астана"]["kind"] == "capital"
    assert sum(p["kind"] == "district" for p in places) > 150
    assert all(40 < p["lat"] < 56 and 46 < p["lon"] < 88 for p in places)


def test_zone_page_shows_participants_as_points(client, sample):
    zone = client.post("/api/v1/zones", json={"name": {"ru": "ИЗ Точки"}, "kind": "industrial_zone",
                                              "region_kato": "350000000"}).json()
    for lat in (49.80, 49.85):
        r = client.post("/api/v1/projects", json={"name": {"ru": f"Завод {lat}"}, "region_kato": "350000000",
                                                  "zone_id": zone["id"], "lat": lat, "lon": 73.1})
        assert r.status_code == 201, r.text
    client.post("/api/v1/projects", json={"name": {"ru": "Без координат"}, "region_kato": "350000000",
                                          "zone_id": zone["id"]})
    data = client.get(f"/zones/{zone['id']}.json").json()
    assert data["map"]["zone"]["approximate"] is True
    assert sorted(p["lat"] for p in data["map"]["participants"]) == [49.80, 49.85]
    assert 'id="zone-map"' in client.get(f"/zones/{zone['id']}").text
