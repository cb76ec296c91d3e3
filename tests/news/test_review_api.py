"""The review queue over the API: accept, edit, reject, re-link; versions, the change log, problems."""

from tests.news.conftest import KK, RU

PROBLEM = "application/problem+json"


def changes(client, object_type):
    return client.get("/api/v1/changes", params={"object_type": object_type}).json()["items"]


def test_list_filters_and_one_fact_with_its_highlighted_span(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK).document_id
    ingest_text(RU)
    listed = client.get("/api/v1/review", params={"status": "pending"}).json()
    assert listed["total"] == 7
    assert client.get("/api/v1/review", params={"measure": "jobs"}).json()["total"] == 2
    assert client.get("/api/v1/review", params={"project": aluminium["id"]}).json()["total"] == 4
    assert client.get("/api/v1/review", params={"document": doc, "measure": "status,capacity"}).json()["total"] == 2
    assert client.get("/api/v1/review", params={"region": "350000000"}).json()["total"] == 3  # linked to Karaganda
    page = client.get("/api/v1/review", params={"limit": 2}).json()
    assert len(page["items"]) == 2 and page["next"]
    rest = client.get("/api/v1/review", params={"limit": 10, "cursor": page["next"]}).json()
    assert len(rest["items"]) == 5 and rest["next"] is None

    one = client.get(f"/api/v1/review/{facts(doc)['investment']['id']}").json()
    assert one["highlight"] == {"before": "Жобаның инвестициясы ", "span": "120 млрд теңгені", "after": " құрайды."}
    assert one["value"] == "120000000000" and one["unit"] == "KZT"
    assert one["link"]["type"] == "project" and one["link"]["id"] == aluminium["id"]
    assert one["link"]["name"] == "Алюминиевый завод «Казахстан Алюминий»"
    assert one["current"] == {"type": "project", "id": aluminium["id"], "version": 1,
                              "name": "Алюминиевый завод «Казахстан Алюминий»", "value": None}
    assert "investment_actual" in one["targets"]


def test_accept_updates_the_registry_with_the_document_as_source_and_logs_it(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK, url="https://example.kz/a", title="Алюминий", date="2025-03-01").document_id
    fact = facts(doc)["investment"]
    accepted = client.post(f"/api/v1/review/{fact['id']}/accept", json={"version": aluminium["version"]})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["review"]["status"] == "accepted" and accepted.json()["review"]["by"] == "user:admin"

    project = client.get(f"/api/v1/projects/{aluminium['id']}").json()
    assert project["investment_planned"]["amount"] == "120000000000.00"
    assert project["investment_planned"]["date"] == "2025-03-01" and project["version"] == 2
    assert project["sources"] == [{"kind": "news", "title": "Алюминий", "url": "https://example.kz/a",
                                   "date": "2025-03-01", "quote": "Жобаның инвестициясы 120 млрд теңгені құрайды.",
                                   "document_id": doc, "lang": "kk"}]
    logged = changes(client, "project")[0]
    assert logged["actor"] == "user:admin" and "investment_planned" in logged["changes"]
    assert changes(client, "news_fact")[0]["action"] == "accept"

    # jobs of the same plant, then its capacity: each adds to the same record, the article a source once (issue 16)
    jobs = facts(doc)["jobs"]
    assert client.post(f"/api/v1/review/{jobs['id']}/accept", json={"version": 2}).status_code == 200
    capacity = facts(doc)["capacity"]
    assert client.post(f"/api/v1/review/{capacity['id']}/accept",
                       json={"version": 3, "product": {"kk": "алюминий"}}).status_code == 200
    project = client.get(f"/api/v1/projects/{aluminium['id']}").json()
    assert project["jobs_permanent_planned"] == 450
    assert project["capacities"] == [{"product": {"kk": "алюминий", "ru": None, "en": None}, "quantity": "50000",
                                      "unit": "t", "period": "year", "phase": None}]
    assert [s["document_id"] for s in project["sources"]] == [doc]
    # the status: planned -> under construction
    status = facts(doc)["status"]
    assert client.post(f"/api/v1/review/{status['id']}/accept", json={"version": 4}).status_code == 200
    project = client.get(f"/api/v1/projects/{aluminium['id']}").json()
    assert project["status"] == "under_construction"
    assert project["status_history"][-1] == {"status": "under_construction", "date": "2025-03-01",
                                             "note": "news: Алюминий"}
    # accepted facts cannot be accepted again
    again = client.post(f"/api/v1/review/{fact['id']}/accept", json={"version": 5})
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM


