"""Loading the real projects compiled from public reporting (data/real/, CC0; see data/real/SOURCES.md).

Each record becomes a registry project through the registry services, with every figure kept as
reported: the investment in its currency with the date it was reported (converted to tenge only
through a sourced rate: the on-date rate, else the annual average of the year, else not at all),
permanent and construction jobs, the status with the date it was reported, the planned or actual
launch as a year or month, products and capacities in the capacity model, and every source as a
link with its date and language. Empty fields stay empty. Places are resolved by
``orken.reference.places`` to the deepest level it reaches, and that level is stored as the
project's location precision. Companies are de-duplicated into organisations by their normalised
name; each keeps its country and its role in the project.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from importlib.resources import files
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.guard import loader  # writes as the system (a loader)
from orken.domain import codes
from orken.db.models import AnnualRate, ExchangeRate, Organisation, Project, Zone
from orken.reference import places
from orken.registry import others, projects
from orken.registry.schemas import OrganisationCreate, ProjectCreate

ACTOR = "sample-loader"
DATA = files("orken.sample").joinpath("data", "real")
#: the dataset's marker on every loaded source and note
DATASET = "compiled from public reporting (Orken real dataset, CC0)"

COUNTRIES = {
    "kazakhstan": "KZ", "china": "CN", "russia": "RU", "turkey": "TR", "türkiye": "TR", "south korea": "KR",
    "korea": "KR", "italy": "IT", "usa": "US", "united states": "US", "germany": "DE", "france": "FR",
    "poland": "PL", "uzbekistan": "UZ", "luxembourg": "LU", "azerbaijan": "AZ", "netherlands": "NL",
    "belgium": "BE", "united arab emirates": "AE", "uae": "AE", "sweden": "SE", "spain": "ES",
    "switzerland": "CH", "chile": "CL", "singapore": "SG", "lebanon": "LB", "japan": "JP", "denmark": "DK",
    "india": "IN", "iran": "IR", "belarus": "BY", "kyrgyzstan": "KG", "austria": "AT", "finland": "FI",
    "united kingdom": "GB", "uk": "GB", "czech republic": "CZ", "czechia": "CZ", "qatar": "QA",
    "saudi arabia": "SA", "egypt": "EG", "hungary": "HU", "israel": "IL", "canada": "CA", "australia": "AU",
}
ROLES = {"investor": "investor", "operator": "operator", "jv_partner": "partner", "contractor": "contractor"}
KINDS = {"investor": "investor", "operator": "operator", "jv_partner": "investor", "contractor": "contractor"}
#: reported unit -> (unit code of the capacity model, factor the quantity is multiplied by)
UNITS: dict[str, tuple[str, Decimal]] = {
    "t": ("t", Decimal(1)), "tonne": ("t", Decimal(1)), "tonnes": ("t", Decimal(1)), "tons": ("t", Decimal(1)),
    "thousand t": ("thousand_t", Decimal(1)), "kt": ("thousand_t", Decimal(1)),
    "million t": ("million_t", Decimal(1)), "mt": ("million_t", Decimal(1)), "kg": ("kg", Decimal(1)),
    "unit": ("unit", Decimal(1)), "units": ("unit", Decimal(1)), "pcs": ("unit", Decimal(1)),
    "thousand units": ("thousand_units", Decimal(1)), "million units": ("unit", Decimal(10**6)),
    "billion units": ("unit", Decimal(10**9)), "mw": ("MW", Decimal(1)), "kw": ("kW", Decimal(1)),
    "gw": ("GW", Decimal(1)), "mwh": ("MWh", Decimal(1)), "kwh": ("kWh", Decimal(1)), "gwh": ("GWh", Decimal(1)),
    "million kwh": ("GWh", Decimal(1)), "ha": ("ha", Decimal(1)), "m2": ("m2", Decimal(1)),
    "thousand m2": ("thousand_m2", Decimal(1)), "million m2": ("m2", Decimal(10**6)), "km2": ("km2", Decimal(1)),
    "l": ("l", Decimal(1)), "thousand l": ("thousand_l", Decimal(1)), "m3": ("m3", Decimal(1)),
    "thousand m3": ("m3", Decimal(1000)), "million m3": ("m3", Decimal(10**6)), "km": ("km", Decimal(1)),
    "m": ("m", Decimal(1)), "million m": ("km", Decimal(1000)), "container": ("container", Decimal(1)),
    "containers": ("container", Decimal(1)),
}
PERIODS = set(codes.CAPACITY_PERIODS.codes)
PROGRAMMES = {"spiid 2010-2014": "gpiir-2010-2014", "industrialization map 2015-2019": "gpiir-2015-2019",
              "spiid 2015-2019": "gpiir-2015-2019"}
OPERATING = {"launched", "at_design_capacity"}


def read_jsonl(name: str) -> list[dict[str, Any]]:
    text = DATA.joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def full_date(value: str | None) -> date | None:
    """A full ISO date, else None (a year or a month is not a day)."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def partial_date(value: str | int | None) -> str | None:
    """A reported date as "YYYY", "YYYY-MM" or "YYYY-MM-DD"; a quarter keeps its year only."""
    if value is None:
        return None
    value = str(value).strip()
    m = re.fullmatch(r"(\d{4})(-(0[1-9]|1[0-2])(-(\d{2}))?)?", value)  # a day only after a month
    if m:
        return value if (m.group(4) is None or full_date(value)) else value[:7]
    m = re.match(r"(\d{4})", value)
    return m.group(1) if m else None


