"""Ingesting documents: exact values, links across languages and case forms, idempotence."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from orken.db.models import Document
from orken.news.models import NewsFact
from orken.news.values import BadValue, exact
from orken.errors import InvalidInput
from tests.news.conftest import KK, RU


def test_values_are_read_through_their_decimal_text():
    assert exact(45.5) == Decimal("45.5")
    assert exact(1.6e12) == Decimal("1600000000000") and "E" not in str(exact(1.6e12))
    assert exact(0.1) == Decimal("0.1")  # not 0.1000000000000000055511151231257827...
    assert exact(120000000000) == Decimal("120000000000")
    assert exact("7,3") == Decimal("7.3")
    for bad in (True, float("nan"), float("inf"), "abc", [1], 1e30):
        with pytest.raises(BadValue):
            exact(bad)


def test_kazakh_news_links_to_a_project_named_in_russian_and_english(ingest_text, aluminium, session):
    outcome = ingest_text(KK, url="https://example.kz/aluminium", title="Алюминий зауыты")
    assert outcome.created and outcome.facts == 4
    rows = {f.measure: f for f in session.scalars(select(NewsFact).where(NewsFact.document_id == outcome.document_id))}
    assert set(rows) == {"investment", "jobs", "capacity", "status"}

    money = rows["investment"]
    assert money.value == Decimal("120000000000") and isinstance(money.value, Decimal) and money.unit == "KZT"
    assert money.project_id == aluminium["id"] and money.link_method == "name" and money.link_score >= Decimal("0.8")
    assert money.candidates[0]["id"] == aluminium["id"] and "same region" in money.candidates[0]["evidence"]
    assert money.target == "investment_planned"  # "құрайды" in a plant under construction: a plan

    # "Кәсіпорында" and "Зауыттың" name no one: they take the plant named before them (the extractor
    # may already carry that name over as the fact's subject, or the linker does it from context)
    assert rows["jobs"].project_id == aluminium["id"] and rows["jobs"].link_method in ("name", "context")
    assert rows["jobs"].target == "jobs_permanent_planned"  # "ашылады": will be opened
    assert rows["capacity"].target == "capacity" and rows["capacity"].period == "year"

    status = rows["status"]
    assert status.implied_status == "under_construction" and status.target == "status"
    doc = session.get(Document, outcome.document_id)
    assert doc.text[status.span_start:status.span_end] == "салынуда"
    assert doc.lang == "kk" and doc.url == "https://example.kz/aluminium" and len(doc.content_hash) == 64


def test_russian_news_in_another_case_form_links_to_a_kazakh_name(ingest_text, steel, session):
    outcome = ingest_text(RU, lang="ru")
    rows = {f.measure: f for f in session.scalars(select(NewsFact).where(NewsFact.document_id == outcome.document_id))}
    assert rows["investment"].project_id == steel["id"]
    assert rows["investment"].value == Decimal("45500000000")
    # "составил" after "запущен", "создано": the money was spent and the jobs exist
    assert rows["investment"].target == "investment_actual" and rows["jobs"].target == "jobs_permanent_actual"
    assert rows["status"].implied_status == "launched"


def test_unknown_plant_is_proposed_as_a_new_project(ingest_text, session):
    outcome = ingest_text(RU)
    rows = list(session.scalars(select(NewsFact).where(NewsFact.document_id == outcome.document_id)))
    assert rows and all(f.project_id is None for f in rows)
    proposal = rows[0].proposal
    assert proposal["name"] == {"ru": "Караганда Стил"} and proposal["region_kato"] == "350000000"


def test_a_different_plant_in_another_region_is_not_linked(ingest_text, client, session):
    client.post("/api/v1/projects", json={"name": {"ru": "Завод «Казахстан Цинк»"}, "region_kato": "750000000"})
    outcome = ingest_text(KK)
    money = session.scalar(select(NewsFact).where(NewsFact.document_id == outcome.document_id,
                                                  NewsFact.measure == "investment"))
    assert money.project_id is None and money.proposal is not None


def test_reingesting_the_same_text_changes_nothing(ingest_text, session):
    lines = KK.replace(". ", ".\n")
    first = ingest_text(lines)
    counts = (session.scalar(select(func.count()).select_from(Document)),
              session.scalar(select(func.count()).select_from(NewsFact)))
    assert counts == (1, first.facts) and first.facts > 0
    # the same text from elsewhere, with Windows line ends and a byte-order mark: the same document
    for again in (ingest_text(lines, url="https://other.kz"), ingest_text("\ufeff" + lines.replace("\n", "\r\n"))):
        assert not again.created and again.document_id == first.document_id and again.facts == 0
    assert (session.scalar(select(func.count()).select_from(Document)),
            session.scalar(select(func.count()).select_from(NewsFact))) == counts
    assert ingest_text(lines + " Тағы бір сөйлем.").created  # a changed text is a new document


@pytest.mark.parametrize("text, field", [("", "text"), ("   \n", "text")])
def test_empty_documents_are_refused(ingest_text, text, field):
    with pytest.raises(InvalidInput) as exc:
        ingest_text(text)
    assert exc.value.errors[0]["field"] == field


def test_bad_language_is_refused(ingest_text):
    with pytest.raises(InvalidInput):
        ingest_text(KK, lang="en")


def test_the_language_is_detected_once_by_the_pipeline(ingest_text, session, monkeypatch):
    from orken.news import extraction

    def twice(text):
        raise AssertionError("the language was detected a second time, outside the pipeline")
    monkeypatch.setattr(extraction, "detect_lang", twice)
    outcome = ingest_text("Ақтөбеде жаңа саябақ ашылды, тұрғындар риза.")  # no figure: no fact carries a lang
    assert outcome.created and outcome.facts == 0
    assert session.get(Document, outcome.document_id).lang == "kk"


def test_status_facts_are_highlighted_on_the_extractors_cue(ingest_text, session):
    # "іргетасы қаланды" (the foundation was laid) states the stage in the sentence before the figure
    outcome = ingest_text("Шиелі ауданында «Сыр Цемент» ЖШС зауытының іргетасы қаланды. Жобаның құны 42 млрд теңге.")
    status = next(f for f in session.scalars(select(NewsFact).where(NewsFact.document_id == outcome.document_id))
                  if f.measure == "status")
    assert status.implied_status == "under_construction" and status.text == "іргетасы қаланды"
    assert (status.sentence_start, status.sentence_end) == (0, 60)
