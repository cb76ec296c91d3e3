"""Storing a document and its facts, linked to the registry and queued for review.

A document is identified by the SHA-256 of its text (after normalising line ends and Unicode to
NFC): ingesting the same text again, from any path or URL, changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Document
from orken.news import extraction, names
from orken.news.linking import PLACES, Linker, decide
from orken.news.models import NewsFact
from orken.news.launches import launch_facts
from orken.news.statuses import status_facts
from orken.news.targets import default_target, says_actual
from orken.news.values import BadValue, exact
from orken.errors import InvalidInput

LANGS = ("kk", "ru")
MAX_CHARS = 2_000_000


@dataclass
class DocumentIn:
    text: str
    url: str | None = None
    date: date | None = None
    lang: str = "auto"
    title: str | None = None
    publisher: str | None = None
    origin: str = "-"  # where it was read from, for messages


@dataclass
class Outcome:
    document_id: int
    created: bool
    facts: int
    origin: str = "-"


def normalise(text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def check(doc: DocumentIn) -> list[dict]:
    errors = []
    if not doc.text or not doc.text.strip():
        errors.append({"field": "text", "message": "the document is empty"})
    elif len(doc.text) > MAX_CHARS:
        errors.append({"field": "text", "message": f"the document is longer than {MAX_CHARS} characters"})
    if doc.lang not in (*LANGS, "auto"):
        errors.append({"field": "lang", "message": "use kk, ru or auto"})
    if isinstance(doc.date, str):
        try:
            doc.date = date.fromisoformat(doc.date)
        except ValueError:
            errors.append({"field": "date", "message": f"{doc.date!r} is not a date (YYYY-MM-DD)"})
    if doc.url and len(doc.url) > 2000:
        errors.append({"field": "url", "message": "the URL is too long"})
    return errors


def extracted(doc: DocumentIn) -> dict:
    """What ``ingest`` would read from ``doc`` with the real extractor (facts, records, language), with
    the hash of the text it read: computed elsewhere (the watcher's Dask workers) and handed to
    ``ingest(..., extracted=...)``, which uses it only for that same text."""
    text = normalise(doc.text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return {"content_hash": digest, **extraction.extract_all(text, doc.lang, f"sha256:{digest[:32]}", doc.date)}


def ingest(session: Session, doc: DocumentIn, linker: Linker | None = None,
           extract: Callable[..., list[dict]] = extraction.extract_facts, extracted: dict | None = None) -> Outcome:
    """Store ``doc`` and its facts (linked and queued), or find it already stored. ``extracted``: the
    real extractor's reading of this text done beforehand (``extracted(doc)``)."""
    errors = check(doc)
    if errors:
        raise InvalidInput(errors)
    text = normalise(doc.text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = session.scalar(select(Document.id).where(Document.content_hash == digest))
    if found is not None:
        return Outcome(found, False, 0, doc.origin)
    key = f"sha256:{digest[:32]}"
    records: list[dict] = []
    if extract is extraction.extract_facts:  # the real extractor: facts, records and language in one pass
        done = extracted if extracted is not None and extracted.get("content_hash") == digest else None
        out = done or extraction.extract_all(text, doc.lang, key, doc.date)
        raw, records, read_as = out["facts"], out["records"], out["lang"]
    else:
        raw = extract(text, doc.lang, key)
        read_as = raw[0]["lang"] if raw else extraction.detect_lang(text)
    lang = doc.lang if doc.lang in LANGS else read_as
    document = Document(key=key, title=doc.title, lang=lang, date=doc.date, publisher=doc.publisher, url=doc.url,
                        content_hash=digest, text=text)
    session.add(document)
    session.flush()
    found = raw + status_facts(text, raw) + launch_facts(text, records, lang)  # and the launch dates announced
    rows = [row for row in (_fact(document, i, f) for i, f in enumerate(found)) if row]
    link(linker or Linker(session), rows, records)
    session.add_all(rows)
    session.flush()
    return Outcome(document.id, True, len(rows), doc.origin)


def _fact(document: Document, seq: int, f: dict) -> NewsFact | None:
    """A fact row from the extractor's dict; facts with unusable values or offsets are dropped."""
    text = document.text or ""
    try:
        value = exact(f.get("value"))
        confidence = exact(f.get("confidence"))
        (s0, s1), (p0, p1) = f["sentence"], f["span"]
        s0, s1, p0, p1 = int(s0), int(s1), int(p0), int(p1)
    except (BadValue, KeyError, TypeError, ValueError):
        return None
    if not (0 <= s0 <= p0 <= p1 <= s1 <= len(text)) or f.get("measure") is None:
        return None
    subject, location = f.get("subject") or {}, f.get("location") or {}
    year = f.get("year") if isinstance(f.get("year"), int) else None
    status = f.get("status")
    row = NewsFact(
        document_id=document.id, seq=seq, lang=f.get("lang") or document.lang, sentence_start=s0,
        sentence_end=s1, span_start=p0, span_end=p1, text=text[p0:p1], measure=str(f["measure"])[:30],
        value=value, unit=f.get("unit"), qualifier=f.get("qualifier"), period=f.get("period"), year=year,
        subject_text=subject.get("text"), subject_type=subject.get("type"), location_text=location.get("text"),
        location_kato=location.get("kato"), implied_status=status, confidence=confidence,
        review_status="pending", version=1, candidates=[],
    )
    row.actual = f["launch_actual"] if isinstance(f.get("launch_actual"), bool) else says_actual(text[s0:s1], status)
    return row


def _named(fact: NewsFact) -> bool:
    return bool(fact.subject_text) and fact.subject_type not in PLACES and not names.is_generic(fact.subject_text)


def link(linker: Linker, rows: list[NewsFact], records: list[dict] | None = None) -> None:
    """Link each fact (in document order), or propose a project; generic subjects take the context.

    A proposed project is prefilled from the extractor's record of the project the fact's sentence
    is about (its name, status, launch, investors, product, place), when there is one."""
    context = None  # (matches, chosen, proposal) of the last named subject
    for fact in sorted(rows, key=lambda r: (r.sentence_start, r.seq)):
        method = "name"
        if _named(fact):
            matches = linker.match(fact.subject_text, fact.subject_type, fact.location_kato, fact.year)
            chosen = decide(matches)
            proposal = None if chosen or chosen_is_not_project(fact) else propose(linker, fact, record_for(fact, records))
            context = (matches, chosen, proposal)
        elif context is not None:
            (matches, chosen, proposal), method = context, "context"
        else:
            matches, chosen, proposal = [], None, None
        fact.candidates = [m.as_dict() for m in matches]
        fact.proposal = proposal
        if chosen is not None:
            setattr(fact, f"{chosen.type}_id", chosen.id)
            fact.link_score, fact.link_method = chosen.score, method
            link_type = chosen.type
        else:
            region, district = linker.place(fact.location_kato)
            fact.region_kato = district or region
            fact.link_method = "location" if fact.region_kato else None
            link_type = None if proposal else ("region" if fact.region_kato else None)
        fact.target = default_target(fact.measure, fact.unit, link_type, fact.actual)


def chosen_is_not_project(fact: NewsFact) -> bool:
    return fact.subject_type not in ("project", "enterprise", None)


def record_for(fact: NewsFact, records: list[dict] | None) -> dict | None:
    """The project record whose evidence covers the fact's sentence (or the only record)."""
    if not records:
        return None
    for r in records:
        spans = list((r.get("evidence") or {}).values())
        if any(a <= fact.sentence_start < b for a, b in spans):
            return r
    return records[0] if len(records) == 1 else None


RECORD_FIELDS = ("project", "investors", "investor_countries", "product", "status", "launch_planned", "launch_actual",
                 "region", "region_kato", "district_or_city", "district_kato", "zone", "capacity", "investment", "jobs",
                 "jobs_temporary", "evidence")


def propose(linker: Linker, fact: NewsFact, record: dict | None = None) -> dict | None:
    """A new project named after the project record (else the subject), where the fact's location is."""
    region, district = linker.place(fact.location_kato)
    lang = fact.lang if fact.lang in LANGS else "ru"
    name = (record or {}).get("project") or (fact.subject_text or "")
    quoted = re.search(r"«([^«»]{2,})»", name)
    if quoted:  # "завод «Караганда Стил»": the registry names it by its proper name
        name = quoted.group(1)
    if not name.strip(" «»\""):
        return None
    out = {"name": {lang: name.strip(" «»\"")}, "region_kato": region, "district_kato": district,
           "key": names.key(name)}
    if record:
        if record.get("district_kato") or record.get("region_kato"):
            r2, d2 = linker.place(record.get("district_kato") or record.get("region_kato"))
            out["region_kato"], out["district_kato"] = r2 or region, d2 or district
        out["record"] = {k: record.get(k) for k in RECORD_FIELDS}
    return out
