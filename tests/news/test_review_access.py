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
