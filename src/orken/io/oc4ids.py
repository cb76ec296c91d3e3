"""The OC4IDS project package (Open Contracting for Infrastructure Data Standard 0.9).

Mapping of Orken onto OC4IDS (schema and codelists in ``oc4ids/``, Apache-2.0):

- ``status``: planned -> preparation; under_construction and restoring -> implementation;
  launched -> completion (commissioned and handed over); at_design_capacity -> maintenance (in
  operation); cancelled -> cancelled; suspended -> the stage it was suspended in (from the status
  history), else implementation.
- ``type``: new -> construction, expansion -> expansion, modernisation and restart -> rehabilitation.
- ``budget``: the planned investment in KZT (its original currency is kept in ``forecasts``).
- plan vs fact: planned investment, permanent and construction jobs and design capacities go to
  ``forecasts``; actual investment and jobs go to ``metrics`` (same metric ids in both, so a
  reader can pair them). Launch dates become a ``delivery`` milestone (``dueDate`` planned,
  ``dateMet`` actual).
- ``locations``: the point (or the district/region centre) with the KATO code as gazetteer.
- ``additionalClassifications``: the OKED code; ``parties``: investors as ``funder``, other
  organisations with their Orken role; ``documents``: the sources with a URL.

Amounts are written as JSON numbers (as the schema requires); tiyn-exact values up to 10^13 KZT
read back exactly.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit, Sector
from orken.io import project_rows
from orken.registry.query import ProjectFilter

VERSION = "0.9"
STATUS = {"planned": "preparation", "under_construction": "implementation", "restoring": "implementation",
          "launched": "completion", "at_design_capacity": "maintenance", "cancelled": "cancelled"}
TYPE = {"new": "construction", "expansion": "expansion", "modernisation": "rehabilitation",
        "restart": "rehabilitation"}
SCHEMA_DIR = files("orken.io").joinpath("oc4ids")


def oc4ids_status(d: dict) -> str:
    if d["status"] != "suspended":
        return STATUS[d["status"]]
    for entry in reversed(d.get("status_history") or []):
        if entry["status"] not in ("suspended", "restoring"):
            return STATUS.get(entry["status"], "implementation")
    return "implementation"


def _dt(day: str | None) -> str | None:
    return f"{day}T00:00:00Z" if day else None


def _num(text: str | None):
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def _value(money: dict | None, kzt: bool = False) -> dict | None:
    if not money:
        return None
    if kzt:
        return {"amount": _num(money["kzt"]), "currency": "KZT"} if money.get("kzt") is not None else None
    return {"amount": _num(money["amount"]), "currency": money["currency"]}


def _metrics(d: dict, kind: str) -> list[dict]:
    out = []
    value = _value(d.get(f"investment_{kind}"))
    if value:
        out.append({"id": "investment", "title": "Investment",
                    "observations": [{"id": f"investment-{kind}", "value": value}]})
    for what, title in (("permanent", "Permanent jobs"), ("construction", "Jobs during construction")):
        jobs = d.get(f"jobs_{what}_{kind}")
        if jobs is not None:
            out.append({"id": f"jobs-{what}", "title": title,
                        "observations": [{"id": f"jobs-{what}-{kind}", "measure": jobs, "unit": {"name": "jobs"}}]})
    if kind == "planned":
        for i, c in enumerate(d.get("capacities") or [], start=1):
            if c.get("quantity") is None:
                continue
            product = next((v for v in (c.get("product") or {}).values() if v), "capacity")
            unit = " per ".join(x for x in (c.get("unit"), c.get("period")) if x) or "units"
            out.append({"id": f"capacity-{i}", "title": f"Design capacity: {product}",
                        "observations": [{"id": f"capacity-{i}-planned", "measure": _num(c["quantity"]),
                                          "unit": {"name": unit}}]})
    return out


def project(d: dict, places: dict[str, AdminUnit], sectors: dict[str, Sector], lang: str = "ru") -> dict:
    names = d.get("name") or {}
    title = names.get(lang) or names.get("ru") or names.get("kk") or names.get("en")
    p: dict = {"id": f"orken-{d['id']}", "title": title, "status": oc4ids_status(d),
               "language": lang if names.get(lang) else ("ru" if names.get("ru") else "kk" if names.get("kk") else "en")}
    desc = d.get("description") or {}
    text = desc.get(lang) or desc.get("ru") or desc.get("kk") or desc.get("en")
    if text:
        p["description"] = text
    if d.get("updated_at"):
        updated = datetime.fromisoformat(d["updated_at"])
        p["updated"] = (updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)).isoformat()
    if d.get("external_id"):
        p["identifiers"] = [{"id": d["external_id"], "scheme": "orken-external-id"}]
    if d.get("project_type") in TYPE:
        p["type"] = TYPE[d["project_type"]]
    budget = _value(d.get("investment_planned"), kzt=True)
    if budget:
        p["budget"] = {"amount": budget}
    region = places.get(d["region_kato"])
    district = places.get(d.get("district_kato") or "")
    unit = district or region
    lat, lon = (d.get("lat"), d.get("lon")) if d.get("lat") is not None else (
        (unit.lat, unit.lon) if unit else (None, None))
    location = {"id": "1", "gazetteer": {"scheme": "KATO", "identifiers": [unit.kato if unit else d["region_kato"]]},
                "address": {"countryName": "Kazakhstan",
                            "region": region.name(lang) if region else d["region_kato"]}}
    if district:
        location["address"]["locality"] = d.get("settlement") or district.name(lang)
    if lat is not None:
        location["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
        location["description"] = "exact" if d.get("lat") is not None else "approximate: centre of the area"
    p["locations"] = [location]
    if d.get("oked"):
        division = sectors.get(d["oked"][:2])
        cls = {"scheme": "OKED", "id": d["oked"]}
        if division is not None:
            cls["description"] = division.name(lang)
        p["additionalClassifications"] = [cls]
    parties = []
    for o in d.get("organisations") or []:
        name = next((v for v in ((o.get("name") or {}).get(lang), *(o.get("name") or {}).values()) if v), None)
        role = "funder" if o["role"] in ("investor", "joint_venture", "partner") else o["role"]
        existing = next((x for x in parties if x["id"] == f"org-{o['organisation_id']}"), None)
        if existing:
            if role not in existing["roles"]:
                existing["roles"].append(role)
            continue
        party = {"id": f"org-{o['organisation_id']}", "roles": [role]}
        if name:
            party["name"] = name
        parties.append(party)
    if parties:
        p["parties"] = parties
    forecasts, metrics = _metrics(d, "planned"), _metrics(d, "actual")
    if forecasts:
        p["forecasts"] = forecasts
    if metrics:
        p["metrics"] = metrics
    if d.get("launch_planned") or d.get("launch_actual"):
        milestone = {"id": "launch", "title": "Launch of production", "type": "delivery",
                     "status": "met" if d.get("launch_actual") else "scheduled"}
        if d.get("launch_planned"):
            milestone["dueDate"] = _dt(d["launch_planned"])
        if d.get("launch_actual"):
            milestone["dateMet"] = _dt(d["launch_actual"])
        p["milestones"] = [milestone]
        if d.get("launch_planned"):
            p["implementationPeriod"] = {"endDate": _dt(d["launch_planned"])}
    documents = [{"id": str(i), "title": s.get("title") or s["url"], "url": s["url"]}
                 for i, s in enumerate(d.get("sources") or [], start=1) if s.get("url")]
    if documents:
        p["documents"] = documents
    return p


def _head(uri: str) -> dict:
    return {"uri": uri, "publishedDate": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "publisher": {"name": "Orken — Industrialization Map of Kazakhstan"},
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "version": VERSION}


def projects(session: Session, f: ProjectFilter | None = None, lang: str = "ru", internal: bool = False):
    """The OC4IDS projects of the selection, one at a time."""
    places = {u.kato: u for u in session.scalars(select(AdminUnit))}
    sectors = {s.code: s for s in session.scalars(select(Sector))}
    for d in project_rows.records(session, f, project_rows.OC4IDS, internal):
        yield project(d, places, sectors, lang)


def package(session: Session, f: ProjectFilter | None = None, lang: str = "ru", internal: bool = False,
            uri: str = "https://orken.kz/api/v1/export/oc4ids") -> dict:
    return {**_head(uri), "projects": list(projects(session, f, lang, internal))}


def stream_package(session: Session, out: Path, f: ProjectFilter | None = None, lang: str = "ru",
                   internal: bool = False, uri: str = "https://orken.kz/api/v1/export/oc4ids") -> int:
    """The package written project by project (memory bounded at any size); the same JSON as ``package``."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        head = json.dumps(_head(uri), ensure_ascii=False)
        fh.write(head[:-1] + ', "projects": [')
        for p in projects(session, f, lang, internal):
            fh.write(("," if n else "") + "\n" + json.dumps(p, ensure_ascii=False))
            n += 1
        fh.write("\n]}\n")
    return n


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    project_schema = json.loads(SCHEMA_DIR.joinpath("project-schema.json").read_text("utf-8"))
    package_schema = json.loads(SCHEMA_DIR.joinpath("project-package-schema.json").read_text("utf-8"))
    registry = Registry().with_resource(project_schema["id"], Resource.from_contents(project_schema,
                                                                                    default_specification=DRAFT4))
    return Draft4Validator(package_schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)


