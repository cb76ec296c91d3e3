"""Corroboration and conflict among the facts linked to a project.

Two facts *agree* when they say the same measure of the same project with the same value, unit
and qualifier; their corroboration is the number of independent stories (reprints of one text are
one story, see ``orken.watch.reprints``) that report it. Facts of the same project, measure, unit
and qualifier with *different* values are a conflict (e.g. 90 vs 95 bn ₸): both sentences are
shown side by side. The planned/actual sense the extractor reads from the verb is shown on each
fact but does not split them (news often says "cost" of a plan, or "will cost" of money spent).
Rejected facts are left out.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.registry.serialize import dec

from orken.news.models import NewsFact
from orken.news.models import WatchEcho
from orken.watch.models import WatchMember


def _key(f: NewsFact) -> tuple:
    return (f.project_id, f.measure, f.unit, f.qualifier)


def _facts(session: Session, project_ids: list[int] | None) -> list[NewsFact]:
    q = select(NewsFact).where(NewsFact.project_id.is_not(None), NewsFact.review_status != "rejected",
                               NewsFact.measure != "status", NewsFact.value.is_not(None))
    if project_ids is not None:
        q = q.where(NewsFact.project_id.in_(project_ids))
    return list(session.scalars(q.order_by(NewsFact.id)))


def _stories(session: Session, facts: list[NewsFact]) -> dict[int, set]:
    """fact id -> the stories reporting it (its document's, and its echoes' documents')."""
    docs = {f.document_id for f in facts}
    echoes = session.execute(select(WatchEcho.fact_id, WatchEcho.document_id).where(
        WatchEcho.fact_id.in_([f.id for f in facts]))).all() if facts else []
    docs |= {d for _, d in echoes}
    story = dict(session.execute(select(WatchMember.document_id, WatchMember.story_id).where(
        WatchMember.document_id.in_(docs))).all()) if docs else {}
    out = {f.id: {story.get(f.document_id, f"doc{f.document_id}")} for f in facts}
    for fact_id, doc in echoes:
        out[fact_id].add(story.get(doc, f"doc{doc}"))
    return out


def corroboration(session: Session, project_ids: list[int] | None = None) -> dict[int, int]:
    """fact id -> the number of independent stories reporting the same figure about the same project."""
    facts = _facts(session, project_ids)
    stories = _stories(session, facts)
    groups: dict[tuple, set] = defaultdict(set)
    for f in facts:
        groups[(*_key(f), f.value)] |= stories[f.id]
    return {f.id: len(groups[(*_key(f), f.value)]) for f in facts}


def _sentence(f: NewsFact) -> str:
    return (f.document.text or "")[f.sentence_start:f.sentence_end]


def conflicts(session: Session, project_ids: list[int] | None = None) -> list[dict]:
    """Groups of facts about one project and measure that disagree on the value, with their sentences."""
    facts = _facts(session, project_ids)
    stories = _stories(session, facts)
    by_key: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        by_key[_key(f)][f.value].append(f)
    out = []
    for (project_id, measure, unit, qualifier), values in by_key.items():
        if len(values) < 2:
            continue
        out.append({
            "project_id": project_id, "measure": measure, "unit": unit, "qualifier": qualifier,
            "values": [{
                "value": dec(value),
                "stories": len(set().union(*(stories[f.id] for f in fs))),
                "facts": [{"id": f.id, "document_id": f.document_id, "review_status": f.review_status,
                           "actual": bool(f.actual), "story": min(map(str, stories[f.id])),
                           "sentence": _sentence(f), "url": f.document.url, "publisher": f.document.publisher,
                           "title": f.document.title, "lang": f.document.lang, "date":
                           f.document.date.isoformat() if f.document.date else None} for f in fs],
            } for value, fs in sorted(values.items())],
        })
    return sorted(out, key=lambda c: (c["project_id"], c["measure"]))


def conflicting_fact_ids(session: Session, project_ids: list[int] | None = None) -> set[int]:
    return {f["id"] for c in conflicts(session, project_ids) for v in c["values"] for f in v["facts"]}
