"""Reprints: near-duplicate documents grouped into stories with MinHash and LSH (datasketch).

Each document's text is reduced to word 3-shingles (lower-cased, punctuation dropped) and a
``NUM_PERM``-value MinHash signature, stored in ``watch_members``. The signature is cut into
``BANDS`` bands of ``ROWS`` values (the split datasketch's ``MinHashLSH`` picks for ``THRESHOLD``);
each band's hash is a row of ``watch_bands``, indexed. A new document looks up only its own band
keys (an indexed ``IN``), so its cost depends on the number of similar documents, not on the
corpus; candidates are confirmed by the estimated Jaccard similarity of the signatures. A match
joins the candidate's story; otherwise the document starts one.

Facts of a reprint that repeat a fact already queued for its story (same measure, value, unit,
qualifier, actual) are not queued again: they become ``watch_echoes`` of the story's fact (the
outlet's sentence is kept by its offsets), so the story's fact is reviewed once with every outlet.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.registry.serialize import dec

from orken.db.models import Document
from orken.news.models import NewsFact, WatchEcho
from orken.watch.models import WatchBand, WatchMember, WatchStory

NUM_PERM = 128
THRESHOLD = 0.5
_lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
BANDS, ROWS = _lsh.b, _lsh.r
WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3
SCHEME = "affine32"  # uint32 values; stored signatures name their scheme by this constant
MAX_CANDIDATES = 200


def shingles(text: str) -> set[bytes]:
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def from_bytes(raw: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME,
                   hashvalues=np.frombuffer(raw, dtype="<u4").astype(np.uint32))


def band_keys(m: MinHash) -> list[str]:
    values = np.asarray(m.hashvalues, dtype="<u4")
    return [f"{b:02d}:" + hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()
            for b in range(BANDS)]


@dataclass
class Placement:
    story_id: int
    reprint_of: int | None  # the document it was matched with
    similarity: float | None
    echoed: int = 0  # facts not queued again


def similar(session: Session, m: MinHash, exclude: int | None = None) -> list[tuple[float, int, int]]:
    """(similarity, document id, story id) of stored documents at or above the threshold, best first."""
    keys = band_keys(m)
    ids = session.scalars(select(WatchBand.document_id).where(WatchBand.key.in_(keys)).distinct()
                          .limit(MAX_CANDIDATES)).all()
    ids = [i for i in ids if i != exclude]
    if not ids:
        return []
    found = []
    for doc_id, story_id, raw in session.execute(select(WatchMember.document_id, WatchMember.story_id,
                                                        WatchMember.signature).where(WatchMember.document_id.in_(ids))):
        score = m.jaccard(from_bytes(raw))
        if score >= THRESHOLD:
            found.append((score, doc_id, story_id))
    return sorted(found, key=lambda t: (-t[0], t[1]))


def place(session: Session, document: Document) -> Placement:
    """Put a stored document into a story (its own, or the story of the document it reprints)."""
    known = session.get(WatchMember, document.id)
    if known is not None:
        return Placement(known.story_id, None, known.similarity)
    m = signature(document.text or "")
    matches = similar(session, m, exclude=document.id)
    if matches:
        score, other, story_id = matches[0]
        story = session.get(WatchStory, story_id)
        story.size += 1
    else:
        score, other = None, None
        story = WatchStory(lead_document_id=document.id, size=1)
        session.add(story)
        session.flush()
    session.add(WatchMember(document_id=document.id, story_id=story.id, signature=to_bytes(m), similarity=score))
    session.add_all([WatchBand(key=k, document_id=document.id) for k in band_keys(m)])
    session.flush()
    placement = Placement(story.id, other, score)
    if other is not None:
        placement.echoed = fold_facts(session, story.id, document.id)
    return placement


def _same(f: NewsFact) -> tuple:
    return (f.measure, f.value, f.unit, f.qualifier, bool(f.actual), f.implied_status if f.measure == "status" else None,
            f.period if f.measure == "launch" else None)  # a launch is its date


def fold_facts(session: Session, story_id: int, document_id: int) -> int:
    """Echo the pending facts of ``document_id`` that repeat a fact of another document of the story."""
    others = select(WatchMember.document_id).where(WatchMember.story_id == story_id,
                                                   WatchMember.document_id != document_id)
    kept = {}
    for f in session.scalars(select(NewsFact).where(NewsFact.document_id.in_(others)).order_by(NewsFact.id)):
        kept.setdefault(_same(f), f)
    echoed = []
    for f in session.scalars(select(NewsFact).where(NewsFact.document_id == document_id,
                                                   NewsFact.review_status == "pending")):
        original = kept.get(_same(f))
        if original is not None:
            session.add(WatchEcho(fact_id=original.id, document_id=document_id, sentence_start=f.sentence_start,
                                  sentence_end=f.sentence_end, span_start=f.span_start, span_end=f.span_end))
            echoed.append(f)
    for f in echoed:
        session.delete(f)
    session.flush()
    return len(echoed)


def story(session: Session, story_id: int) -> dict | None:
    s = session.get(WatchStory, story_id)
    if s is None:
        return None
    members = session.execute(select(WatchMember.document_id, WatchMember.similarity, Document.title, Document.url,
                                     Document.publisher, Document.date).join(Document, Document.id ==
                                                                             WatchMember.document_id)
                              .where(WatchMember.story_id == story_id).order_by(WatchMember.document_id)).all()
    docs = [m.document_id for m in members]
    facts = session.scalars(select(NewsFact).where(NewsFact.document_id.in_(docs)).order_by(NewsFact.id)).all()
    echoes = session.scalars(select(WatchEcho).where(WatchEcho.fact_id.in_([f.id for f in facts]))).all()
    by_fact: dict[int, list[int]] = {}
    for e in echoes:
        by_fact.setdefault(e.fact_id, []).append(e.document_id)
    return {
        "id": s.id, "lead_document_id": s.lead_document_id, "size": s.size,
        "documents": [{"id": m.document_id, "title": m.title, "url": m.url, "publisher": m.publisher,
                       "date": m.date.isoformat() if m.date else None,
                       "similarity": round(m.similarity, 3) if m.similarity is not None else None} for m in members],
        "facts": [{"id": f.id, "measure": f.measure, "value": dec(f.value),
                   "unit": f.unit, "review_status": f.review_status,
                   "outlets": [f.document_id, *sorted(by_fact.get(f.id, []))]} for f in facts],
    }


def story_of(session: Session, document_id: int) -> int | None:
    return session.scalar(select(WatchMember.story_id).where(WatchMember.document_id == document_id))
