"""Recording and reading the promise ledger.

``record`` writes one claim per accepted fact (a second call for the same fact changes nothing but
adds outlets it did not have), so accepting and ``orken ledger rebuild`` agree. ``project_ledger``
is what a project page shows; ``moved`` the national table of projects whose announced launch
moved more than twice. Every claim comes from a fact an analyst accepted about a registry project
(public records, public news): the public reads them, without who accepted them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orken.db.models import Project
from orken.domain import promises
from orken.ledger.models import Claim
from orken.registry.query import ProjectFilter
from orken.registry.serialize import dec

#: the measures a project page draws as its promises, in this order
SHOWN = ("investment", "jobs", "jobs_temporary", "capacity", "launch")
#: the national table: projects whose announced launch moved more than this many times
MOVED_MORE_THAN = 2


@dataclass
class SourceRef:
    """One outlet that printed the claim."""

    document_id: int | None
    outlet: str | None
    url: str | None
    date: date | None
    title: str | None
    sentence: str | None

    def as_dict(self) -> dict:
        return {"document_id": self.document_id, "outlet": self.outlet, "url": self.url,
                "date": self.date.isoformat() if self.date else None, "title": self.title, "sentence": self.sentence}


@dataclass
class ClaimIn:
    project_id: int
    measure: str
    fact_id: int | None = None
    actual: bool = False
    value: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None
    period: str | None = None
    on: date | None = None
    precision: str | None = None
    speaker: str | None = None
    lang: str | None = None
    accepted_by: str | None = None
    sources: list[SourceRef] = field(default_factory=list)  # the fact's own document first


def outlet_of(publisher: str | None, url: str | None) -> str | None:
    """The outlet's name: the document's publisher, else its web site's host."""
    if publisher:
        return publisher[:300]
    if url:
        host = urlsplit(url).hostname or ""
        return (host[4:] if host.startswith("www.") else host)[:300] or None
    return None


def record(session: Session, c: ClaimIn) -> Claim:
    """The claim of an accepted fact: written once (again: only outlets it lacked are added)."""
    existing = session.scalar(select(Claim).where(Claim.fact_id == c.fact_id)) if c.fact_id is not None else None
    sources = [s.as_dict() for s in c.sources]
    if existing is not None:
        known = {(s.get("document_id"), s.get("sentence")) for s in existing.sources or []}
        new = [s for s in sources if (s["document_id"], s["sentence"]) not in known]
        if new:
            existing.sources = [*(existing.sources or []), *new]
        return existing
    lead = c.sources[0] if c.sources else None
    dated = [s.date for s in c.sources if s.date]
    claim = Claim(project_id=c.project_id, fact_id=c.fact_id, document_id=lead.document_id if lead else None,
                  measure=c.measure, actual=c.actual, value=c.value, unit=c.unit, qualifier=c.qualifier,
                  period=c.period, claimed_date=c.on, precision=c.precision, speaker=c.speaker,
                  said_on=(lead.date if lead and lead.date else (min(dated) if dated else None)),
                  outlet=lead.outlet if lead else None, url=lead.url if lead else None,
                  sentence=lead.sentence if lead else None, lang=c.lang, sources=sources, accepted_by=c.accepted_by)
    session.add(claim)
    session.flush()
    return claim


def said(c: Claim) -> promises.Said:
    return promises.Said(said_on=c.said_on, measure=c.measure, value=c.value, unit=c.unit, on=c.claimed_date,
                         precision=c.precision, actual=bool(c.actual), id=c.id, speaker=c.speaker)


def claims_of(session: Session, project_id: int) -> list[Claim]:
    return list(session.scalars(select(Claim).where(Claim.project_id == project_id)
                                .order_by(Claim.said_on.is_(None), Claim.said_on, Claim.id)))


def claim_dict(c: Claim, internal: bool = False) -> dict:
    """A claim as the API and pages give it; who accepted it and its fact only for internal readers."""
    out = {"id": c.id, "project_id": c.project_id, "measure": c.measure, "actual": bool(c.actual),
           "value": dec(c.value), "unit": c.unit, "qualifier": c.qualifier, "period": c.period,
           "date": promises.period_text(c.claimed_date, c.precision) if c.claimed_date else None, "precision": c.precision,
           "on": c.claimed_date.isoformat() if c.claimed_date else None, "speaker": c.speaker, "said_on": c.said_on.isoformat() if c.said_on else None, "outlet": c.outlet,
           "url": c.url, "sentence": c.sentence, "lang": c.lang,
           "sources": [{k: s.get(k) for k in ("outlet", "url", "date", "title", "sentence")} for s in c.sources or []]}
    if internal:
        out["fact_id"], out["accepted_by"] = c.fact_id, c.accepted_by
    return out


