"""Reprints grouped into stories (MinHash + LSH in the database), facts queued once with every
outlet, corroboration across independent stories, and conflicting figures flagged."""

from decimal import Decimal

from sqlalchemy import select

from orken.db.models import Document
from orken.news.models import NewsFact
from orken.watch import poll, reprints
from orken.news.models import WatchEcho
from orken.watch.models import WatchBand, WatchMember
from tests.watch.conftest import RU_CONFLICT, RU_NEWS, RU_OTHER, RU_REPRINT, rss

PATHS = ["/ru/steel.html", "/other/steel-reprint.html", "/ru/steel-report.html", "/ru/steel-conflict.html"]


def watch_all(site, sessions, fetcher, session, paths=PATHS):
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, paths))
    with sessions() as s:
        poll.add_source(s, site.url("/feed.rss"), "rss", "ru")
        s.commit()
    [report] = poll.run_pass(sessions, fetcher)
    docs = {d.url.rsplit("/", 1)[-1]: d for d in session.scalars(select(Document))}
    return report, docs


def test_signatures_find_reprints_and_not_other_texts():
    a, b = reprints.signature(RU_NEWS), reprints.signature(RU_REPRINT)
    assert a.jaccard(b) >= reprints.THRESHOLD
    assert a.jaccard(reprints.signature(RU_OTHER)) < reprints.THRESHOLD
    assert a.jaccard(reprints.signature(RU_CONFLICT)) < reprints.THRESHOLD
    assert reprints.from_bytes(reprints.to_bytes(a)).jaccard(b) == a.jaccard(b)  # stored without loss
    assert len(set(reprints.band_keys(a)) & set(reprints.band_keys(b))) >= 1


def test_a_reprint_joins_the_story_and_its_facts_are_queued_once(site, sessions, fetcher, session, steel, client):
    report, docs = watch_all(site, sessions, fetcher, session)
    assert report.ingested == 4 and report.reprints == 1
    story = {name: reprints.story_of(session, d.id) for name, d in docs.items()}
    assert story["steel.html"] == story["steel-reprint.html"]
    assert len({story["steel.html"], story["steel-report.html"], story["steel-conflict.html"]}) == 3
    assert session.scalar(select(WatchMember.similarity).where(
        WatchMember.document_id == docs["steel-reprint.html"].id)) >= reprints.THRESHOLD
    assert len(session.scalars(select(WatchBand).where(
        WatchBand.document_id == docs["steel.html"].id)).all()) == reprints.BANDS

    # the reprint's figures are echoes of the first outlet's facts, not a second entry in the queue
    lead = {f.measure: f for f in session.scalars(select(NewsFact).where(
        NewsFact.document_id == docs["steel.html"].id))}
    reprinted = session.scalars(select(NewsFact).where(NewsFact.document_id == docs["steel-reprint.html"].id)).all()
    assert {"investment", "jobs"} <= set(lead)
    assert not {f.measure for f in reprinted} & {"investment", "jobs"}
    echoes = session.scalars(select(WatchEcho).where(WatchEcho.document_id == docs["steel-reprint.html"].id)).all()
    assert {e.fact_id for e in echoes} >= {lead["investment"].id, lead["jobs"].id}
    text = docs["steel-reprint.html"].text
    assert any("45,5 млрд" in text[e.span_start:e.span_end] for e in echoes)  # the outlet's own words are kept

    r = client.get(f"/api/v1/stories/{story['steel.html']}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["size"] == 2 and {d["id"] for d in body["documents"]} == {docs["steel.html"].id,
                                                                          docs["steel-reprint.html"].id}
    money = next(f for f in body["facts"] if f["id"] == lead["investment"].id)
    assert money["outlets"] == [docs["steel.html"].id, docs["steel-reprint.html"].id]
    assert client.get("/api/v1/stories/999999").status_code == 404


def test_corroboration_and_conflict(site, sessions, fetcher, session, steel, client):
    _, docs = watch_all(site, sessions, fetcher, session)
    money = {name: session.scalar(select(NewsFact).where(NewsFact.document_id == d.id,
                                                         NewsFact.measure == "investment"))
             for name, d in docs.items()}
    assert money["steel.html"].project_id == steel["id"] and money["steel.html"].value == Decimal("45500000000")
    assert money["steel-report.html"].project_id == steel["id"]
    assert money["steel-conflict.html"].value == Decimal("50000000000")
    assert money["steel-conflict.html"].project_id == steel["id"]

    counts = client.get("/api/v1/corroboration", params={"project": steel["id"]}).json()["items"]
    # the first outlet and its reprint are one story; the independent report is a second
    assert counts[str(money["steel.html"].id)] == 2 and counts[str(money["steel-report.html"].id)] == 2
    assert counts[str(money["steel-conflict.html"].id)] == 1

    r = client.get("/api/v1/conflicts", params={"project": steel["id"]})
    assert r.status_code == 200, r.text
    [conflict] = [c for c in r.json()["items"] if c["measure"] == "investment"]
    assert conflict["project_id"] == steel["id"]
    values = {v["value"]: v for v in conflict["values"]}
    assert set(values) == {"45500000000", "50000000000"}
    assert values["45500000000"]["stories"] == 2 and values["50000000000"]["stories"] == 1
    assert "50 млрд" in values["50000000000"]["facts"][0]["sentence"]
    assert "45,5 млрд" in values["45500000000"]["facts"][0]["sentence"]

    # rejecting the odd figure ends the conflict
    fact = money["steel-conflict.html"]
    r = client.post(f"/api/v1/review/{fact.id}/reject", json={"fact_version": fact.version, "reason": "misquoted"})
    assert r.status_code == 200, r.text
    assert not [c for c in client.get("/api/v1/conflicts").json()["items"] if c["measure"] == "investment"]


def test_the_same_document_is_placed_once(session, ingest_doc):
    doc = ingest_doc(RU_NEWS)
    first = reprints.place(session, doc)
    again = reprints.place(session, doc)
    assert first.story_id == again.story_id and first.reprint_of is None
    assert len(session.scalars(select(WatchBand).where(WatchBand.document_id == doc.id)).all()) == reprints.BANDS


def test_accepting_a_story_fact_cites_every_outlet(site, sessions, fetcher, session, steel, client):
    _, docs = watch_all(site, sessions, fetcher, session, PATHS[:2])
    lead = session.scalar(select(NewsFact).where(NewsFact.document_id == docs["steel.html"].id,
                                                 NewsFact.measure == "investment"))
    r = client.post(f"/api/v1/review/{lead.id}/accept", json={"version": steel["version"]})
    assert r.status_code == 200, r.text
    sources = client.get(f"/api/v1/projects/{steel['id']}").json()["sources"]
    cited = {s["document_id"]: s for s in sources}
    assert set(cited) == {docs["steel.html"].id, docs["steel-reprint.html"].id}
    assert "45,5 млрд" in cited[docs["steel-reprint.html"].id]["quote"]
    assert cited[docs["steel-reprint.html"].id]["url"] == site.url("/other/steel-reprint.html")
