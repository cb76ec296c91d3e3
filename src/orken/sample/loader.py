"""Loading the sample dataset (real projects from public reporting, marked as sample data).

Two parts: the real projects compiled from public reporting (``data/real/``, loaded by
``orken.sample.real``) and the records of the three seed articles (``data/sample.json``: the
corpus-derived projects, their organisations and the zones). The seed file's Soviet-era historical
enterprises (keys ``hist-*``) and its public-knowledge records without figures or links are not
investment projects of today's registry: they are loaded only when asked (``historical=True``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.guard import loader  # writes as the system (a loader)
from orken.db.models import Document, Organisation, Project, Zone
from orken.registry import others, projects
from orken.registry.schemas import OrganisationCreate, ProjectCreate, ZoneCreate

ACTOR = "sample-loader"


def read() -> dict[str, Any]:
    return json.loads(files("orken.sample").joinpath("data", "sample.json").read_text("utf-8"))


def _source(s: dict, documents: dict[str, int]) -> dict:
    return {"kind": s.get("kind") or "public", "title": s.get("title"), "url": s.get("url"), "date": s.get("date"),
            "quote": s.get("quote"), "document_id": documents.get(s.get("document"))}


def _names(d: dict | None) -> dict | None:
    return {k: v for k, v in (d or {}).items() if k in ("kk", "ru", "en")} if d else None


def seed_project_kind(p: dict) -> str:
    """``corpus`` (from the seed articles, with quotes), ``historical`` or ``public`` (no figures, no links)."""
    if p["key"].startswith("hist-"):
        return "historical"
    return "corpus" if any(s.get("kind") == "corpus" for s in p.get("sources", [])) else "public"


@loader("sample")
def load(session: Session, progress: Callable[[int, int], None] = lambda done, total: None,
         historical: bool = False) -> dict[str, int]:
    """Insert the sample into the registry; records that already exist (by external id) are kept."""
    data = read()
    if not historical:
        data["projects"] = [p for p in data["projects"] if seed_project_kind(p) == "corpus"]
    total = len(data["documents"]) + len(data["organisations"]) + len(data["zones"]) + len(data["projects"])
    done = 0
    documents: dict[str, int] = {}
    for d in data["documents"]:
        doc = session.scalar(select(Document).where(Document.key == d["key"]))
        if doc is None:
            doc = Document(key=d["key"], title=d.get("title"), lang=d.get("lang"), publisher=d.get("publisher"),
                           url=d.get("url"))
            if d.get("date"):
                from datetime import date

                doc.date = date.fromisoformat(d["date"])
            session.add(doc)
            session.flush()
        documents[d["key"]] = doc.id
        done += 1
        progress(done, total)

    orgs: dict[str, int] = {}
    counts = {"organisations": 0, "zones": 0, "projects": 0}
    for o in data["organisations"]:  # partners refer to other organisations: two passes
        existing = session.scalar(select(Organisation).where(Organisation.external_id == o["key"]))
        if existing is None:
            existing = others.create_organisation(session, OrganisationCreate(
                external_id=o["key"], kind=o["kind"], name=_names(o["name"]), country=o.get("country"),
                bin=o.get("bin"), sources=[_source(s, documents) for s in o.get("sources", [])], is_sample=True,
            ), ACTOR)
            counts["organisations"] += 1
        orgs[o["key"]] = existing.id
        done += 1
        progress(done, total)
    for o in data["organisations"]:
        if o.get("partners"):
            org = session.get(Organisation, orgs[o["key"]])
            if not org.partners:
                from orken.registry.schemas import OrganisationUpdate

                others.update_organisation(session, org.id, OrganisationUpdate(partners=[
                    {"organisation_id": orgs[p["org"]], "share_percent": p.get("share_percent")}
                    for p in o["partners"]]), ACTOR)

    # the zones of zones.jsonl first (they replace the earlier sample's records of the same zones)
    from orken.sample import zones as zone_file

    zones, counts["zones"] = zone_file.load(session)
    for z in data["zones"]:
        existing = session.scalar(select(Zone).where(Zone.external_id == z["key"]))
        if existing is None:
            existing = others.create_zone(session, ZoneCreate(
                external_id=z["key"], kind=z["kind"], name=_names(z["name"]), region_kato=z["region_kato"],
                district_kato=z.get("district_kato"), lat=z.get("lat"), lon=z.get("lon"), area_ha=z.get("area_ha"),
                free_area_ha=z.get("free_area_ha"), established=z.get("established"),
                management_company_id=orgs.get(z.get("management_company")),
                description=z.get("note"),
                infrastructure=z.get("infrastructure") or [],
                sources=[_source(s, documents) for s in z.get("sources", [])], is_sample=True,
            ), ACTOR)
            counts["zones"] += 1
        zones[z["key"]] = existing.id
        done += 1
        progress(done, total)

    for p in data["projects"]:
        if session.scalar(select(Project.id).where(Project.external_id == p["key"])) is None:
            projects.create(session, ProjectCreate(
                external_id=p["key"], name=_names(p["name"]), description=_names(p.get("description")),
                region_kato=p["region_kato"], district_kato=p.get("district_kato"), settlement=p.get("settlement"),
                lat=p.get("lat"), lon=p.get("lon"), zone_id=zones.get(p.get("zone")), oked=p.get("oked"),
                programmes=p.get("programmes") or [], map_level=p.get("map_level"),
                location_precision=("point" if p.get("lat") is not None else
                                    "district" if p.get("district_kato") else "region"),
                project_type=p.get("project_type") or "new", status=p["status"],
                status_history=p.get("status_history") or None,
                investment_planned=p.get("investment_planned"), investment_actual=p.get("investment_actual"),
                jobs_construction_planned=p.get("jobs_construction_planned"),
                jobs_permanent_planned=p.get("jobs_permanent_planned"),
                jobs_permanent_actual=p.get("jobs_permanent_actual"),
                launch_planned=p.get("launch_planned"), launch_actual=p.get("launch_actual"),
                capacities=[{**c, "product": _names(c.get("product"))} for c in p.get("capacities", [])],
                phases=p.get("phases") or [],
                organisations=[{"organisation_id": orgs[o["org"]], "role": o["role"]}
                               for o in p.get("organisations", [])],
                support=[{"kind": s["kind"], "by_organisation_id": orgs.get(s.get("by")),
                          "description": s.get("description"), "status": s.get("status") or "committed"}
                         for s in p.get("support", [])],
                sources=[_source(s, documents) for s in p.get("sources", [])],
                note=p.get("note"), is_sample=True,
            ), ACTOR)
            counts["projects"] += 1
        done += 1
        progress(done, total)
    from orken.sample import real

    found = real.load(session)
    counts["projects"] += found.pop("real_projects")
    counts["organisations"] += found.pop("real_organisations")
    skipped = found.pop("real_skipped")
    counts.update({k: v for k, v in found.items() if v})
    if skipped and counts["projects"]:
        counts["records_not_loaded"] = len(skipped)
    from orken.sample import stats as sample_stats

    counts["indicator_values"] = sample_stats.load(session)
    if not counts["indicator_values"]:
        counts.pop("indicator_values")
    return counts
