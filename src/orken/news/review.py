"""The analyst's review queue: list, show, edit, re-link, accept and reject facts.

Accepting writes to the registry through ``apply`` (the registry services); a refusal there (an
illegal status transition, a stale version, a bad value) leaves the fact pending, as the whole
request is rolled back. Every action on a fact is in the change log (object type ``news_fact``)
with the user, next to the registry's own entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from orken.auth.guard import acting
from orken.auth.policy import Principal
from orken.errors import Forbidden, Unauthorized
from orken.db.models import AdminUnit, Document, Organisation, Project, Zone, utcnow
from orken.domain.units import UNITS
from orken.news import apply as registry_apply
from orken.news import statistics
from orken.news.models import REVIEW_STATES, NewsFact
from orken.news.rules import may_act_on
from orken.news.schemas import AcceptIn, FactEdit, LinkIn, RejectIn
from orken.news.serialize import fact_dict, for_viewer, link_id, link_type
from orken.news.targets import allowed, default_target
from orken.news.values import MONEY_UNITS
from orken.registry import changelog
from orken.errors import Conflict, InvalidInput, NotFound
from orken.stats.indicators import VOCABULARY

#: units a fact may carry: the extraction contract's and the registry's
FACT_UNITS = frozenset(MONEY_UNITS | set(UNITS) | {"person", "%", "unit"})


class AlreadyReviewed(Conflict):
    status = 409
    title = "Already reviewed"


class FactConflict(Conflict):
    status = 409
    title = "Edit conflict"


@dataclass
class ReviewFilter:
    status: list[str] = field(default_factory=list)
    measure: list[str] = field(default_factory=list)
    document: list[int] = field(default_factory=list)
    project: list[int] = field(default_factory=list)
    zone: list[int] = field(default_factory=list)
    organisation: list[int] = field(default_factory=list)
    region: list[str] = field(default_factory=list)

    def conditions(self) -> list:
        bad = [s for s in self.status if s not in REVIEW_STATES]
        if bad:
            raise InvalidInput.one("status", f"use {', '.join(REVIEW_STATES)}, not {', '.join(bad)}")
        conds = []
        for column, values in ((NewsFact.review_status, self.status), (NewsFact.measure, self.measure),
                               (NewsFact.document_id, self.document), (NewsFact.project_id, self.project),
                               (NewsFact.zone_id, self.zone), (NewsFact.organisation_id, self.organisation)):
            if values:
                conds.append(column.in_(values))
        if self.region:
            regions = [r for r in self.region if r.endswith("0000000")]
            others = [r for r in self.region if r not in regions]
            place = [NewsFact.region_kato.in_(self.region)] if others else []
            for r in regions:
                place.append(NewsFact.region_kato.like(r[:2] + "%"))
            conds.append(or_(*place))
        return conds


def get(session: Session, fact_id: int) -> NewsFact:
    fact = session.get(NewsFact, fact_id)
    if fact is None:
        raise NotFound(f"there is no fact {fact_id} in the review queue")
    return fact


def page(session: Session, f: ReviewFilter, cursor: str | None = None, limit: int = 50):
    """(facts, total, next cursor): in document order, oldest first."""
    conds = f.conditions()
    total = session.scalar(select(func.count()).select_from(NewsFact).where(*conds))
    stmt = select(NewsFact).where(*conds).order_by(NewsFact.id).limit(limit + 1)
    if cursor:
        # ASCII digits only ("²".isdigit() is true, int("²") fails) and an id an integer column holds
        if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 10 or int(cursor) > 2**31 - 1:
            raise InvalidInput.one("cursor", "not a cursor of this list")
        stmt = stmt.where(NewsFact.id > int(cursor))
    items = list(session.scalars(stmt))
    more = len(items) > limit
    items = items[:limit]
    return items, total, (str(items[-1].id) if more else None)


def labels(session: Session, facts: list[NewsFact]) -> dict:
    """Names of the linked objects, by (type, id)."""
    wanted: dict[str, set] = {"project": set(), "zone": set(), "organisation": set(), "region": set()}
    for f in facts:
        kind = link_type(f)
        if kind:
            wanted[kind].add(link_id(f))
    out = {}
    for kind, model, key in (("project", Project, Project.id), ("zone", Zone, Zone.id),
                             ("organisation", Organisation, Organisation.id), ("region", AdminUnit, AdminUnit.kato)):
        if wanted[kind]:
            for obj in session.scalars(select(model).where(key.in_(wanted[kind]))):
                out[(kind, obj.kato if kind == "region" else obj.id)] = obj.name("ru")
    return out


def as_dict(session: Session, fact: NewsFact, current: bool = False, viewer: Principal | None = None) -> dict:
    """The fact as ``viewer`` may see it (None: the command line's operator, who sees everything)."""
    body = for_viewer(fact_dict(fact, labels(session, [fact])), viewer)
    kind = link_type(fact)
    body["targets"] = list(allowed(kind)) if kind != "region" else (
        [statistics.TARGET] if statistics.options(fact) else [])
    if kind == "region":  # what accepting it as a regional statistic would write
        year, months = statistics.period(fact)
        body["statistic"] = {"indicators": [{"code": c, "unit": VOCABULARY[c].unit} for c in statistics.options(fact)],
                             "year": year or (fact.document.date.year if fact.document.date else None),
                             "months": months} if statistics.options(fact) else None
    if current:
        body["current"] = current_state(session, fact)
    return body


def current_state(session: Session, fact: NewsFact) -> dict | None:
    """The linked object's version and the present value of the fact's target: what accepting changes."""
    kind = link_type(fact)
    if kind not in ("project", "zone", "organisation"):
        return None
    obj = session.get({"project": Project, "zone": Zone, "organisation": Organisation}[kind], link_id(fact))
    if obj is None:
        return None
    value = None
    if kind == "project" and fact.target:
        if fact.target.startswith("investment_"):
            amount = getattr(obj, fact.target)
            value = None if amount is None else {"amount": format(amount, "f"),
                                                 "currency": getattr(obj, f"{fact.target}_currency")}
        elif fact.target.startswith("jobs_"):
            value = getattr(obj, fact.target)
        elif fact.target == "status":
            value = obj.status
        elif fact.target == "capacity":
            value = [{"quantity": format(c.quantity, "f") if c.quantity is not None else None, "unit": c.unit,
                      "period": c.period} for c in obj.capacities]
    elif kind == "zone" and fact.target == "zone_area":
        value = format(obj.area_ha, "f") if obj.area_ha is not None else None
    return {"type": kind, "id": obj.id, "version": obj.version, "name": obj.name("ru"), "value": value}


def _state(fact: NewsFact) -> dict:
    """What the change log keeps of a fact."""
    return {"measure": fact.measure, "value": fact.value, "unit": fact.unit, "year": fact.year,
            "period": fact.period, "implied_status": fact.implied_status, "target": fact.target,
            "link": {"type": link_type(fact), "id": link_id(fact)}, "review_status": fact.review_status,
            "review_reason": fact.review_reason, "applied": fact.applied, "version": fact.version}


def _label(fact: NewsFact) -> str:
    return f"{fact.measure}: {fact.text}"[:500]


def _log(session: Session, actor: str, action: str, fact: NewsFact, before: dict) -> None:
    changelog.record(session, actor, action, "news_fact", fact.id, _label(fact), before, _state(fact))


def _pending(fact: NewsFact, fact_version: int | None) -> None:
    if fact.review_status != "pending":
        raise AlreadyReviewed(f"fact {fact.id} was already {fact.review_status}")  # by whom: see for_viewer
    if fact_version is not None and fact_version != fact.version:
        raise FactConflict(f"fact {fact.id} was changed by someone else (you edited version {fact_version}, it is "
                           f"now at version {fact.version}); reload it and apply your change again")


def _may_act(session: Session, principal: Principal, fact: NewsFact) -> None:
    """Every action on a fact (edit, accept, reject, re-link) is for those who may change what it is
    about (``news.rules.may_act_on``); the system (the command line) may."""
    if principal.system or may_act_on(session, principal, fact):
        return
    kind = link_type(fact)
    where = f"{kind} {link_id(fact)}" if kind else "a place outside your scope"
    if not principal.signed_in:
        raise Unauthorized("sign in to review facts")
    raise Forbidden(f"{principal.username} may not review fact {fact.id}: it is about {where}")


def _acts(fn):
    """The review writes as the principal it is handed: the flush guard checks its rows under it."""
    @wraps(fn)
    def inner(session: Session, fact_id: int, data, principal: Principal):
        with acting(session, principal):
            return fn(session, fact_id, data, principal)
    return inner


def _edit(fact: NewsFact, e: FactEdit) -> None:
    given = e.model_fields_set
    errors = []
    if "unit" in given and e.unit is not None and e.unit not in FACT_UNITS:
        errors.append({"field": "unit", "message": f"unknown unit; use one of {', '.join(sorted(FACT_UNITS))}"})
    if "target" in given and e.target is not None and e.target not in allowed(link_type(fact)):
        options = ", ".join(allowed(link_type(fact))) or "none (re-link the fact first)"
        errors.append({"field": "target", "message": f"{e.target!r} cannot be set here; use one of {options}"})
    if errors:
        raise InvalidInput(errors)
    for name in ("value", "unit", "year", "period", "target"):
        if name in given and (name != "target" or e.target is not None):
            setattr(fact, name, getattr(e, name))
    if "status" in given and e.status is not None:
        fact.implied_status = str(e.status)


@_acts
def edit(session: Session, fact_id: int, e: FactEdit, principal: Principal) -> NewsFact:
    actor = principal.audit_name
    fact = get(session, fact_id)
    _pending(fact, e.fact_version)
    _may_act(session, principal, fact)
    before = _state(fact)
    _edit(fact, e)
    fact.version += 1
    _log(session, actor, "update", fact, before)
    session.flush()
    return fact


@_acts
def accept(session: Session, fact_id: int, e: AcceptIn, principal: Principal) -> NewsFact:
    """Accept (after the edits given): write it to the registry and mark it accepted."""
    actor = principal.audit_name
    fact = get(session, fact_id)
    _pending(fact, e.fact_version)
    _may_act(session, principal, fact)
    before = _state(fact)
    _edit(fact, e)
    e = e.model_copy(update=place(session, e.region_kato, e.district_kato))
    applied = registry_apply.apply(session, fact, e, actor)
    if applied["object"] == "indicator_value":
        changelog.record(session, actor, "create", "indicator_value", applied["id"],
                         f"{applied['fields']['indicator']} {applied['fields']['region_kato']} "
                         f"{applied['fields']['year']}", None, applied["fields"])
    elif applied["action"] == "create":
        _adopt(session, fact, applied["id"])
    fact.applied = applied
    fact.review_status, fact.reviewed_by, fact.reviewed_at = "accepted", actor, utcnow()
    fact.version += 1
    _log(session, actor, "accept", fact, before)
    session.flush()
    return fact


def place(session: Session, region_kato: str | None, district_kato: str | None = None) -> dict:
    """A new project's place as given (by the page, the API or the command line): a region or a district
    KATO code, either in ``region_kato`` (a district there is moved to ``district_kato``); the one rule
    for all three. An unknown code is refused in the field it was given in."""
    out = {"region_kato": region_kato, "district_kato": district_kato}
    if region_kato is None:
        return out
    unit = session.get(AdminUnit, region_kato)
    if unit is None or unit.level not in (1, 2):
        raise InvalidInput.one("region_kato", f"{region_kato} is not a region or district KATO code")
    if unit.level == 2:
        if district_kato not in (None, region_kato):
            raise InvalidInput.one("region_kato", f"{region_kato} is a district, and district {district_kato} "
                                                  "is given as well")
        return {"region_kato": None, "district_kato": region_kato}
    return out


def _adopt(session: Session, fact: NewsFact, project_id: int) -> None:
    """Link the fact, and the pending facts of its document proposing the same project, to the new one."""
    key = (fact.proposal or {}).get("key")
    siblings = [fact]
    if key:
        siblings += [f for f in session.scalars(select(NewsFact).where(
            NewsFact.document_id == fact.document_id, NewsFact.review_status == "pending", NewsFact.id != fact.id))
            if (f.proposal or {}).get("key") == key]
    for f in siblings:
        f.project_id, f.proposal, f.link_method = project_id, None, "created"
        if f is not fact:
            f.target = f.target if f.target in allowed("project") else default_target(
                f.measure, f.unit, "project", f.actual)
            f.version += 1


@_acts
def reject(session: Session, fact_id: int, r: RejectIn, principal: Principal) -> NewsFact:
    actor = principal.audit_name
    fact = get(session, fact_id)
    _pending(fact, r.fact_version)
    _may_act(session, principal, fact)
    before = _state(fact)
    fact.review_status, fact.review_reason = "rejected", r.reason
    fact.reviewed_by, fact.reviewed_at = actor, utcnow()
    fact.version += 1
    _log(session, actor, "reject", fact, before)
    session.flush()
    return fact


@_acts
def relink(session: Session, fact_id: int, link: LinkIn, principal: Principal) -> NewsFact:
    actor = principal.audit_name
    fact = get(session, fact_id)
    _pending(fact, link.fact_version)
    _may_act(session, principal, fact)  # on what it was linked to
    before = _state(fact)
    for model, value, what in ((Project, link.project_id, "project"), (Zone, link.zone_id, "zone"),
                               (Organisation, link.organisation_id, "organisation")):
        if value is not None and session.get(model, value) is None:
            raise InvalidInput.one(f"{what}_id", f"there is no {what} {value}")
    if link.region_kato is not None and session.get(AdminUnit, link.region_kato) is None:
        raise InvalidInput.one("region_kato", f"{link.region_kato} is not a region or district KATO code")
    fact.project_id, fact.zone_id, fact.organisation_id = link.project_id, link.zone_id, link.organisation_id
    fact.region_kato = link.region_kato
    chosen = any(v is not None for v in (link.project_id, link.zone_id, link.organisation_id, link.region_kato))
    fact.link_method = "manual" if chosen else None
    fact.link_score = None
    if chosen:
        fact.proposal = None
    _may_act(session, principal, fact)  # and on what it is linked to now
    kind = link_type(fact)
    if fact.target not in allowed(kind):
        fact.target = default_target(fact.measure, fact.unit, kind, fact.actual)
    fact.version += 1
    _log(session, actor, "relink", fact, before)
    session.flush()
    return fact


def documents(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound(f"there is no document {document_id}")
    return doc