def launch_date(value: str | int | None) -> tuple[date | None, str | None]:
    """A reported launch as the first day of its period with the period's precision: "2026" ->
    (2026-01-01, "year"), "2026-Q2" -> (2026-04-01, "quarter"), "2026-05" -> (2026-05-01, "month"),
    a full date -> (that day, "day"); (None, None) when no year is given."""
    if value is None:
        return None, None
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})\s*-?\s*(?:Q|КВ|кв\.?)\s*([1-4])", text, re.I) or \
        re.fullmatch(r"([1-4])\s*(?:Q|кв\.?)\s*(\d{4})", text, re.I)
    if m:
        year, q = (m.group(1), m.group(2)) if len(m.group(1)) == 4 else (m.group(2), m.group(1))
        return date(int(year), 3 * int(q) - 2, 1), "quarter"
    reported = partial_date(text)
    if not reported:
        return None, None
    if len(reported) == 4:
        return date(int(reported), 1, 1), "year"
    if len(reported) == 7:
        return date(int(reported[:4]), int(reported[5:7]), 1), "month"
    return full_date(reported), "day"


def org_key(name: str) -> str:
    """The de-duplication key of a company name: legal forms, quotes and punctuation removed."""
    s = name.casefold().replace("ё", "е")
    s = re.sub(r"\(.*?\)", " ", s)
    s = re.sub(r"\b(llp|jsc|ltd|llc|plc|inc|co|corp|corporation|company|group|nc|ao|too|тоо|ао|жшс|ақ|ооо|пао|"
               r"oao|оао|зао|gmbh|ag|s\.?p\.?a|b\.?v|limited|holding|national company)\b\.?", " ", s)
    return re.sub(r"[\W_]+", "", s)