def test_reject_leaves_the_registry_unchanged(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK).document_id
    fact = facts(doc)["investment"]
    before = client.get(f"/api/v1/projects/{aluminium['id']}").json()
    rejected = client.post(f"/api/v1/review/{fact['id']}/reject", json={"reason": "old figure from 2019"})
    assert rejected.status_code == 200
    assert rejected.json()["review"] == {"status": "rejected", "reason": "old figure from 2019", "by": "user:admin",
                                         "at": rejected.json()["review"]["at"]}
    assert client.get(f"/api/v1/projects/{aluminium['id']}").json() == before
    assert changes(client, "project") == [changes(client, "project")[-1]]  # only its creation
    assert changes(client, "news_fact")[0]["action"] == "reject"
    assert facts(doc, "rejected")["investment"]["id"] == fact["id"]
    no_reason = client.post(f"/api/v1/review/{facts(doc)['jobs']['id']}/reject", json={"reason": ""})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"


def test_edit_then_accept_and_patch(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK).document_id
    fact = facts(doc)["investment"]
    edited = client.patch(f"/api/v1/review/{fact['id']}", json={"value": "125000000000", "fact_version": 1})
    assert edited.status_code == 200 and edited.json()["value"] == "125000000000" and edited.json()["version"] == 2
    stale = client.patch(f"/api/v1/review/{fact['id']}", json={"value": "1", "fact_version": 1})
    assert stale.status_code == 409 and stale.headers["content-type"] == PROBLEM
    accepted = client.post(f"/api/v1/review/{fact['id']}/accept",
                           json={"version": 1, "target": "investment_actual", "value": 130000000000.5})
    assert accepted.status_code == 200, accepted.text
    project = client.get(f"/api/v1/projects/{aluminium['id']}").json()
    assert project["investment_actual"]["amount"] == "130000000000.50" and project["investment_planned"] is None
    logged = changes(client, "news_fact")
    assert [c["action"] for c in logged[:2]] == ["accept", "update"]


def test_stale_version_gets_409_and_the_fact_stays_pending(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK).document_id
    client.patch(f"/api/v1/projects/{aluminium['id']}", json={"note": "checked", "version": 1})
    fact = facts(doc)["investment"]
    stale = client.post(f"/api/v1/review/{fact['id']}/accept", json={"version": 1})
    assert stale.status_code == 409 and stale.headers["content-type"] == PROBLEM
    assert stale.json()["current"]["version"] == 2 and stale.json()["current"]["investment_planned"] is None
    assert facts(doc)["investment"]["review"]["status"] == "pending"
    missing = client.post(f"/api/v1/review/{fact['id']}/accept", json={})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "version"


def test_illegal_status_transition_is_refused_and_the_fact_stays_pending(client, ingest_text, facts):
    project = client.post("/api/v1/projects", json={"name": {"kk": "«Қарағанды Стил» зауыты"},
                                                    "region_kato": "350000000", "status": "planned"}).json()
    doc = ingest_text(RU).document_id
    status = facts(doc)["status"]
    assert status["implied_status"] == "launched" and status["link"]["id"] == project["id"]
    refused = client.post(f"/api/v1/review/{status['id']}/accept", json={"version": 1})
    assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
    assert refused.json()["errors"][0]["field"] == "status" and "planned" in refused.json()["detail"]
    assert facts(doc)["status"]["review"]["status"] == "pending"
    assert client.get(f"/api/v1/projects/{project['id']}").json()["status"] == "planned"
    assert changes(client, "news_fact") == []


def test_accepting_a_proposal_creates_the_project_and_links_its_siblings(client, ingest_text, facts):
    doc = ingest_text(RU, date="2024-06-10").document_id
    money = facts(doc)["investment"]
    assert money["link"] is None and money["proposal"]["name"] == {"ru": "Караганда Стил"}
    created = client.post(f"/api/v1/review/{money['id']}/accept", json={})
    assert created.status_code == 200, created.text
    applied = created.json()["applied"]
    assert applied["action"] == "create" and applied["object"] == "project"
    project = client.get(f"/api/v1/projects/{applied['id']}").json()
    assert project["name"]["ru"] == "Караганда Стил" and project["region_kato"] == "350000000"
    assert project["status"] == "launched" and project["investment_actual"]["amount"] == "45500000000.00"
    assert project["sources"][0]["document_id"] == doc
    assert changes(client, "project")[0]["action"] == "create"
    jobs = facts(doc)["jobs"]
    assert jobs["link"]["id"] == applied["id"] and jobs["link"]["method"] == "created" and jobs["proposal"] is None
    accepted = client.post(f"/api/v1/review/{jobs['id']}/accept", json={"version": project["version"]})
    assert accepted.status_code == 200
    assert client.get(f"/api/v1/projects/{applied['id']}").json()["jobs_permanent_actual"] == 320


