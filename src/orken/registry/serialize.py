"""Registry objects as plain JSON-ready dicts: the one shape used by the API, CLI and exports."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from orken.db.models import Organisation, Project, Source, Zone


@lru_cache(maxsize=None)
def _attributes(prefix: str) -> tuple[str, str, str]:
    return f"{prefix}_kk", f"{prefix}_ru", f"{prefix}_en"


def names(obj, prefix: str = "name") -> dict[str, str | None]:
    kk, ru, en = _attributes(prefix)
    return {"kk": getattr(obj, kk), "ru": getattr(obj, ru), "en": getattr(obj, en)}


def dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def money(amount, currency, on, kzt) -> dict | None:
    if amount is None:
        return None
    return {"amount": dec(amount), "currency": currency, "date": on.isoformat() if on else None,
            "kzt": dec(kzt), "kzt_missing_rate": kzt is None}


def source_dict(s: Source) -> dict[str, Any]:
    return {"kind": s.kind, "title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None,
            "quote": s.quote, "document_id": s.document_id, "lang": s.lang}


def source_key(document_id, url, title, kind) -> tuple:
    """What makes two sources one: the same document, else the same address, else the same title and kind."""
    if document_id is not None:
        return ("document", document_id)
    if url:
        return ("url", url.strip().rstrip("/").lower())
    return ("title", kind, (title or "").strip().casefold())


def unique_sources(sources) -> list:
    """Each document (or address) once, the first entry kept: accepting several facts of one article
    made it a source once per sentence."""
    sources = list(sources)
    if len(sources) < 2:  # (most records: one source or none)
        return sources
    seen, out = set(), []
    for s in sources:
        get = s.get if isinstance(s, dict) else lambda k, s=s: getattr(s, k)
        key = source_key(get("document_id"), get("url"), get("title"), get("kind"))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


#: the columns ``project_summary`` reads: lists load only these (``orken.registry.query.page``)
SUMMARY_COLUMNS = ("id", "external_id", "name_kk", "name_ru", "name_en", "status", "region_kato", "district_kato",
                   "oked_code", "oked_section", "map_level", "year", "investment_planned_kzt", "investment_actual_kzt",
                   "jobs_permanent_planned", "jobs_permanent_actual", "lat", "lon", "zone_id", "is_sample", "version",
                   "location_precision")


def project_summary(p: Project | Row) -> dict[str, Any]:
    """The list view of a project (an ORM object, or a row of ``SUMMARY_COLUMNS``)."""
    return {
        "id": p.id, "external_id": p.external_id, "name": names(p), "status": p.status,
        "region_kato": p.region_kato, "district_kato": p.district_kato, "oked": p.oked_code,
        "sector": p.oked_section, "map_level": p.map_level, "year": p.year,
        "investment_planned_kzt": dec(p.investment_planned_kzt), "investment_actual_kzt": dec(p.investment_actual_kzt),
        "jobs_permanent_planned": p.jobs_permanent_planned, "jobs_permanent_actual": p.jobs_permanent_actual,
        "lat": p.lat, "lon": p.lon, "zone_id": p.zone_id, "is_sample": p.is_sample, "version": p.version,
        "location_precision": p.location_precision,
    }


def project_dict(p: Project, internal: bool = True, principal=None) -> dict[str, Any]:
    """The full project; with ``internal=False`` the public view (see ``orken.auth.policy`` and docs/access.md).

    ``principal``: who reads it (its grants decide the internal fields); callers that do not pass
    one yet get the principal of the project's session (a web request's), else the full view."""
    d = _project_dict(p)
    if not internal or not _may_read_internal(p, principal):
        from orken.auth.policy import public_project

        return public_project(d)
    return d


def _may_read_internal(p: Project, principal=None) -> bool:
    """The field filter of the permission seam: the given principal decides, else the one of the
    project's session.

    Sessions without a principal (CLI, loaders, exports run by the system) see everything; web
    requests put theirs in ``session.info["principal"]`` (``orken.web.deps.get_session``).
    """
    from sqlalchemy.orm import object_session

    if principal is None:
        session = object_session(p)
        principal = session.info.get("principal") if session is not None else None
    if principal is None:
        return True
    from orken.auth.guard import project_subject

    return principal.can_read_internal(project_subject(p))


def _project_dict(p: Project) -> dict[str, Any]:
    d = project_summary(p)
    d.update({
        "description": names(p, "description"), "settlement": p.settlement, "significance": p.significance,
        "project_type": p.project_type, "programmes": sorted(pp.programme_code for pp in p.programmes),
        "investment_planned": money(p.investment_planned, p.investment_planned_currency,
                                    p.investment_planned_date, p.investment_planned_kzt),
        "investment_actual": money(p.investment_actual, p.investment_actual_currency,
                                   p.investment_actual_date, p.investment_actual_kzt),
        "jobs_construction_planned": p.jobs_construction_planned,
        "jobs_construction_actual": p.jobs_construction_actual,
        "launch_planned": p.launch_planned.isoformat() if p.launch_planned else None,
        "launch_actual": p.launch_actual.isoformat() if p.launch_actual else None,
        "launch_planned_precision": p.launch_planned_precision, "launch_actual_precision": p.launch_actual_precision,
        "curator": p.curator, "note": p.note,
        "status_as_of": p.status_as_of, "investment_as_of": p.investment_as_of, "jobs_as_of": p.jobs_as_of,
        "launch_planned_text": p.launch_planned_text, "launch_actual_text": p.launch_actual_text,
        "status_history": [{"status": s.status, "date": s.date.isoformat() if s.date else None, "note": s.note}
                           for s in p.statuses],
        "phases": [{"seq": ph.seq, "name": names(ph), "status": ph.status,
                    "investment": money(ph.investment, ph.investment_currency, None, None),
                    "jobs_permanent": ph.jobs_permanent,
                    "start": ph.start.isoformat() if ph.start else None,
                    "end": ph.end.isoformat() if ph.end else None} for ph in p.phases],
        "capacities": [{"product": names(c, "product"), "quantity": dec(c.quantity), "unit": c.unit,
                        "period": c.period, "phase": c.phase_seq} for c in p.capacities],
        "organisations": sorted(({"organisation_id": o.organisation_id, "role": o.role,
                                  "name": names(o.organisation)} for o in p.organisations),
                                key=lambda o: (o["role"], o["organisation_id"])),
        "support": [{"kind": s.kind, "by_organisation_id": s.by_organisation_id, "description": s.description,
                     "amount": dec(s.amount), "due": s.due.isoformat() if s.due else None, "status": s.status}
                    for s in p.support],
        "sources": [source_dict(s) for s in unique_sources(p.sources)],
        "created_at": p.created_at.isoformat() if p.created_at else None,
        "updated_at": p.updated_at.isoformat() if p.updated_at else None,
    })
    return d


def zone_dict(z: Zone, sources: list[Source] | None = None) -> dict[str, Any]:
    return {
        "id": z.id, "external_id": z.external_id, "kind": z.kind, "name": names(z),
        "region_kato": z.region_kato, "district_kato": z.district_kato,
        "area_ha": dec(z.area_ha), "free_area_ha": dec(z.free_area_ha), "lat": z.lat, "lon": z.lon,
        "boundary": z.boundary, "established": z.established.isoformat() if z.established else None,
        "management_company_id": z.management_company_id, "description": z.description,
        "infrastructure": [{"kind": i.kind, "state": i.state, "note": i.note, "capacity_mw": dec(i.capacity_mw),
                            "year": i.year} for i in z.infrastructure],
        "established_year": z.established_year, "valid_until_year": z.valid_until_year,
        "specialisation": list(z.specialisation or []), "specialisation_oked": list(z.specialisation_oked or []),
        "incentives": list(z.incentives or []), "management_contact": z.management_contact,
        "participants_count": z.participants_count, "projects_count": z.projects_count,
        "reported_investment_kzt": dec(z.reported_investment_kzt), "reported_jobs": z.reported_jobs,
        "as_of": z.as_of,
        "targets": [{"year": t.year, "investment_kzt": dec(t.investment_kzt), "participants": t.participants,
                     "jobs": t.jobs, "output_kzt": dec(t.output_kzt), "local_content_percent": dec(t.local_content_percent)} for t in z.targets],
        "sources": [source_dict(s) for s in unique_sources(sources or [])],
        "is_sample": z.is_sample, "version": z.version,
    }


def organisation_dict(o: Organisation, sources: list[Source] | None = None) -> dict[str, Any]:
    return {
        "id": o.id, "external_id": o.external_id, "kind": o.kind, "name": names(o), "country": o.country,
        "bin": o.bin,
        "partners": [{"organisation_id": p.partner_id, "share_percent": dec(p.share_percent)} for p in o.partners],
        "sources": [source_dict(s) for s in unique_sources(sources or [])],
        "is_sample": o.is_sample, "version": o.version,
    }
