"""Who may use the review queue: analysts and curators, each within their scope."""

from tests.news.conftest import KK


def test_the_public_and_investors_cannot_see_or_act(anon_client, client_for, client, ingest_text, facts):
    org = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО Инвестор"}, "kind": "investor"}).json()
    doc = ingest_text(KK).document_id
    fact = facts(doc)["investment"]
    assert anon_client.get("/api/v1/review").status_code == 401
    assert anon_client.post(f"/api/v1/review/{fact['id']}/reject", json={"reason": "x"}).status_code == 401
    investor = client_for("investor", organisation_id=org["id"])
    assert investor.get("/api/v1/review").status_code == 403
    assert investor.post(f"/api/v1/review/{fact['id']}/reject", json={"reason": "x"}).status_code == 403
    assert facts(doc)["investment"]["review"]["status"] == "pending"


def test_an_analyst_accepts_only_within_their_region(client_for, ingest_text, facts, aluminium, client):
    doc = ingest_text(KK).document_id
    fact = facts(doc)["investment"]
    elsewhere = client_for("region_analyst", region="350000000")
    assert elsewhere.get("/api/v1/review").status_code == 200
    refused = elsewhere.post(f"/api/v1/review/{fact['id']}/accept", json={"version": 1})
    assert refused.status_code == 403
    assert facts(doc)["investment"]["review"]["status"] == "pending"
    assert client.get(f"/api/v1/projects/{aluminium['id']}").json()["investment_planned"] is None
    local = client_for("region_analyst", region="550000000")
    accepted = local.post(f"/api/v1/review/{fact['id']}/accept", json={"version": 1})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["review"]["by"].startswith("user:region_analyst")


def test_every_review_action_is_checked_against_the_facts_scope(client_for, ingest_text, facts, aluminium, steel,
                                                                 client):
    """Found by an outside attack: the curator of one Karaganda project edited, re-linked and rejected facts
    linked to a project in another region (200 each); only accept was checked."""
    doc = ingest_text(KK).document_id  # facts linked to the Pavlodar aluminium plant
    fact = facts(doc)["investment"]
    assert fact["link"]["id"] == aluminium["id"]
    curator = client_for("curator", project_id=steel["id"])  # Karaganda
    analyst = client_for("region_analyst", region="350000000")
    for who in (curator, analyst):
        for method, path, body in (
                ("PATCH", f"/api/v1/review/{fact['id']}", {"value": "1"}),
                ("POST", f"/api/v1/review/{fact['id']}/link", {"project_id": steel["id"]}),
                ("POST", f"/api/v1/review/{fact['id']}/reject", {"reason": "spam"}),
                ("POST", f"/api/v1/review/{fact['id']}/accept", {"version": 1})):
            r = who.request(method, path, json=body)
            assert r.status_code == 403, (method, path, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")
    after = facts(doc)["investment"]
    assert after["review"]["status"] == "pending" and after["version"] == fact["version"]
    assert after["link"]["id"] == aluminium["id"] and after["value"] == fact["value"]

    # re-linking a fact of one's own scope to a project outside it is refused too
    local = client_for("region_analyst", region="550000000")
    moved = local.post(f"/api/v1/review/{fact['id']}/link", json={"project_id": steel["id"]})
    assert moved.status_code == 403, moved.text
    assert local.post(f"/api/v1/review/{fact['id']}/reject", json={"reason": "дубль"}).status_code == 200


def test_the_review_page_checks_the_scope_as_the_api_does(client_for, ingest_text, facts, aluminium, steel):
    doc = ingest_text(KK).document_id
    fact = facts(doc)["jobs"]
    curator = client_for("curator", project_id=steel["id"])
    r = curator.post(f"/review/{fact['id']}", data={"action": "reject", "reason": "spam"}, follow_redirects=False)
    assert r.status_code == 403, r.text
    assert facts(doc)["jobs"]["review"]["status"] == "pending"


def test_who_reviewed_is_shown_to_change_log_readers_and_that_reviewer_only(client_for, ingest_text, facts, aluminium,
                                                                            client):
    doc = ingest_text(KK).document_id
    fact = facts(doc)["investment"]
    local = client_for("region_analyst", region="550000000", username="analyst-dana")
    assert local.post(f"/api/v1/review/{fact['id']}/reject", json={"reason": "дубль"}).json()["review"]["by"] == \
        "user:analyst-dana"  # one's own name
    other = client_for("curator", region="550000000")
    for body in (other.get(f"/api/v1/review/{fact['id']}").json(),
                 *[f for f in other.get("/api/v1/review", params={"document": doc}).json()["items"]
                   if f["id"] == fact["id"]]):
        assert body["review"]["status"] == "rejected" and body["review"]["by"] is None
    again = other.post(f"/api/v1/review/{fact['id']}/reject", json={"reason": "x"})
    assert again.status_code == 409 and "analyst-dana" not in again.text
    page = other.get(f"/review/{fact['id']}")
    assert page.status_code == 200 and "analyst-dana" not in page.text
    assert client.get(f"/api/v1/review/{fact['id']}").json()["review"]["by"] == "user:analyst-dana"  # administrator