def test_relink_to_another_object(client, ingest_text, facts, aluminium):
    other = client.post("/api/v1/projects", json={"name": {"ru": "Электролизный цех"}, "region_kato": "550000000"})
    zone = client.post("/api/v1/zones", json={"name": {"ru": "СЭЗ Павлодар"}, "kind": "sez",
                                              "region_kato": "550000000"}).json()
    doc = ingest_text(KK).document_id
    jobs = facts(doc)["jobs"]
    moved = client.post(f"/api/v1/review/{jobs['id']}/link", json={"project_id": other.json()["id"]})
    assert moved.status_code == 200 and moved.json()["link"]["method"] == "manual"
    assert moved.json()["current"]["id"] == other.json()["id"]
    assert client.post(f"/api/v1/review/{jobs['id']}/accept", json={"version": 1}).status_code == 200
    assert client.get(f"/api/v1/projects/{other.json()['id']}").json()["jobs_permanent_planned"] == 450
    assert client.get(f"/api/v1/projects/{aluminium['id']}").json()["jobs_permanent_planned"] is None
    # linked to a zone, a capacity can only make the document a source of the zone
    capacity = facts(doc)["capacity"]
    to_zone = client.post(f"/api/v1/review/{capacity['id']}/link", json={"zone_id": zone["id"]}).json()
    assert to_zone["target"] == "source" and to_zone["targets"] == ["zone_area", "source"]
    assert client.post(f"/api/v1/review/{capacity['id']}/accept", json={"version": 1}).status_code == 200
    assert client.get(f"/api/v1/zones/{zone['id']}").json()["sources"][0]["document_id"] == doc
    assert changes(client, "news_fact")[0]["action"] == "accept"


def test_bad_input_is_problem_json(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK).document_id
    fact = facts(doc)["investment"]
    cases = [
        client.get("/api/v1/review", params={"status": "maybe"}),
        client.get("/api/v1/review", params={"cursor": "abc"}),
        client.patch(f"/api/v1/review/{fact['id']}", json={"unit": "parsec"}),
        client.patch(f"/api/v1/review/{fact['id']}", json={"target": "zone_area"}),
        client.patch(f"/api/v1/review/{fact['id']}", json={"value": -5}),
        client.post(f"/api/v1/review/{fact['id']}/accept", json={"version": 1, "colour": "red"}),
        client.post(f"/api/v1/review/{fact['id']}/link", json={"project_id": 999999}),
        client.post(f"/api/v1/review/{fact['id']}/link", json={"project_id": aluminium["id"], "zone_id": 1}),
        client.post(f"/api/v1/review/{fact['id']}/accept", json={"version": 1, "target": "jobs_permanent_planned",
                                                                 "value": "12.5"}),
    ]
    for response in cases:
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM and response.json()["errors"]
    missing = client.get("/api/v1/review/999999")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert facts(doc)["investment"]["version"] == 1  # nothing was written


#: a plant the registry does not know, in Russian, with its holding, operator, product, stage and launch
FERRO = ("В Павлодарской области стартовало строительство ферросплавного завода ТОО «Ertis Ferro», дочерней "
         "компании холдинга ERG. Стоимость проекта – 180 млрд тенге, мощность завода – 240 тыс. тонн ферросилиция "
         "в год. Запуск запланирован на IV квартал 2028 года, на заводе будет создано 600 постоянных рабочих мест.")


def test_a_proposed_project_is_prefilled_from_the_record(client, ingest_text, facts):
    doc = ingest_text(FERRO, date="2026-03-02").document_id
    money = facts(doc)["investment"]
    proposal = money["proposal"]
    assert proposal["name"]["ru"] != "ERG" and "завод" in proposal["name"]["ru"]  # the plant, not the holding
    record = proposal["record"]
    assert record["status"] == "under_construction" and record["launch_planned"] == "2028-Q4"
    assert "ТОО «Ertis Ferro»" in record["investors"] and record["region_kato"] == "550000000"
    assert record["capacity"]["value"] == 240000
    fields = {p["field"]: p for p in money["proposed_fields"]}
    assert fields["status"]["sentence"].startswith("В Павлодарской области стартовало строительство")
    assert "IV квартал 2028" in fields["launch_planned"]["sentence"]
    created = client.post(f"/api/v1/review/{money['id']}/accept", json={})
    assert created.status_code == 200, created.text
    project = client.get(f"/api/v1/projects/{created.json()['applied']['id']}").json()
    assert project["status"] == "under_construction" and project["launch_planned"] == "2028-12-31"
    assert project["region_kato"] == "550000000"
