"""The zones of the sample: Kazakhstan's SEZs and industrial zones from public reporting (``data/zones.jsonl``,
CC0 1.0; see data/SOURCES.md), loaded before the projects so that they can refer to them.

Every record keeps what its sources gave and nothing more: an empty field stays empty (NULL), and
the catalogue shows it as unknown. Names are kept exactly as in the file (projects are linked to
zones by name). The specialisation's OKED codes and the incentive codes are *readings* of the
reported words (``orken.domain.sites``); the words themselves are kept beside them.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.guard import loader  # writes as the system (a loader)
from orken.db.models import AdminUnit, Organisation, Zone
from orken.domain import sites
from orken.registry import others
from orken.registry.schemas import OrganisationCreate, ZoneCreate, ZoneUpdate

ACTOR = "sample-loader"
#: the file's region names (first-level units as of 2024) -> KATO
REGIONS = {
    "Abai": "100000000", "Akmola": "110000000", "Aktobe": "150000000", "Almaty Region": "190000000",
    "Atyrau": "230000000", "West Kazakhstan": "270000000", "Jambyl": "310000000", "Jetisu": "330000000",
    "Karaganda": "350000000", "Kostanay": "390000000", "Kyzylorda": "430000000", "Mangystau": "470000000",
    "Pavlodar": "550000000", "North Kazakhstan": "590000000", "Turkestan": "610000000", "Ulytau": "620000000",
    "East Kazakhstan": "630000000", "Astana": "710000000", "Almaty": "750000000", "Shymkent": "790000000",
}
#: zones the earlier sample (sample.json) had under these keys: the file's record replaces them in place
OLD_KEYS = {
    "Saryarka SEZ": "saryarka-sez", "Khorgos – Eastern Gate SEZ": "khorgos-sez",
    "Astana – New City SEZ": "astana-new-city-sez", "Pavlodar SEZ": "pavlodar-sez",
    "Chemical Park Taraz SEZ": "chemical-park-taraz-sez", "National Industrial Petrochemical Technopark SEZ": "nipt-sez",
    "Aktau Sea Port SEZ": "aktau-seaport-sez", "Ontustik SEZ": "ontustik-sez", "Qyzyljar SEZ": "qyzyljar-sez",
}


def read() -> list[dict]:
    text = files("orken.sample").joinpath("data", "zones.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:90]


def key(record: dict) -> str:
    name = record.get("name_en") or record.get("name_ru") or record.get("name_kk") or ""
    return OLD_KEYS.get(name) or f"zone-{slug(name)}"


def _fold(text: str) -> str:
    """A loose Latin spelling for matching place names ('Shu' ~ 'Shu', 'Zhetisu' ~ 'Jetisu', 'Qyzyl' ~ 'Kyzyl')."""
    t = text.casefold()
    for a, b in (("zh", "j"), ("kh", "h"), ("q", "k"), ("y", "i"), ("ä", "a"), ("ö", "o"), ("ü", "u"), ("ū", "u"),
                 ("ı", "i")):
        t = t.replace(a, b)
    return re.sub(r"[^a-z]", "", t)


def district_of(session: Session, region: str, place: str | None) -> str | None:
    """The level-2 unit (district or city) of the region that the place's first name names, else None."""
    if not place:
        return None
    first = re.split(r"[,(]| and ", place)[0]
    word = _fold(re.sub(r"\b(district|city|near|rural)\b", "", first, flags=re.IGNORECASE))
    if not word:
        return None
    units = session.scalars(select(AdminUnit).where(AdminUnit.parent_kato == region, AdminUnit.level == 2)).all()
    found = [u for u in units if u.name_en and _fold(u.name_en) == word]
    return found[0].kato if len(found) == 1 else None


def _year(value) -> int | None:
    m = re.match(r"(\d{4})", str(value or ""))
    return int(m.group(1)) if m else None


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value and len(str(value)) == 10 else None
    except ValueError:
        return None


def _infrastructure(record: dict) -> list[dict]:
    out = []
    for i in record.get("infrastructure") or []:
        if i.get("kind") not in sites.INFRA_KINDS or i.get("state") not in sites.STATES:
            continue
        note = i.get("capacity")
        out.append({"kind": i["kind"], "state": i["state"], "note": note,
                    "capacity_mw": sites.read_capacity_mw(note) if i["kind"] == "power" else None,
                    "year": _year(i.get("year"))})
    return out


def _management_company(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    external = f"org-{slug(name)}"
    org = session.scalar(select(Organisation).where(Organisation.external_id == external))
    if org is None:
        org = others.create_organisation(session, OrganisationCreate(
            external_id=external, kind="management_company", name={"en": name}, is_sample=True), ACTOR)
    return org.id


def fields(session: Session, record: dict) -> dict:
    """The registry's fields of one record of the file."""
    region = REGIONS[record["region"]]
    words = [w for w in record.get("specialisation") or [] if w]
    description = record.get("evidence") or None
    if record.get("notes"):
        description = f"{description}\n\n{record['notes']}" if description else record["notes"]
    investment = record.get("investment_kzt")
    return dict(
        external_id=key(record), kind=record["kind"],
        name={k: record.get(f"name_{k}") for k in ("kk", "ru", "en")},
        region_kato=region, district_kato=district_of(session, region, record.get("district_or_city")),
        area_ha=record.get("area_ha"), free_area_ha=record.get("free_area_ha"),
        established=_day(record.get("established")), established_year=_year(record.get("established")),
        valid_until_year=_year(record.get("valid_until")),
        specialisation=words, specialisation_oked=sites.read_oked(words),
        incentives=sites.read_incentives(record.get("incentives") or []),
        participants_count=record.get("participants_count"), projects_count=record.get("projects_count"),
        reported_investment_kzt=Decimal(str(investment)) if investment is not None else None,
        reported_jobs=record.get("jobs"), as_of=record.get("as_of") or None,
        management_company_id=_management_company(session, record.get("management_company")),
        description=description, infrastructure=_infrastructure(record),
        sources=[{"kind": "public", "url": s.get("url"), "date": _day(s.get("published"))}
                 for s in record.get("sources") or [] if s.get("url")],
    )


@loader("sample")
def load(session: Session) -> tuple[dict[str, int], int]:
    """Insert the file's zones (an earlier sample's record of the same zone is replaced in place);
    returns {key: zone id} and how many were written. Safe to repeat."""
    ids: dict[str, int] = {}
    written = 0
    for record in read():
        data = fields(session, record)
        existing = session.scalar(select(Zone).where(Zone.external_id == data["external_id"]))
        if existing is None:
            existing = others.create_zone(session, ZoneCreate(**data, is_sample=True), ACTOR)
            written += 1
        elif existing.is_sample and existing.as_of is None and data["as_of"] is not None:
            existing = others.update_zone(session, existing.id, ZoneUpdate(**data), ACTOR)
            written += 1
        ids[data["external_id"]] = existing.id
    return ids, written
