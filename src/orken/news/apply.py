"""Writing an accepted fact into the registry, through the registry services only.

Every write goes through ``orken.registry.projects`` / ``others`` with the version the analyst
saw, so a record changed meanwhile gets a 409 instead of being overwritten; the services check the
rules (status transitions, currencies, units) and write the change log. The document becomes a
source of the record, quoting the sentence.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import ValidationError
from sqlalchemy import select

from orken.db.models import Document, Source
from orken.domain.lifecycle import Status
from orken.domain.units import UNITS, convert
from orken.domain.promises import parse_period
from orken.news import ledger, statistics
from orken.news.models import NewsFact, WatchEcho
from orken.news.schemas import AcceptIn
from orken.news.serialize import link_type
from orken.news.values import MONEY_UNITS, BadValue, money, whole
from orken.registry import others, projects
from orken.registry.changelog import jsonable
from orken.registry.serialize import unique_sources
from orken.errors import InvalidInput
from orken.registry.schemas import (
    CapacityIn,
    I18n,
    MoneyIn,
    OrganisationUpdate,
    ProjectCreate,
    ProjectUpdate,
    SourceIn,
    ZoneUpdate,
)


def build(model, **fields):
    """A registry input model, its validation errors reported like the API's."""
    try:
        return model(**fields)
    except ValidationError as exc:
        raise InvalidInput([{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
                            for e in exc.errors()]) from None


def source_of(fact: NewsFact, doc: Document) -> SourceIn:
    quote = (doc.text or "")[fact.sentence_start:fact.sentence_end].strip()
    lang = doc.lang if doc.lang in ("kk", "ru", "en") else None  # the page's language, shown with the link
    return SourceIn(kind="news", title=doc.title or doc.url or doc.key, url=doc.url, date=doc.date, quote=quote,
                    document_id=doc.id, lang=lang)


def as_source_in(s: Source) -> dict:
    return {"kind": s.kind, "title": s.title, "url": s.url, "date": s.date, "quote": s.quote,
            "document_id": s.document_id, "lang": s.lang}


def sources_with(existing: list[Source], *new: SourceIn) -> list[dict]:
    """The record's sources with the new ones, each document (or address) once."""
    return unique_sources([as_source_in(s) for s in existing] + [n.model_dump() for n in new])


def outlets(session, fact: NewsFact) -> list[SourceIn]:
    """The reprints of this fact by other outlets (its echoes, found by ``orken.watch.reprints``): sources too."""
    return echo_sources(session, fact.id)


def echo_sources(session, fact_id: int) -> list[SourceIn]:
    """The other outlets that printed a fact (its echoes), as registry sources with their own sentence."""
    out = []
    for echo, doc in session.execute(select(WatchEcho, Document).join(Document, Document.id == WatchEcho.document_id)
                                     .where(WatchEcho.fact_id == fact_id).order_by(WatchEcho.id)):
        out.append(SourceIn(kind="news", title=doc.title or doc.url or doc.key, url=doc.url, date=doc.date,
                            quote=(doc.text or "")[echo.sentence_start:echo.sentence_end].strip(),
                            document_id=doc.id))
    return out


def _need_value(fact: NewsFact, what: str) -> Decimal:
    if fact.value is None:
        raise InvalidInput.one("value", f"a {what} needs a value")
    return fact.value


def _product(fact: NewsFact, edits: AcceptIn) -> dict | None:
    if edits.product is not None:
        return edits.product.model_dump()
    if fact.subject_type == "product" and fact.subject_text:
        return {fact.lang if fact.lang in ("kk", "ru") else "ru": fact.subject_text}
    return None


def project_fields(fact: NewsFact, target: str, edits: AcceptIn, doc: Document, project) -> dict:
    """The ProjectUpdate/ProjectCreate fields (other than sources) accepting ``fact`` writes."""
    on = edits.date or doc.date
    try:
        if target in ("investment_planned", "investment_actual"):
            if fact.unit not in MONEY_UNITS:
                raise InvalidInput.one("unit", f"{target} needs a money unit ({', '.join(sorted(MONEY_UNITS))})")
            amount = money(_need_value(fact, "investment"))
            return {target: build(MoneyIn, amount=amount, currency=fact.unit, date=on).model_dump(mode="json")}
        if target.startswith("jobs_"):
            if fact.unit not in (None, "person", "unit"):
                raise InvalidInput.one("unit", "jobs are counted in persons")
            return {target: whole(_need_value(fact, "number of jobs"), "value")}
        if target == "capacity":
            if fact.unit not in UNITS:
                raise InvalidInput.one("unit", f"a capacity needs a unit of measure ({', '.join(UNITS)})")
            product = _product(fact, edits)
            line = build(CapacityIn, product=build(I18n, **product) if product else None,
                         quantity=_need_value(fact, "capacity"), unit=fact.unit, period=fact.period)
            current = [build(CapacityIn, product=build(I18n, kk=c.product_kk, ru=c.product_ru, en=c.product_en)
                             if (c.product_kk or c.product_ru or c.product_en) else None,
                             quantity=c.quantity, unit=c.unit, period=c.period, phase=c.phase_seq)
                       for c in (project.capacities if project is not None else [])]
            return {"capacities": [c.model_dump(mode="json") for c in current + [line]]}
        if target == "status":
            status = edits.status or fact.implied_status
            if status not in set(Status):
                raise InvalidInput.one("status", "give the status to set")
            note = f"news: {doc.title or doc.url or doc.key}"[:500]
            return {"status": status, "status_date": on, "status_note": note}
        if target in ("launch_planned", "launch_actual"):
            parsed = parse_period(fact.period)
            if parsed is None:
                raise InvalidInput.one("period", "a launch needs its date: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD")
            return {target: parsed[0], f"{target}_precision": parsed[1]}
        if target == "source":
            return {}
    except BadValue as exc:
        raise InvalidInput.one("value", str(exc)) from None
    raise InvalidInput.one("target", f"{target!r} is not a field of a project")


def _need_version(edits: AcceptIn, kind: str, obj) -> int:
    if edits.version is None:
        raise InvalidInput.one("version", f"give the version of {kind} {obj.id} you reviewed (it is at {obj.version})")
    return edits.version


def apply(session, fact: NewsFact, edits: AcceptIn, actor: str) -> dict:
    """Write the accepted fact; return what was written ({"object", "id", "action", "fields"})."""
    doc, kind, target = fact.document, link_type(fact), fact.target
    if kind == "region" and (target == statistics.TARGET or edits.indicator):
        return statistics.write(session, fact, edits)
    if target is None:
        raise InvalidInput.one("target", "this fact has no registry field to update: re-link it or reject it")
    source = source_of(fact, doc)
    cited = (source, *outlets(session, fact))  # with the outlets that reprinted it
    if kind == "project":
        project = projects.get(session, fact.project_id)
        version = _need_version(edits, "project", project)
        fields = project_fields(fact, target, edits, doc, project)
        data = build(ProjectUpdate, version=version, sources=sources_with(project.sources, *cited), **fields)
        project = projects.update(session, project.id, data, actor)
        ledger.record_fact(session, fact, project.id, actor)  # the promise ledger keeps what was said
        return {"object": "project", "id": project.id, "action": "update", "fields": jsonable(fields),
                "version": project.version}
    if kind == "zone":
        zone = others.get_zone(session, fact.zone_id)
        version = _need_version(edits, "zone", zone)
        fields = {}
        if target == "zone_area":
            if fact.unit not in ("ha", "m2"):
                raise InvalidInput.one("unit", "a zone's area is in ha or m2")
            fields["area_ha"] = convert(_need_value(fact, "area"), fact.unit, "ha").normalize()
        elif target != "source":
            raise InvalidInput.one("target", f"{target!r} is not a field of a zone")
        existing = others.sources_of(session, zone_id=zone.id)
        data = build(ZoneUpdate, version=version, sources=sources_with(existing, *cited), **fields)
        zone = others.update_zone(session, zone.id, data, actor)
        return {"object": "zone", "id": zone.id, "action": "update", "fields": jsonable(fields),
                "version": zone.version}
    if kind == "organisation":
        org = others.get_organisation(session, fact.organisation_id)
        version = _need_version(edits, "organisation", org)
        if target != "source":
            raise InvalidInput.one("target", f"{target!r} is not a field of an organisation")
        existing = others.sources_of(session, organisation_id=org.id)
        org = others.update_organisation(session, org.id, build(OrganisationUpdate, version=version,
                                                                 sources=sources_with(existing, *cited)), actor)
        return {"object": "organisation", "id": org.id, "action": "update", "fields": {}, "version": org.version}
    if kind == "region":
        raise InvalidInput.one("link", "the fact is linked to a region only: accept it as a regional statistic "
                                       "(target 'indicator', where its measure is one), re-link it to a project, "
                                       "zone or organisation, or reject it")
    return create_project(session, fact, edits, doc, source, actor)


def launch_date(value) -> "dt.date | None":
    """The extractor's launch period ("2027", "2027-03", "2027-Q4") as the period's last day."""
    import calendar
    import datetime as dt
    import re
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})|-Q([1-4]))?", str(value or ""))
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (int(m.group(3)) * 3 if m.group(3) else 12)
    if not (1 <= month <= 12):
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def create_project(session, fact: NewsFact, edits: AcceptIn, doc: Document, source: SourceIn, actor: str) -> dict:
    proposal = fact.proposal or {}
    name = edits.name.model_dump() if edits.name else proposal.get("name")
    if not name:
        raise InvalidInput.one("name", "the fact is linked to nothing: give the new project's name, or re-link it")
    region = edits.region_kato or (None if edits.district_kato else proposal.get("region_kato"))
    district = edits.district_kato or (None if edits.region_kato else proposal.get("district_kato"))
    if not (region or district):
        raise InvalidInput.one("region_kato", "give the region of the new project")
    fields = project_fields(fact, fact.target, edits, doc, None)
    fields.pop("status_note", None)
    record = proposal.get("record") or {}
    if "status" not in fields and fact.implied_status in set(Status):
        fields["status"] = fact.implied_status
    if "status" not in fields and record.get("status") in set(Status):
        fields["status"] = record["status"]  # the status the text states for the project
    for key in ("launch_planned", "launch_actual"):
        when = launch_date(record.get(key))
        if key not in fields and when is not None:
            fields[key] = when
    data = build(ProjectCreate, name=name, region_kato=region, district_kato=district, sources=[source.model_dump()],
                 **fields)
    project = projects.create(session, data, actor)
    ledger.record_fact(session, fact, project.id, actor)
    return {"object": "project", "id": project.id, "action": "create", "fields": jsonable(fields),
            "version": project.version}
