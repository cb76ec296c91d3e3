"""Linking by clicking (issue 16): the lookup by name (kk/ru, look-alike letters, typos; public fields
only), candidates as buttons that link or accept, one source per document, a district KATO accepted."""

import pytest

from tests.news.conftest import KK, RU

#: a project note and curator: internal, never found by nor shown in a lookup
SECRET_NOTE = "Конфиденциально: переговоры с банком"


@pytest.fixture
def registry(client):
    made = {}
    for key, body in {
        "aluminium": {"name": {"ru": "Алюминиевый завод «Казахстан Алюминий»", "kk": "«Қазақстан Алюминий» зауыты"},
                      "region_kato": "550000000", "status": "planned", "curator": "Иванов И. И.",
                      "note": SECRET_NOTE},
        "steel": {"name": {"kk": "«Қарағанды Стил» болат зауыты"}, "region_kato": "350000000",
                  "status": "under_construction"},
    }.items():
        r = client.post("/api/v1/projects", json=body)
        assert r.status_code == 201, r.text
        made[key] = r.json()
    org = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО «Шымкент Цемент»"}, "kind": "investor"})
    assert org.status_code == 201, org.text
    made["cement"] = org.json()
    return made


def ids(answer, kind=None):
    return [(i["type"], i["id"]) for i in answer.json()["items"] if kind is None or i["type"] == kind]


@pytest.mark.parametrize("query, which", [
    ("казахстан алюминий", "aluminium"), ("ҚАЗАҚСТАН АЛЮМИНИЙ", "aluminium"), ("алюмин", "aluminium"),
    # Latin "a", "x", "c", "A" typed inside Cyrillic words; a Latin "C" before Cyrillic "тил"
    ("К\u0061з\u0061\u0078\u0063т\u0061н \u0041люминий", "aluminium"), ("Қарағанды \u0043тил", "steel"),
    ("Kazakhst\u0430n Aluminium", "aluminium"),  # a Cyrillic "а" inside a Latin word
    ("казахстан алюминей", "aluminium"), ("Караганды стиль", "steel")])  # a typo; a Russian form of a kk name
def test_the_lookup_finds_names_in_kk_and_ru_whatever_the_letters(client, registry, query, which):
    answer = client.get("/api/v1/lookup", params={"q": query})
    assert answer.status_code == 200, answer.text
    assert ids(answer)[0] == ("project", registry[which]["id"]), answer.json()


def test_the_lookup_finds_places_and_organisations(client, registry):
    assert ("project", registry["steel"]["id"]) not in ids(client.get("/api/v1/lookup", params={"q": "алюминий"}))
    assert ids(client.get("/api/v1/lookup", params={"q": "титан магний"})) == []  # nothing like it
    assert ("region", "550000000") in ids(client.get("/api/v1/lookup", params={"q": "Павлодар облысы"}))
    assert ("region", "550000000") in ids(client.get("/api/v1/lookup", params={"q": "Павлодарская область"}))
    assert ids(client.get("/api/v1/lookup", params={"q": "550000000"})) == [("region", "550000000")]
    cement = client.get("/api/v1/lookup", params={"q": "шымкент цемент", "kind": "organisation"})
    assert ids(cement) == [("organisation", registry["cement"]["id"])]
    assert client.get("/api/v1/lookup", params={"q": "алюминий", "kind": "nonsense"}).status_code == 422


def test_the_lookup_shows_the_public_nothing_internal(anon_client, client_for, registry):
    for c in (anon_client, client_for("curator", region="350000000")):
        answer = c.get("/api/v1/lookup", params={"q": "казахстан алюминий"})
        assert answer.status_code == 200
        assert SECRET_NOTE not in answer.text and "Иванов" not in answer.text
        assert set(answer.json()["items"][0]) <= {"type", "id", "name", "score", "kind", "status", "region",
                                                  "district"}
        # nor is the note searched
        assert ids(c.get("/api/v1/lookup", params={"q": "переговоры с банком", "kind": "project"})) == []


def test_the_fact_page_searches_by_name_without_javascript(client, ingest_text, facts, registry):
    doc = ingest_text(RU, title="Сталь").document_id
    fact = facts(doc)["investment"]
    page = client.get(f"/review/{fact['id']}", params={"q": "Казахстан Алюминий", "lang": "ru"})
    assert page.status_code == 200
    assert 'name="q"' in page.text and "Алюминиевый завод" in page.text
    assert f'name="project_id" value="{registry["aluminium"]["id"]}"' in page.text
    data = client.get(f"/review/{fact['id']}", params={"q": "Казахстан Алюминий", "format": "json"}).json()
    assert data["lookup"]["items"][0]["id"] == registry["aluminium"]["id"]
    # clicking the found one's button links the fact to it
    linked = client.post(f"/review/{fact['id']}", data={"action": "link", "project_id": registry["aluminium"]["id"]})
    assert linked.status_code == 200
    assert facts(doc)["investment"]["link"] == {**facts(doc)["investment"]["link"], "type": "project",
                                                "id": registry["aluminium"]["id"]}


