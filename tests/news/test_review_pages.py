"""The review pages: the queue and one fact with its span highlighted; forms accept, reject, re-link."""

from tests.news.conftest import KK, RU


def test_queue_and_fact_pages_highlight_the_span(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK, title="Алюминий").document_id
    page = client.get("/review", params={"lang": "ru"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Очередь проверки" in page.text
    assert "<mark>120 млрд теңгені</mark>" in page.text and "<mark>салынуда</mark>" in page.text
    assert "Казахстан Алюминий" in page.text
    assert client.get("/review", params={"measure": "jobs", "lang": "kk"}).text.count("<mark>") == 1
    assert "Тексеру кезегі" in client.get("/review", params={"lang": "kk"}).text

    fact = facts(doc)["investment"]
    one = client.get(f"/review/{fact['id']}", params={"lang": "en"})
    assert one.status_code == 200
    assert ('Жобаның инвестициясы <mark class="fact-span">120 млрд теңгені</mark> құрайды.' in one.text)
    assert 'name="version" value="1"' in one.text and "investment_planned" in one.text
    assert client.get(f"/review/{fact['id']}", params={"format": "json"}).json()["fact"]["id"] == fact["id"]
    assert client.get("/review/999999").status_code == 404


def test_forms_accept_with_a_correction_reject_and_relink(client, ingest_text, facts, aluminium):
    doc = ingest_text(KK).document_id
    fact = facts(doc)["investment"]
    done = client.post(f"/review/{fact['id']}", data={"action": "accept", "version": "1", "fact_version": "1",
                                                      "value": "121 000 000 000", "unit": "KZT",
                                                      "target": "investment_planned"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/review/{fact['id']}"
    project = client.get(f"/api/v1/projects/{aluminium['id']}").json()
    assert project["investment_planned"]["amount"] == "121000000000.00"
    assert "Accepted" in client.get(f"/review/{fact['id']}", params={"lang": "en"}).text

    jobs = facts(doc)["jobs"]
    stale = client.post(f"/review/{jobs['id']}", data={"action": "accept", "version": "1", "fact_version": "1"})
    assert stale.status_code == 409 and "changed by someone else" in stale.text
    assert facts(doc)["jobs"]["review"]["status"] == "pending"
    bad = client.post(f"/review/{jobs['id']}", data={"action": "accept", "version": "2", "value": "lots"})
    assert bad.status_code == 422 and "not a number" in bad.text
    rejected = client.post(f"/review/{jobs['id']}", data={"action": "reject", "reason": "counted twice"})
    assert rejected.status_code == 200 and "counted twice" in rejected.text  # followed the redirect
    assert client.get(f"/api/v1/projects/{aluminium['id']}").json()["jobs_permanent_planned"] is None

    capacity = facts(doc)["capacity"]
    relinked = client.post(f"/review/{capacity['id']}", data={"action": "link", "region_kato": "550000000"})
    assert relinked.status_code == 200
    assert facts(doc)["capacity"]["link"]["type"] == "region" and facts(doc)["capacity"]["target"] is None


def test_pages_need_an_analyst(anon_client, client_for, client, ingest_text, facts):
    doc = ingest_text(RU).document_id
    fact = facts(doc)["investment"]
    to_login = anon_client.get("/review", follow_redirects=False)
    assert to_login.status_code == 303 and to_login.headers["location"].startswith("/auth/login")
    posted = anon_client.post(f"/review/{fact['id']}", data={"action": "reject", "reason": "x"},
                              follow_redirects=False)
    assert posted.status_code == 303 and facts(doc)["investment"]["review"]["status"] == "pending"
    org = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО Инвестор"}, "kind": "investor"}).json()
    assert client_for("investor", organisation_id=org["id"]).get("/review").status_code == 403