@lru_cache(maxsize=None)
def codelist(name: str) -> set[str]:
    import csv

    text = SCHEMA_DIR.joinpath("codelists", name).read_text("utf-8")
    return {row["Code"] for row in csv.DictReader(text.splitlines())}


def validate(pkg: dict) -> list[str]:
    """Problems of the package against the OC4IDS schema and its closed codelists ([] when valid)."""
    problems = [f"{'/'.join(str(x) for x in e.absolute_path) or '(package)'}: {e.message}"
                for e in _validator().iter_errors(pkg)]
    if not pkg.get("projects"):
        return problems
    for i, p in enumerate(pkg["projects"]):
        if p.get("status") not in codelist("projectStatus.csv"):
            problems.append(f"projects/{i}/status: {p.get('status')!r} is not in projectStatus")
        if "type" in p and p["type"] not in codelist("projectType.csv"):
            problems.append(f"projects/{i}/type: {p['type']!r} is not in projectType")
        for m in p.get("milestones") or []:
            if m.get("type") not in codelist("milestoneType.csv") or m.get("status") not in codelist(
                    "milestoneStatus.csv"):
                problems.append(f"projects/{i}/milestones: type or status not in the codelists")
    return problems


def write_package(session: Session, out: Path, f: ProjectFilter | None = None, lang: str = "ru",
                  internal: bool = False) -> int:
    pkg = package(session, f, lang, internal)
    problems = validate(pkg) if pkg["projects"] else []
    if problems:
        raise ValueError("the OC4IDS package does not validate: " + "; ".join(problems[:5]))
    out.write_text(json.dumps(pkg, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(pkg["projects"])