def test_candidates_are_buttons_with_their_evidence(client, ingest_text, facts, registry):
    client.post("/api/v1/projects", json={"name": {"ru": "Казахстан Алюминий Павлодар"}, "region_kato": "550000000",
                                          "status": "planned"})
    doc = ingest_text(KK, title="Алюминий").document_id
    fact = facts(doc)["investment"]
    assert fact["candidates"], fact
    page = client.get(f"/review/{fact['id']}", params={"lang": "ru"})
    data = client.get(f"/review/{fact['id']}", params={"format": "json"}).json()
    first = data["candidates"][0]
    assert first["region"]["kato"] == "550000000" and first["evidence"]
    assert 'class="candidate"' in page.text and "Павлодар" in page.text
    assert f'name="project_id" value="{first["id"]}"' in page.text
    assert 'value="link_accept"' in page.text
    # accepting with a candidate links and accepts in one click
    done = client.post(f"/review/{fact['id']}", data={"action": "link_accept", "project_id": first["id"],
                                                      "version": first["version"]}, follow_redirects=False)
    assert done.status_code == 303, done.text
    after = facts(doc, "accepted")["investment"]
    assert after["link"]["id"] == first["id"] and after["applied"]["object"] == "project"
    project = client.get(f"/api/v1/projects/{first['id']}").json()
    assert project["investment_planned"]["amount"] == "120000000000.00"


def test_each_document_once_among_a_projects_sources(client, ingest_text, facts, registry):
    doc = ingest_text(KK, title="Алюминий").document_id
    pid = registry["aluminium"]["id"]
    for measure in ("investment", "jobs", "capacity"):
        f = facts(doc)[measure]
        if f["link"] is None or f["link"].get("id") != pid:
            assert client.post(f"/api/v1/review/{f['id']}/link", json={"project_id": pid}).status_code == 200
        version = client.get(f"/api/v1/projects/{pid}").json()["version"]
        assert client.post(f"/api/v1/review/{f['id']}/accept", json={"version": version}).status_code == 200
    project = client.get(f"/api/v1/projects/{pid}").json()
    assert [s["document_id"] for s in project["sources"]].count(doc) == 1, project["sources"]
    page = client.get(f"/projects/{pid}", params={"lang": "ru"})
    listed = page.text.split('<ul class="sources">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == 1 and "Алюминий" in listed


#: Ekibastuz, a city of regional significance: a district-level KATO code of Pavlodar region
EKIBASTUZ = "552200000"
NEW = ("Екібастұзда «Ертіс Полимер» зауыты салынады. Жобаның инвестициясы 30 млрд теңгені құрайды.")


def test_a_new_project_in_a_district_from_the_form_as_from_the_command_line(client, ingest_text, facts):
    doc = ingest_text(NEW, title="Полимер").document_id
    fact = facts(doc)["investment"]
    assert fact["link"] is None and fact["proposal"], fact
    done = client.post(f"/review/{fact['id']}", data={"action": "accept", "fact_version": fact["version"],
                                                      "region_kato": EKIBASTUZ}, follow_redirects=False)
    assert done.status_code == 303, done.text
    project = client.get(f"/api/v1/projects/{facts(doc, 'accepted')['investment']['applied']['id']}").json()
    assert project["district_kato"] == EKIBASTUZ and project["region_kato"] == "550000000"
    # the API takes the district in region_kato too (one rule for the form, the API and the command line)
    doc2 = ingest_text(NEW.replace("Ертіс", "Баян"), title="Полимер 2").document_id
    other = facts(doc2)["investment"]
    api = client.post(f"/api/v1/review/{other['id']}/accept", json={"region_kato": EKIBASTUZ})
    assert api.status_code == 200, api.text
    doc3 = ingest_text(NEW.replace("Ертіс", "Жаңа"), title="Полимер 3").document_id
    third = facts(doc3)["investment"]
    bad = client.post(f"/review/{third['id']}", data={"action": "accept", "region_kato": "999999999"})
    assert bad.status_code == 422 and facts(doc3)["investment"]["review"]["status"] == "pending"


def test_a_conflicting_facts_page_shows_both_sentences_side_by_side(client, ingest_text, facts, registry):
    pid = registry["aluminium"]["id"]
    first = ingest_text(KK, title="Алюминий", publisher="Kazinform", date=__import__("datetime").date(2026, 3, 2))
    other_text = KK.replace("120 млрд", "125 млрд")
    second = ingest_text(other_text, title="Алюминий 2", publisher="Pavlodar News",
                         date=__import__("datetime").date(2026, 4, 5))
    ids_ = []
    for doc in (first.document_id, second.document_id):
        f = facts(doc)["investment"]
        if (f["link"] or {}).get("id") != pid:
            assert client.post(f"/api/v1/review/{f['id']}/link", json={"project_id": pid}).status_code == 200
        ids_.append(f["id"])
    page = client.get(f"/review/{ids_[0]}", params={"lang": "ru"})
    assert page.status_code == 200
    block = page.text.split('class="side-by-side"', 1)[1].split("</section>", 1)[0]
    assert "120 млрд теңгені" in block and "125 млрд теңгені" in block
    assert "Kazinform" in block and "Pavlodar News" in block and "02.03.2026" in block and "05.04.2026" in block
    assert block.count('class="watch-value') == 2
    assert f'href="/review/{ids_[1]}"' in block
    data = client.get(f"/review/{ids_[0]}", params={"format": "json"}).json()
    assert len(data["conflict"]["values"]) == 2
