"""The promise ledger's input from the review: an accepted fact about a project becomes a dated claim.

``record_fact`` is called where a fact is accepted (``orken.news.apply``); ``rebuild`` records the
facts accepted before the ledger existed (``orken ledger rebuild``; running it again adds nothing).
A fact reprinted by other outlets (its echoes, ``orken.watch.reprints``) is one claim with every
outlet as a source. The speaker is the one the sentence names (``orken.extract.attribution``).
"""

from __future__ import annotations

import json

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Document, Project
from orken.domain.promises import parse_period
from orken.extract.attribution import speaker
from orken.ledger import service
from orken.ledger.models import Claim
from orken.news.models import NewsFact, WatchEcho

#: facts that are no figure of the project (a status change is its own history)
NOT_CLAIMS = frozenset({"status"})


def _sentence(doc: Document, start: int, end: int) -> str:
    return (doc.text or "")[start:end].strip()


def _ref(doc: Document, start: int, end: int) -> service.SourceRef:
    return service.SourceRef(document_id=doc.id, outlet=service.outlet_of(doc.publisher, doc.url), url=doc.url,
                             date=doc.date, title=doc.title, sentence=_sentence(doc, start, end))


def claim_in(session: Session, fact: NewsFact, project_id: int, actor: str | None) -> service.ClaimIn | None:
    """The claim an accepted fact about ``project_id`` makes (None: not a claim)."""
    if fact.measure in NOT_CLAIMS:
        return None
    doc = fact.document
    sources = [_ref(doc, fact.sentence_start, fact.sentence_end)]
    for echo, other in session.execute(select(WatchEcho, Document).join(Document, Document.id == WatchEcho.document_id)
                                       .where(WatchEcho.fact_id == fact.id).order_by(WatchEcho.id)):
        sources.append(_ref(other, echo.sentence_start, echo.sentence_end))
    on = precision = None
    period = fact.period
    if fact.measure == "launch":
        parsed = parse_period(fact.period)
        if parsed is None:
            return None
        (on, precision), period = parsed, None
    return service.ClaimIn(
        project_id=project_id, measure=fact.measure, fact_id=fact.id, actual=bool(fact.actual), value=fact.value,
        unit=fact.unit, qualifier=fact.qualifier, period=period, on=on, precision=precision,
        speaker=speaker(sources[0].sentence or "", fact.lang or doc.lang), lang=fact.lang or doc.lang,
        accepted_by=actor, sources=sources)


def record_fact(session: Session, fact: NewsFact, project_id: int, actor: str | None) -> Claim | None:
    c = claim_in(session, fact, project_id, actor)
    return service.record(session, c) if c is not None else None


def rebuild(session: Session) -> dict:
    """Record every accepted fact about a project that has no claim yet; {"facts", "recorded"}."""
    known = set(session.scalars(select(Claim.fact_id).where(Claim.fact_id.is_not(None))))
    seen = recorded = 0
    for fact in session.scalars(select(NewsFact).where(NewsFact.review_status == "accepted").order_by(NewsFact.id)):
        applied = fact.applied or {}
        project_id = applied.get("id") if applied.get("object") == "project" else fact.project_id
        if project_id is None:
            continue
        seen += 1
        if fact.id in known:
            continue
        if session.get(Project, project_id) is None:
            continue
        if record_fact(session, fact, project_id, fact.reviewed_by) is not None:
            recorded += 1
    session.flush()
    return {"facts": seen, "recorded": recorded}


ledger_app = typer.Typer(help="The promise ledger: dated claims from accepted news.", no_args_is_help=True)


@ledger_app.command("rebuild")
def rebuild_cmd(as_json: bool = typer.Option(False, "--json", help="print the counts as JSON")) -> None:
    """Record a claim for every accepted fact about a project that has none (safe to run again)."""
    from orken.db.engine import default_engine, session_scope

    with session_scope(default_engine()) as session:  # the command line writes as the system
        counts = rebuild(session)
    if as_json:
        typer.echo(json.dumps(counts))
    else:
        typer.echo(f"{counts['recorded']} claims recorded from {counts['facts']} accepted facts about projects")
