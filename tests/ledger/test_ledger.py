"""The promise ledger end to end: Russian and Kazakh articles announcing one plant's launch in later and
later years go through the real pipeline (ingest, link, review API), and the project's timeline, the
national table, the alert and the API show what was promised when — once per fact, reprints as one
claim with every outlet, the public reading only accepted claims and no reviewer's name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from orken.auth.guard import system_session
from orken.ledger.models import Claim
from orken.news.ingest import DocumentIn, ingest
from orken.news.models import NewsFact

#: four reports of the same plant, its launch announced for 2026, then Q3 2027, then 2028, then 2029
ARTICLES = [
    ("ru", "2023-03-01", "https://kapital.kz/steel-2026",
     "Завод «Караганда Стил» в Карагандинской области планируется запустить в 2026 году. "
     "Объем инвестиций составит 45 млрд тенге, сообщил аким области Ермаганбет Булекпаев."),
    ("ru", "2024-05-02", "https://inform.kz/steel-q3",
     "Запуск завода «Караганда Стил» в Карагандинской области перенесен на третий квартал 2027 года. "
     "Инвестиции в проект составят 50 млрд тенге."),
    ("kk", "2025-02-03", "https://egemen.kz/steel-2028",
     "Қарағанды облысындағы «Караганда Стил» зауыты 2028 жылы іске қосылады. Жобаның құны 52 млрд теңге."),
    ("ru", "2026-01-20", "https://tengrinews.kz/steel-2029",
     "Завод «Караганда Стил» в Карагандинской области планируется запустить в 2029 году, "
     "заявил министр промышленности Канат Шарлапаев."),
]


@pytest.fixture
def plant(client):
    r = client.post("/api/v1/projects", json={
        "name": {"ru": "Завод «Караганда Стил»", "kk": "«Караганда Стил» зауыты"}, "region_kato": "350000000",
        "status": "planned"})
    assert r.status_code == 201, r.text
    return r.json()


def ingest_article(engine, lang, on, url, text):
    with system_session(engine, "tests") as s:
        return ingest(s, DocumentIn(text=text, lang=lang, date=on, url=url)).document_id


def queue(client, document_id):
    r = client.get("/api/v1/review", params={"document": document_id})
    assert r.status_code == 200, r.text
    return {f["measure"]: f for f in r.json()["items"]}


def accept(client, fact, project_id):
    version = client.get(f"/api/v1/projects/{project_id}").json()["version"]
    r = client.post(f"/api/v1/review/{fact['id']}/accept", json={"version": version})
    assert r.status_code == 200, r.text
    return r.json()


def run_articles(client, engine, plant, articles=ARTICLES, measures=("launch", "investment")):
    docs = []
    for lang, on, url, text in articles:
        doc = ingest_article(engine, lang, on, url, text)
        facts = queue(client, doc)
        assert "launch" in facts, (text, facts)
        assert facts["launch"]["link"]["type"] == "project" and facts["launch"]["link"]["id"] == plant["id"], facts
        for m in measures:
            if m in facts:
                accept(client, facts[m], plant["id"])
        docs.append(doc)
    return docs


def test_articles_through_the_pipeline_make_the_timeline_the_table_and_the_alert(client, anon_client, engine,
                                                                                  plant):
    run_articles(client, engine, plant)

    # the registry follows the last accepted launch, at its precision
    project = client.get(f"/api/v1/projects/{plant['id']}").json()
    assert project["launch_planned_precision"] == "year" and project["launch_planned"].startswith("2029")

    body = anon_client.get(f"/api/v1/projects/{plant['id']}/claims").json()
    launch = next(m for m in body["measures"] if m["measure"] == "launch")["claims"]
    assert [(c["said_on"], c["date"], c["precision"]) for c in launch] == [
        ("2023-03-01", "2026", "year"), ("2024-05-02", "2027-Q3", "quarter"), ("2025-02-03", "2028", "year"),
        ("2026-01-20", "2029", "year")]
    assert launch[0]["outlet"] == "kapital.kz" and launch[0]["url"] == "https://kapital.kz/steel-2026"
    assert "2026 году" in launch[0]["sentence"]
    s = body["summary"]["launch"]
    assert (s["moves"], s["later"], s["months"], s["first"], s["last"]) == (3, 3, 36, "2026", "2029")
    inv = body["summary"]["measures"]["investment"]
    assert (inv["first"]["value"], inv["last"]["value"]) == ("45000000000", "52000000000")
    speakers = {c["speaker"] for m in body["measures"] for c in m["claims"]}
    assert "аким области Ермаганбет Булекпаев" in speakers and "министр промышленности Канат Шарлапаев" in speakers

    page = anon_client.get(f"/projects/{plant['id']}?lang=ru")
    assert page.status_code == 200
    assert "Обещания во времени" in page.text and "переносили 3 раз(а), всего на 36 мес. позже" in page.text
    assert "kapital.kz" in page.text and 'id="promises-compare"' in page.text
    en = anon_client.get(f"/projects/{plant['id']}?lang=en").text
    assert "The announced launch moved 3 times, by 36 months later in all" in en

    table = anon_client.get("/ledger.json").json()
    assert [r["project_id"] for r in table["items"]] == [plant["id"]]
    assert table["items"][0]["moves"] == 3 and table["items"][0]["months"] == 36
    assert anon_client.get("/ledger.json", params={"region": "350000000"}).json()["total"] == 1
    assert anon_client.get("/ledger.json", params={"region": "550000000"}).json()["total"] == 0
    html = anon_client.get("/ledger?lang=kk").text
    assert f'href="/projects/{plant["id"]}#promises"' in html and "Іске қосу мерзімі жиі ауысатын" in html
    csv = anon_client.get("/ledger.csv?lang=ru")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "Караганда Стил" in csv.text and "Переносов" in csv.text
    api = anon_client.get("/api/v1/ledger/moved").json()
    assert api["total"] == 1 and api["items"][0]["last"] == "2029"
    assert anon_client.get("/dashboard").text.count('href="/ledger"') == 1

    alerts = client.get("/api/v1/alerts", params={"kind": "launch_promise_moved"}).json()["items"]
    assert [(a["project_id"], a["data"]["later"]) for a in alerts] == [(plant["id"], 3)]
    assert "Объявленный запуск снова перенесён позже (3 раз(а))" in client.get("/monitoring/inbox?lang=ru").text


def test_accepting_records_one_claim_per_fact_and_rebuild_adds_nothing(client, engine, plant, session, monkeypatch):
    import json

    from typer.testing import CliRunner

    from orken.cli import app

    def rebuild() -> dict:  # ``orken ledger rebuild`` against the same database
        result = CliRunner().invoke(app, ["ledger", "rebuild", "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output.strip().splitlines()[-1])

    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    run_articles(client, engine, plant, ARTICLES[:2])
    claims = session.scalars(select(Claim).order_by(Claim.id)).all()
    accepted = session.scalars(select(NewsFact).where(NewsFact.review_status == "accepted")).all()
    assert len(claims) == len(accepted) == 4 and {c.fact_id for c in claims} == {f.id for f in accepted}
    assert rebuild() == {"facts": 4, "recorded": 0}
    # claims lost (a database from before the ledger): rebuild records them again, once
    with system_session(engine, "tests") as s:
        for c in s.scalars(select(Claim)):
            s.delete(c)
    assert rebuild() == {"facts": 4, "recorded": 4}
    assert rebuild()["recorded"] == 0
    session.expire_all()
    assert len(session.scalars(select(Claim)).all()) == 4


def test_a_reprinted_story_is_one_claim_with_every_outlet(client, engine, plant, session):
    from orken.db.models import Document
    from orken.watch import reprints

    lang, on, url, text = ARTICLES[0]
    docs = []
    for outlet, extra in (("https://kapital.kz/a", ""), ("https://zakon.kz/b", " Читайте также другие новости.")):
        doc = ingest_article(engine, lang, on, outlet, text + extra)
        with system_session(engine, "tests") as s:
            reprints.place(s, s.get(Document, doc))
        docs.append(doc)
    facts = queue(client, docs[0])
    assert not queue(client, docs[1]).get("launch")  # the reprint's launch is an echo, not queued twice
    accept(client, facts["launch"], plant["id"])
    [claim] = session.scalars(select(Claim)).all()
    assert [s["outlet"] for s in claim.sources] == ["kapital.kz", "zakon.kz"]
    body = client.get(f"/api/v1/projects/{plant['id']}/claims").json()
    assert len(body["measures"][0]["claims"]) == 1 and len(body["measures"][0]["claims"][0]["sources"]) == 2
    assert "и ещё изданий: 1" in client.get(f"/projects/{plant['id']}?lang=ru").text


def test_the_public_reads_accepted_claims_only_and_no_reviewer(client, anon_client, client_for, engine, plant):
    first = ingest_article(engine, *ARTICLES[0])
    facts = queue(client, first)
    accept(client, facts["launch"], plant["id"])
    second = ingest_article(engine, *ARTICLES[1])
    pending = queue(client, second)
    review = client.get(f"/review?lang=ru&document={second}")  # a launch fact waits in the queue, labelled
    assert review.status_code == 200 and "Срок запуска" in review.text
    client.post(f"/api/v1/review/{pending['investment']['id']}/reject", json={"reason": "duplicate"})
    # a pending launch and a rejected investment are not claims: nobody sees them in the ledger
    for who in (anon_client, client, client_for("curator", project_id=plant["id"])):
        body = who.get(f"/api/v1/projects/{plant['id']}/claims").json()
        assert body["claims"] == 1 and body["measures"][0]["claims"][0]["date"] == "2026"
    public = anon_client.get(f"/api/v1/projects/{plant['id']}/claims").json()["measures"][0]["claims"][0]
    assert "accepted_by" not in public and "fact_id" not in public
    assert "accepted_by" not in anon_client.get(f"/projects/{plant['id']}.json").json()["promises"]["measures"][0][
        "claims"][0]
    admin = client.get(f"/api/v1/projects/{plant['id']}/claims").json()["measures"][0]["claims"][0]
    assert admin["accepted_by"] == "user:admin" and admin["fact_id"] == facts["launch"]["id"]
    assert anon_client.get("/api/v1/projects/999999/claims").status_code == 404
    # the alert is internal
    assert anon_client.get("/api/v1/alerts").status_code == 401


def test_a_page_without_claims_has_no_section(anon_client, plant):
    html = anon_client.get(f"/projects/{plant['id']}?lang=en").text
    assert 'id="promises"' not in html
    assert anon_client.get("/ledger.json").json()["total"] == 0
    assert 'id="none-moved"' in anon_client.get("/ledger?lang=en").text
