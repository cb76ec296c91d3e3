"""A news fact about a region (an output, a growth percent, a count of enterprises) is accepted in the
review queue as a value of the regional statistics: unit, period, the article as source, its date as
as-of; for whoever may review that region's facts; over the API and the review page."""

import re

import pytest

from tests.news.conftest import RU

STATS = ("По итогам 9 месяцев 2025 года объём промышленного производства в Карагандинской области составил "
         "3,1 трлн тенге. Индекс физического объёма вырос на 7,3%. В регионе работают 941 промышленное "
         "предприятие, из них 36 крупных.")
URL = "https://example.kz/karaganda-industry-9m-2025"


@pytest.fixture
def facts(client):
    """The review queue of one document as {measure: its first fact}: the text names 941 enterprises,
    then 36 large ones among them (a second count of the same measure)."""

    def of(document_id: int) -> dict:
        response = client.get("/api/v1/review", params={"document": document_id})
        assert response.status_code == 200, response.text
        found: dict = {}
        for f in sorted(response.json()["items"], key=lambda f: f["id"]):
            found.setdefault(f["measure"], f)
        return found

    return of


def indicator_values(client, **params):
    body = client.get("/api/v1/indicators", params={"region": "350000000", **params})
    assert body.status_code == 200, body.text
    return body.json()["items"]


def test_region_facts_are_accepted_as_indicator_values(client, ingest_text, facts):
    doc = ingest_text(STATS, url=URL, title="Итоги 9 месяцев", date="2025-10-15").document_id
    found = facts(doc)
    output, growth, count = found["output_value"], found["growth_percent"], found["count_enterprises"]
    assert {f["link"]["type"] for f in (output, growth, count)} == {"region"}
    one = client.get(f"/api/v1/review/{output['id']}").json()
    assert one["targets"] == ["indicator"]
    assert one["statistic"]["indicators"][0] == {"code": "industrial_output", "unit": "KZT"}
    assert (one["statistic"]["year"], one["statistic"]["months"]) == (2025, 9)

    accepted = client.post(f"/api/v1/review/{output['id']}/accept", json={"target": "indicator"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["applied"]["object"] == "indicator_value"
    (value,) = indicator_values(client, indicator="industrial_output")
    assert (value["value"], value["unit"], value["year"], value["months"]) == ("3100000000000", "KZT", 2025, 9)
    assert value["source"]["url"] == URL and value["source"]["title"] == "Итоги 9 месяцев"
    assert value["as_of"] == "2025-10-15" and not value["is_sample"]

    # a growth percent is an index, as the official tables give it
    assert client.post(f"/api/v1/review/{growth['id']}/accept",
                       json={"target": "indicator", "indicator": "industrial_output_index", "months": 9,
                             "year": 2025}).status_code == 200
    (index,) = indicator_values(client, indicator="industrial_output_index")
    assert (index["value"], index["unit"], index["months"]) == ("107.3", "%", 9)

    # a count with no year in its sentence needs the year; a wrong indicator is refused; nothing is written
    no_year = client.post(f"/api/v1/review/{count['id']}/accept", json={"target": "indicator"})
    assert no_year.status_code == 422 and "year" in no_year.text
    wrong = client.post(f"/api/v1/review/{count['id']}/accept",
                        json={"target": "indicator", "indicator": "grp", "year": 2025})
    assert wrong.status_code == 422 and "enterprises_total" in wrong.text
    assert facts(doc)["count_enterprises"]["review"]["status"] == "pending"
    assert client.post(f"/api/v1/review/{count['id']}/accept",
                       json={"target": "indicator", "year": 2025}).status_code == 200
    (enterprises,) = indicator_values(client, indicator="enterprises_total")
    assert (enterprises["value"], enterprises["unit"], enterprises["months"]) == ("941", "unit", 12)
    # the change log has the new value beside the accepted fact
    logged = client.get("/api/v1/changes", params={"object_type": "indicator_value"}).json()["items"]
    assert len(logged) == 3 and logged[0]["actor"] == "user:admin"


def test_a_project_fact_is_not_a_statistic(client, ingest_text, facts, steel):
    doc = ingest_text(RU).document_id
    fact = facts(doc)["investment"]
    assert fact["link"]["type"] == "project"
    refused = client.post(f"/api/v1/review/{fact['id']}/accept",
                          json={"target": "indicator", "version": steel["version"]})
    assert refused.status_code == 422
    assert client.get(f"/api/v1/review/{fact['id']}").json()["review"]["status"] == "pending"
    assert not client.get("/api/v1/indicators").json()["items"]


def test_only_reviewers_of_that_region_accept_it(client_for, client, ingest_text, facts):
    doc = ingest_text(STATS, url=URL, date="2025-10-15").document_id
    fact = facts(doc)["output_value"]
    elsewhere = client_for("region_analyst", region="550000000")
    refused = elsewhere.post(f"/api/v1/review/{fact['id']}/accept", json={"target": "indicator"})
    assert refused.status_code == 403, refused.text
    assert not indicator_values(client)
    local = client_for("region_analyst", region="350000000")
    accepted = local.post(f"/api/v1/review/{fact['id']}/accept", json={"target": "indicator"})
    assert accepted.status_code == 200, accepted.text
    assert len(indicator_values(client)) == 1


def test_the_review_page_offers_it_in_each_language(client, ingest_text, facts):
    doc = ingest_text(STATS, url=URL, date="2025-10-15").document_id
    found = facts(doc)
    words = {"kk": "Өңірлік статистика ретінде қабылдау", "ru": "Принять как региональную статистику",
             "en": "Accept as regional statistic"}
    for lang, text in words.items():
        page = client.get(f"/review/{found['count_enterprises']['id']}", params={"lang": lang})
        assert page.status_code == 200 and text in page.text
        assert 'name="indicator"' in page.text and 'value="enterprises_total"' in page.text
    # a fact of a project gets no such choice
    other = facts(ingest_text(RU).document_id)["investment"]
    assert not other["link"] or other["link"]["type"] != "region"
    page = client.get(f"/review/{other['id']}", params={"lang": "ru"})
    assert page.status_code == 200 and "Принять как региональную статистику" not in page.text

    posted = client.post(f"/review/{found['count_enterprises']['id']}", data={
        "action": "accept", "target": "indicator", "indicator": "enterprises_total", "year": "2025", "months": "9",
        "fact_version": str(found["count_enterprises"]["version"])}, follow_redirects=False)
    assert posted.status_code == 303, posted.text
    (value,) = indicator_values(client, indicator="enterprises_total")
    assert (value["value"], value["year"], value["months"]) == ("941", 2025, 9)
    page = client.get(f"/review/{found['count_enterprises']['id']}", params={"lang": "ru"}).text
    assert not re.search(r'name="action" value="accept"', page)  # accepted: no form any more
    assert "статистика региона" in page  # what accepting wrote