def summary(claims: list[Claim]) -> dict:
    """The launch's moves and the first and last announced value of each measure."""
    saids = [said(c) for c in claims]
    series = promises.timeline(saids, planned_only=True)
    firsts = {}
    for measure, s in series.items():
        first, last = s.first, s.last
        firsts[measure] = {"first": _said_value(first), "last": _said_value(last), "changes": s.changes,
                           "claims": len(s.claims)}
    return {"launch": promises.launch_summary(saids).as_dict(), "measures": firsts}


def _said_value(s: promises.Said | None) -> dict | None:
    if s is None:
        return None
    return {"said_on": s.said_on.isoformat() if s.said_on else None, "value": dec(s.value), "unit": s.unit,
            "date": promises.period_text(s.on, s.precision) if s.on else None, "precision": s.precision,
            "on": s.on.isoformat() if s.on else None}


def project_ledger(session: Session, project: Project, internal: bool = False) -> dict:
    """A project's promises over time: its claims by measure (oldest first), the launch's moves, and
    the registry's plan beside them."""
    claims = claims_of(session, project.id)
    by_measure: dict[str, list] = defaultdict(list)
    for c in claims:
        by_measure[c.measure].append(claim_dict(c, internal))
    order = [m for m in SHOWN if m in by_measure] + sorted(m for m in by_measure if m not in SHOWN)
    plan = {"investment": {"amount": dec(project.investment_planned), "currency": project.investment_planned_currency,
                           "kzt": dec(project.investment_planned_kzt)} if project.investment_planned is not None else None,
            "jobs": project.jobs_permanent_planned, "jobs_temporary": project.jobs_construction_planned,
            "launch": promises.period_text(project.launch_planned, project.launch_planned_precision)
            if project.launch_planned else project.launch_planned_text,
            "launch_on": project.launch_planned.isoformat() if project.launch_planned else None,
            "launch_precision": project.launch_planned_precision}
    return {"claims": len(claims), "measures": [{"measure": m, "claims": by_measure[m]} for m in order],
            "summary": summary(claims), "plan": plan}


def launch_claims(session: Session, project_ids: list[int]) -> dict[int, list[promises.Said]]:
    """The announced launch claims of each project (the alerts' and the national table's input)."""
    out: dict[int, list] = defaultdict(list)
    if not project_ids:
        return out
    for start in range(0, len(project_ids), 500):  # bounded IN lists
        chunk = project_ids[start:start + 500]
        for r in session.execute(select(Claim.id, Claim.project_id, Claim.said_on, Claim.claimed_date, Claim.precision,
                                        Claim.speaker)
                                 .where(Claim.project_id.in_(chunk), Claim.measure == "launch",
                                        Claim.claimed_date.is_not(None), Claim.actual.is_(False))):
            out[r.project_id].append(promises.Said(said_on=r.said_on, measure="launch", on=r.claimed_date,
                                                   precision=r.precision, id=r.id, speaker=r.speaker))
    return out


def moved(session: Session, f: ProjectFilter | None = None, more_than: int = MOVED_MORE_THAN,
          limit: int = 5000) -> list[dict]:
    """Projects whose announced launch moved more than ``more_than`` times, most moves first."""
    candidates = (select(Claim.project_id).where(Claim.measure == "launch", Claim.claimed_date.is_not(None),
                                                 Claim.actual.is_(False))
                  .group_by(Claim.project_id).having(func.count() > more_than))
    stmt = select(Project.id, Project.name_kk, Project.name_ru, Project.name_en, Project.region_kato,
                  Project.district_kato, Project.status, Project.launch_planned, Project.launch_planned_precision,
                  Project.launch_planned_text).where(Project.id.in_(candidates))
    if f is not None:
        stmt = f.apply(stmt)
    projects = {p.id: p for p in session.execute(stmt.order_by(Project.id).limit(limit))}
    history = launch_claims(session, list(projects))
    rows = []
    for pid, p in projects.items():
        s = promises.launch_summary(history[pid])
        if s.moves <= more_than:
            continue
        last_said = max((c.said_on for c in history[pid] if c.said_on), default=None)
        rows.append({"project_id": pid, "name": {"kk": p.name_kk, "ru": p.name_ru, "en": p.name_en},
                     "region_kato": p.region_kato, "district_kato": p.district_kato, "status": p.status,
                     "launch_planned": promises.period_text(p.launch_planned, p.launch_planned_precision)
                     if p.launch_planned else p.launch_planned_text,
                     "moves": s.moves, "later": s.later, "earlier": s.earlier, "months": s.months,
                     "months_moved": s.months_moved, "first": s.first, "last": s.last,
                     "first_on": s.first_on.isoformat(), "first_precision": s.first_precision,
                     "last_on": s.last_on.isoformat(), "last_precision": s.last_precision,
                     "launch_planned_on": p.launch_planned.isoformat() if p.launch_planned else None,
                     "launch_planned_precision": p.launch_planned_precision,
                     "announcements": len(history[pid]),
                     "last_said_on": last_said.isoformat() if last_said else None})
    rows.sort(key=lambda r: (-r["moves"], -r["months"], r["project_id"]))
    return rows