def external_id(prefix: str, *parts: str | None) -> str:
    digest = hashlib.sha1("|".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


def _host(url: str | None) -> str | None:
    return urlparse(url).netloc.removeprefix("www.") if url else None


def sources(rec: dict) -> list[dict]:
    out, seen = [], set()
    for s in rec.get("sources") or []:
        url = s.get("url")
        if not url or url in seen:
            continue
        seen.add(url)
        published = partial_date(s.get("published"))
        title = _host(url)
        if published and not full_date(published):
            title = f"{title} ({published})"
        lang = s.get("lang") if s.get("lang") and re.fullmatch(r"[a-z]{2}", s["lang"]) else None
        out.append({"kind": "news", "title": title, "url": url, "date": full_date(published), "lang": lang})
    return out


def capacities(rec: dict) -> tuple[list[dict], list[str]]:
    """Capacity lines in the model's units; what the model cannot hold goes to the note as reported."""
    lines, notes = [], []
    for p in rec.get("products") or []:
        product, qty, unit, period = p.get("product"), p.get("quantity"), p.get("unit"), p.get("period")
        as_text = " ".join(str(x) for x in (product, "—" if qty is not None else None, qty, unit,
                                            f"per {period}" if period else None) if x is not None)
        if p.get("kind") == "output":
            notes.append(f"Output reported: {as_text}")
            continue
        code = UNITS.get((unit or "").strip().casefold()) or UNITS.get((unit or "").strip())
        if qty is None or code is None or (period and period not in PERIODS):
            lines.append({"product": {"en": as_text[:300]} if as_text else None})
            continue
        quantity = Decimal(str(qty)) * code[1]
        lines.append({"product": {"en": product[:300]} if product else None, "quantity": format(quantity, "f"),
                      "unit": code[0], "period": period})
    return lines, notes


def _zone_words(text: str) -> str:
    s = re.sub(r"\b(sez|special economic zone|industrial zone|industrial park|iz|park|technopark|сэз|эаз|"
               r"индустриальная зона|индустриалды аймақ|private|small|zone)\b", " ", text.casefold())
    return places.key(s)


def find_zone(session: Session, name: str | None, region: str | None) -> Zone | None:
    """The zone of that name among the zones in the database (the zones module loads them)."""
    if not name:
        return None
    wanted = _zone_words(name)
    if not wanted:
        return None
    stmt = select(Zone)
    if region:
        stmt = stmt.where(Zone.region_kato == region)
    for zone in session.scalars(stmt):
        for n in (zone.name_en, zone.name_ru, zone.name_kk):
            if n and _zone_words(n) == wanted:
                return zone
    return None


@loader("sample")
def load_rates(session: Session) -> dict[str, int]:
    """The sourced tenge rates: on-date rates into the official table, annual averages beside it."""
    on_date = annual = 0
    for r in read_jsonl("rates.jsonl"):
        rate = Decimal(str(r["rate_kzt"]))
        source = r.get("source_url") or "rates.jsonl"
        if r.get("kind") == "annual_average_official" and r.get("year"):
            if session.get(AnnualRate, (int(r["year"]), r["currency"])) is None:
                session.add(AnnualRate(year=int(r["year"]), currency=r["currency"], rate_kzt=rate,
                                       source=f"annual average (World Bank/IMF series as republished): {source}"))
                annual += 1
        elif full_date(r.get("date")):
            if session.get(ExchangeRate, (full_date(r["date"]), r["currency"])) is None:
                session.add(ExchangeRate(date=full_date(r["date"]), currency=r["currency"], rate_kzt=rate,
                                         source=f"National Bank rate as quoted: {source}"))
                on_date += 1
    session.flush()
    return {"rates_on_date": on_date, "rates_annual": annual}


def _organisation(session: Session, company: dict, cache: dict[str, int]) -> int | None:
    name = (company.get("name") or "").strip()
    if not name:
        return None
    k = org_key(name) or name.casefold()
    if not cache:  # organisations already in the registry (the seed file's) are the same companies
        for org in session.scalars(select(Organisation)):
            for n in (org.name_en, org.name_ru, org.name_kk):
                if n and org_key(n):
                    cache.setdefault(org_key(n), org.id)
        cache.setdefault("", 0)
    if k in cache:
        return cache[k]
    ext = external_id("real-org", k)
    org = session.scalar(select(Organisation).where(Organisation.external_id == ext))
    if org is None:
        country = COUNTRIES.get((company.get("country") or "").strip().casefold())
        lang = "ru" if re.search(r"[а-яё]", name, re.I) else "en"
        org = others.create_organisation(session, OrganisationCreate(
            external_id=ext, kind=KINDS.get(company.get("role"), "investor"), name={lang: name[:500]},
            country=country, is_sample=True), ACTOR)
    cache[k] = org.id
    return org.id


def dedupe(records: list[dict]) -> tuple[list[dict], int]:
    """One record per project: the same name in the same region, or the same operator, sector and
    investment in the same region, is one project (the most recently reported record is kept)."""
    def name_key(r):
        return (r.get("region"), re.sub(r"[\W_]+", "", (r.get("name_ru") or r.get("name_en") or
                                                        r.get("name_kk") or "").casefold()))

    def figure_key(r):
        ops = sorted(org_key(c["name"]) for c in r.get("companies") or [] if c.get("role") == "operator"
                     and c.get("name"))
        inv = r.get("investment") or {}
        if not ops or not inv.get("amount"):
            return None
        return (r.get("region"), tuple(ops), r.get("oked_section"), str(inv.get("amount")), inv.get("currency"))

    def reported(r):
        return partial_date(r.get("status_as_of")) or ""

    kept: dict[Any, dict] = {}
    order: list[Any] = []
    index: dict[Any, Any] = {}
    for r in records:
        keys = [k for k in (name_key(r), figure_key(r)) if k is not None]
        known = next((index[k] for k in keys if k in index), None)
        if known is None:
            known = len(order)
            order.append(known)
            kept[known] = r
        elif reported(r) > reported(kept[known]):
            kept[known] = r
        for k in keys:
            index[k] = known
    return [kept[i] for i in order], len(records) - len(order)


def description(rec: dict) -> dict | None:
    """The public description: the sector as reported and the evidence (our paraphrase of the sources)."""
    parts = [f"Sector (as reported): {rec['sector']}." if rec.get("sector") else None,
             f"Evidence (paraphrase of the sources): {rec['evidence']}" if rec.get("evidence") else None]
    text = " ".join(p for p in parts if p)
    return {"en": text} if text else None


def project_input(session: Session, rec: dict, orgs: dict[str, int]) -> tuple[ProjectCreate | None, str | None]:
    """The registry input for one record, or (None, why) when it cannot be loaded as a project."""
    place = places.resolve(rec.get("region"), rec.get("district_or_city"), rec.get("settlement"))
    if place.region_kato is None:
        return None, f"region not known: {rec.get('region')!r}"
    status = rec.get("status")
    if status not in {"planned", "under_construction", "launched", "at_design_capacity", "suspended", "cancelled"}:
        return None, f"status {status!r} is not a lifecycle status"
    name = {k: (rec.get(f"name_{k}") or None) for k in ("kk", "ru", "en")}
    name = {k: v[:500] for k, v in name.items() if v}
    if not name:
        return None, "no name"
    note: list[str] = []
    if rec.get("notes"):
        note.append(f"Notes: {rec['notes']}")
    if place.unresolved:
        note.append(f"Place as reported, not resolved below {place.precision} level: {place.unresolved}")
    inv = rec.get("investment") or None
    money, money_field = None, None
    investment_as_of = None
    if inv and inv.get("amount") is not None:
        # the figure's own date, else the date of the report the record is as of
        investment_as_of = partial_date(inv.get("as_of")) or partial_date(rec.get("status_as_of"))
        money = {"amount": str(inv["amount"]), "currency": inv.get("currency") or "KZT",
                 "date": full_date(investment_as_of)}
        if inv.get("kind") in ("planned", "actual"):
            money_field = f"investment_{inv['kind']}"
        else:
            note.append(f"Investment reported without saying planned or actual (not in the totals): "
                        f"{inv['amount']} {money['currency']}" + (f" as of {investment_as_of}" if investment_as_of
                                                                  else ""))
            money, investment_as_of = None, None
        if money and money["currency"] != "KZT" and money["date"] is None and investment_as_of is None:
            # no date at all: the amount cannot be converted, and a foreign amount needs its date
            note.append(f"Investment reported without a date (not in the figures): {inv['amount']} "
                        f"{money['currency']} ({inv.get('kind')})")
            money, money_field = None, None
    when = "actual" if status in OPERATING else "planned"
    lines, output_notes = capacities(rec)
    note += output_notes
    roles = []
    shares = []
    for c in rec.get("companies") or []:
        org_id = _organisation(session, c, orgs)
        if org_id is None:
            continue
        roles.append({"organisation_id": org_id, "role": ROLES.get(c.get("role"), "partner")})
        if c.get("share_percent") is not None:
            shares.append(f"{c['name']} {c['share_percent']} %")
    if shares:
        note.append("Shares: " + ", ".join(shares))
    programme = (rec.get("programme") or "").strip()
    programmes = [PROGRAMMES[programme.casefold()]] if programme.casefold() in PROGRAMMES else []
    if programme:
        note.append(f"Programme as reported: {programme}")
    zone = find_zone(session, rec.get("zone"), place.region_kato)
    if rec.get("zone") and zone is None:
        note.append(f"Zone as reported: {rec['zone']}")
    status_as_of = partial_date(rec.get("status_as_of"))
    section = rec.get("oked_section")
    settlement = place.settlement  # as reported; a city that is its own unit shows as the district
    data = {
        "external_id": external_id("real", rec.get("region"), rec.get("name_ru") or rec.get("name_en")
                                   or rec.get("name_kk")),
        "name": name, "description": description(rec),
        "region_kato": place.region_kato, "district_kato": place.district_kato,
        "settlement": settlement[:200] if settlement else None, "location_precision": place.precision,
        "oked": section if section and re.fullmatch(r"[A-U]", section) else None,
        "zone_id": zone.id if zone else None, "programmes": programmes, "status": status,
        "status_history": [{"status": status, "date": full_date(status_as_of)}], "status_as_of": status_as_of,
        "investment_as_of": investment_as_of,
        f"jobs_permanent_{when}": rec.get("jobs_permanent"),
        f"jobs_construction_{when}": rec.get("jobs_construction"),
        "jobs_as_of": status_as_of if (rec.get("jobs_permanent") is not None
                                       or rec.get("jobs_construction") is not None) else None,
        "launch_planned_text": partial_date(rec.get("launch_planned")),
        "launch_actual_text": partial_date(rec.get("launch_actual")),
        # the same launch as a date with its precision, for the by-year figures, plan vs fact and alerts
        "launch_planned": launch_date(rec.get("launch_planned"))[0],
        "launch_planned_precision": launch_date(rec.get("launch_planned"))[1],
        "launch_actual": launch_date(rec.get("launch_actual"))[0],
        "launch_actual_precision": launch_date(rec.get("launch_actual"))[1],
        "capacities": lines, "organisations": roles, "sources": sources(rec),
        "note": "\n\n".join(note) or None, "is_sample": True,
    }
    if money_field:
        data[money_field] = money
    return ProjectCreate(**{k: v for k, v in data.items() if v is not None}), None


def records() -> Iterator[dict]:
    yield from read_jsonl("projects.jsonl")


@loader("sample")
def load(session: Session) -> dict[str, Any]:
    """Load the rates and the real projects (existing ones, by external id, are kept)."""
    counts: dict[str, Any] = load_rates(session)
    unique, merged = dedupe(list(records()))
    counts.update({"real_projects": 0, "real_duplicates_merged": merged, "real_skipped": []})
    orgs: dict[str, int] = {}
    before = session.scalar(select(Organisation.id).order_by(Organisation.id.desc()).limit(1)) or 0
    for rec in unique:
        data, why = project_input(session, rec, orgs)
        if data is None:
            counts["real_skipped"].append({"name": rec.get("name_en") or rec.get("name_ru"), "why": why})
            continue
        if session.scalar(select(Project.id).where(Project.external_id == data.external_id)) is None:
            projects.create(session, data, ACTOR)
            counts["real_projects"] += 1
    counts["real_organisations"] = len({i for i in orgs.values() if i > before})
    return counts
