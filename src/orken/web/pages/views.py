"""What each page shows, loaded through the registry services and serializers (the page seam).

Every function returns a JSON-ready dict: the page's ``.json`` answer is exactly this dict and the
HTML page is this dict rendered by a template, so both always show the same thing. Filters come
from ``orken.web.deps.project_filter`` (which is where permission scopes apply); nothing here
reads the database except through ``orken.registry``.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from decimal import Decimal

from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit, Zone
from orken.domain.sites import REGIMES
from orken.monitoring import zone_kpis
from orken.registry import changelog, others, projects, query
from orken.registry import contacts
from orken.registry import zones as zone_catalogue
from orken.errors import NotFound
from orken.registry.query import ProjectFilter
from orken.registry.serialize import names, project_dict, project_summary, zone_dict
from orken.web import cache

#: choropleth metrics: name -> stats field
METRICS = {
    "projects": "projects",
    "investment_planned": "investment_planned_kzt",
    "investment_actual": "investment_actual_kzt",
    "jobs_planned": "jobs_permanent_planned",
    "jobs_actual": "jobs_permanent_actual",
}
SUM_FIELDS = ("projects", "investment_planned_kzt", "investment_actual_kzt", "jobs_permanent_planned",
              "jobs_permanent_actual", "jobs_construction_planned")
LIST_FACETS = ["status", "region", "sector", "programme", "map_level", "year"]
MAP_FACETS = ["status", "sector", "programme", "map_level"]


def filter_dict(f: ProjectFilter) -> dict:
    """The filters as shown and echoed (the permission scope is not part of a shared view)."""
    d = asdict(f)
    d.pop("scope", None)
    return {k: v for k, v in d.items() if v not in (None, [], "")}


def totals(rows: list[dict]) -> dict:
    out: dict = {}
    for key in SUM_FIELDS:
        values = [Decimal(r[key]) if isinstance(r[key], str) else r[key] for r in rows]
        total = sum(values, Decimal(0) if key.startswith("investment") else 0)
        out[key] = format(total, "f") if isinstance(total, Decimal) else total
    return out


def units(session: Session, level: int, parent: str | None = None) -> list[dict]:
    stmt = select(AdminUnit).where(AdminUnit.level == level).order_by(AdminUnit.kato)
    if parent:
        stmt = stmt.where(AdminUnit.parent_kato == parent)
    return [{"kato": u.kato, "kind": u.kind, "name": names(u), "lat": u.lat, "lon": u.lon}
            for u in session.scalars(stmt)]


def zone_brief(z: Zone) -> dict:
    d = zone_dict(z)
    d.pop("boundary", None)
    return d


def _zones(session: Session, region: list[str]) -> list[dict]:
    zones, _, _ = query.simple_page(session, Zone, query.zone_conditions(region, [], None), None, 1000)
    return [zone_brief(z) for z in zones]


def map_zones(session: Session, region: list[str]) -> list[dict]:
    """The zones of the map: each with a position and, when it has one, its boundary. A zone without
    coordinates sits at its boundary's centre, else at its district's (else region's) centre, and
    is then marked ``approximate``."""
    zones, _, _ = query.simple_page(session, Zone, query.zone_conditions(region, [], None), None, 1000)
    centres = {u.kato: (u.lat, u.lon) for u in session.execute(
        select(AdminUnit.kato, AdminUnit.lat, AdminUnit.lon).where(
            AdminUnit.kato.in_({c for z in zones for c in (z.region_kato, z.district_kato) if c})))}
    out = []
    for z in zones:
        d = zone_brief(z)
        d["boundary"], d["approximate"] = z.boundary or None, False
        if z.lat is None or z.lon is None:
            centre = _shape_centre(z.boundary) if z.boundary else None
            if centre is None:
                centre = next((centres[c] for c in (z.district_kato, z.region_kato)
                               if c in centres and centres[c][0] is not None), (None, None))
                d["approximate"] = True
            d["lat"], d["lon"] = centre
        out.append(d)
    return out


def places(session: Session) -> list[dict]:
    """Place names for the map: the cities of republican significance, the cities of regional
    significance and the districts (at their unit's centre; geokz boundaries, CC BY 4.0)."""
    rows = session.execute(select(AdminUnit.kato, AdminUnit.level, AdminUnit.kind, AdminUnit.name_kk,
                                  AdminUnit.name_ru, AdminUnit.name_en, AdminUnit.lat, AdminUnit.lon)
                           .where(AdminUnit.lat.is_not(None)).order_by(AdminUnit.kato))
    return [{"kato": kato, "kind": "capital" if level == 1 else kind, "name": {"kk": kk, "ru": ru, "en": en},
             "lat": lat, "lon": lon} for kato, level, kind, kk, ru, en, lat, lon in rows
            if level == 2 or kind == "city"]


def _shape_centre(geometry: dict) -> tuple[float, float] | None:
    """A point inside a GeoJSON geometry (lat, lon), or None when it cannot be read."""
    try:
        point = shape(geometry).representative_point()
        return round(point.y, 5), round(point.x, 5)
    except Exception:  # a malformed boundary: fall back to the district's or region's centre
        return None


def by_unit(session: Session, f: ProjectFilter, group: str, level: int, parent: str | None = None) -> list[dict]:
    """Stats for every unit of a level (units without projects get zeros)."""
    found = {r["key"]: r for r in cache.stats(session, f, group)}
    rows = []
    for u in units(session, level, parent):
        r = found.get(u["kato"]) or {"projects": 0, "investment_planned_kzt": "0", "investment_actual_kzt": "0",
                                     "jobs_permanent_planned": 0, "jobs_permanent_actual": 0,
                                     "jobs_construction_planned": 0, "investment_unconverted": 0}
        rows.append({**{k: v for k, v in r.items() if k not in ("key", "label")}, "kato": u["kato"],
                     "name": u["name"], "lat": u["lat"], "lon": u["lon"]})
    return rows


def region_names(session: Session) -> dict[str, dict]:
    return {u["kato"]: u["name"] for u in units(session, 1)}


#: a map metric naming a statistics indicator: "indicator:<code>"
INDICATOR_METRIC = "indicator:"


def indicator_choropleth(session: Session, code: str) -> dict | None:
    """The regions' values of an indicator for one period: the latest period that most regions
    report (values of different periods are not comparable, so the others are left out)."""
    from collections import Counter

    from orken.stats import service

    rows = [v for v in service.values(session, indicator=code) if v.region_kato and v.months]
    if not rows:
        return None
    periods = Counter((v.year, v.months) for v in rows)
    year, months = max(periods, key=lambda k: (periods[k], k))
    values = {}
    for v in rows:
        if (v.year, v.months) == (year, months) and v.region_kato not in values:
            values[v.region_kato] = service.value_dict(v)
    return {"indicator": code, "year": year, "months": months, "values": values}


def indicator_metrics(session: Session) -> list[str]:
    from orken.stats.indicators import VOCABULARY
    from orken.stats.models import IndicatorValue

    found = set(session.scalars(select(IndicatorValue.indicator).distinct().where(
        IndicatorValue.region_kato.is_not(None), IndicatorValue.months.is_not(None))))
    return [c for c in VOCABULARY if c in found]


def map_view(session: Session, f: ProjectFilter, metric: str = "investment_planned", estimates: bool = False) -> dict:
    choropleth = None
    from orken.stats.indicators import VOCABULARY

    if metric.startswith(INDICATOR_METRIC) and metric.removeprefix(INDICATOR_METRIC) in VOCABULARY:
        choropleth = indicator_choropleth(session, metric.removeprefix(INDICATOR_METRIC))
    if choropleth is None and metric not in METRICS:
        metric = "investment_planned"
    regions = by_unit(session, f, "region", 1)
    items, total, _ = query.page(session, f, "-investment", None, 15)
    zones, zone_hits = map_zones(session, f.region), []
    if f.q:  # the search box also finds zones, by name or by the kind it names ('индустриалдық аймақ')
        found = {z.id for z in zone_catalogue.search(session, f.q, f.region)}
        zones = [z for z in zones if z["id"] in found]
        zone_hits = [{"id": z["id"], "name": z["name"], "kind": z["kind"]} for z in zones]
    return {
        "page": "map", "filters": filter_dict(f), "metric": metric, "metrics": list(METRICS),
        "total": total, "totals": totals(regions), "regions": regions,
        "projects": [project_summary(p) for p in items],
        "facets": cache.facets(session, f, MAP_FACETS), "region_names": region_names(session),
        "zones": zones,
        "zone_hits": zone_hits,
        "places": places(session),
        "estimates": estimated_totals(session, f) if estimates else None,
        "indicator_metrics": indicator_metrics(session), "indicator_map": choropleth,
    }


def projects_view(session: Session, f: ProjectFilter, sort: str = "-investment", cursor: str | None = None,
                  limit: int = 50) -> dict:
    items, total, next_cursor = query.page(session, f, sort, cursor, limit)
    return {"page": "projects", "filters": filter_dict(f), "sort": sort, "items": [project_summary(p) for p in items],
            "total": total, "next": next_cursor, "facets": cache.facets(session, f, LIST_FACETS),
            "region_names": region_names(session)}


def _principal(session: Session):
    return session.info.get("principal")


def project_view(session: Session, project_id: int) -> dict:
    p = projects.get(session, project_id)
    d = project_dict(p)
    place = query.labels(session, "region", [c for c in (p.region_kato, p.district_kato) if c])
    sectors = query.labels(session, "sector", [c for c in (p.oked_section, p.oked_division) if c])
    progs = query.labels(session, "programme", d["programmes"])
    principal = _principal(session)
    history = None
    if principal is None or principal.can_read_change_log():
        history = [changelog.change_to_dict(c) for c in changelog.history(session, "project", project_id)]
    return {
        "page": "project", "project": d, "as_of": as_of_view(p), "estimates": project_estimates(session, p),
        "place_precision": p.location_precision,
        "region": {"kato": p.region_kato, "name": place.get(p.region_kato)},
        "district": {"kato": p.district_kato, "name": place.get(p.district_kato)} if p.district_kato else None,
        "sector": {"code": p.oked_section, "name": sectors.get(p.oked_section)} if p.oked_section else None,
        "division": {"code": p.oked_division, "name": sectors.get(p.oked_division)} if p.oked_division else None,
        "programmes": [{"code": c, "name": progs.get(c)} for c in d["programmes"]],
        "zone": {"id": p.zone.id, "name": names(p.zone), "kind": p.zone.kind} if p.zone else None,
        "history": history,
        "monitoring": approved_figures(session, principal, p.id),
        "promises": promises_view(session, p, principal),  # the promise ledger (web/pages/ledger.py)
        "status_unconfirmed_since": status_unconfirmed_since(session, p.id),
    }


def promises_view(session: Session, p, principal) -> dict:
    from orken.web.pages.ledger import promises_view as view  # the promise ledger's own page module

    return view(session, p, principal)


def status_unconfirmed_since(session: Session, project_id: int) -> str | None:
    """The last news, report or edit of a quiet project with an open task (``orken.tasks``), else None."""
    from orken.tasks.service import uncertain

    since = uncertain(session, [project_id]).get(project_id)
    return since.date().isoformat() if since else None


def approved_figures(session: Session, principal, project_id: int) -> dict | None:
    """The latest approved monitoring report of the project that this reader may see (public figures only)."""
    from sqlalchemy import select

    from orken.auth.policy import PUBLIC
    from orken.monitoring.models import Report
    from orken.monitoring.service import visible_reports

    r = session.scalar(select(Report).where(Report.project_id == project_id, Report.current.is_(True),
                                            visible_reports(principal or PUBLIC))
                       .order_by(Report.year.desc(), Report.quarter.desc()).limit(1))
    if r is None:
        return None
    money = lambda v: None if v is None else format(v, "f")  # noqa: E731
    return {"report_id": r.id, "year": r.year, "quarter": r.quarter,
            "investment_to_date_kzt": money(r.investment_to_date_kzt),
            "investment_period_kzt": money(r.investment_period_kzt), "jobs_permanent": r.jobs_permanent,
            "capacity_utilisation": money(r.capacity_utilisation), "output_value_kzt": money(r.output_value_kzt),
            "exports_kzt": money(r.exports_kzt)}


def stale(reported: str | None, today=None) -> bool:
    """Whether a date as reported ("2022", "2022-05", "2022-05-03") is older than the stale setting;
    a partial date counts from its last day (the most favourable reading)."""
    import calendar
    from datetime import date

    from orken.config import stale_status_years

    if not reported:
        return False
    today = today or date.today()
    year = int(reported[:4])
    month = int(reported[5:7]) if len(reported) >= 7 else 12
    day = int(reported[8:10]) if len(reported) >= 10 else calendar.monthrange(year, month)[1]
    years = stale_status_years()
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return date(year, month, day) < limit


def as_of_view(p) -> dict:
    from orken.config import stale_status_years
    from orken.reference.rates import rate_used

    from sqlalchemy.orm import object_session

    session = object_session(p)
    rates = {}
    for field in ("investment_planned", "investment_actual"):
        currency = getattr(p, f"{field}_currency")
        if getattr(p, field) is not None and currency != "KZT" and getattr(p, f"{field}_kzt") is not None:
            year = int(p.investment_as_of[:4]) if p.investment_as_of else None
            rates[field] = rate_used(session, currency, getattr(p, f"{field}_date"), year)
    return {"status": p.status_as_of, "status_stale": stale(p.status_as_of), "stale_years": stale_status_years(),
            "investment": p.investment_as_of, "jobs": p.jobs_as_of, "rates": rates}


def project_estimates(session: Session, p) -> dict | None:
    """Estimates (flagged) for a project that lacks an investment or jobs figure; None when it has both."""
    lacks_investment = p.investment_planned is None and p.investment_actual is None
    lacks_jobs = p.jobs_permanent_planned is None and p.jobs_permanent_actual is None
    if not (lacks_investment or lacks_jobs):
        return None
    from orken.stats.estimates import estimates

    found = estimates(session, only={p.id}).get(p.id) or {}
    if not lacks_investment:
        found.pop("investment_kzt", None)
    if not lacks_jobs:
        found.pop("jobs_permanent", None)
    return found or None


def zone_view(session: Session, f: ProjectFilter, zone_id: int) -> dict:
    zone = others.get_zone(session, zone_id)
    body = others.zone_state(session, zone)
    body["regime"] = REGIMES.get(zone.kind)
    body["kpis"] = zone_kpis.kpis(session, zone)
    placed = next((z for z in map_zones(session, [zone.region_kato]) if z["id"] == zone.id), None)
    scoped = replace(f, zone=[zone_id])
    participants, total, _ = query.page(session, scoped, "name", None, 1000)
    place = query.labels(session, "region", [c for c in (zone.region_kato, zone.district_kato) if c])
    manager = zone.management_company
    return {
        "page": "zone", "zone": body, "region": {"kato": zone.region_kato, "name": place.get(zone.region_kato)},
        "district": {"kato": zone.district_kato, "name": place.get(zone.district_kato)} if zone.district_kato else None,
        "management_company": {"id": manager.id, "name": names(manager)} if manager else None,
        "participants": [project_summary(p) for p in participants], "total": total,
        "contacts": [contacts.contact_dict(c) for c in contacts.of_zone(session, zone.id)],
        "totals": totals(cache.stats(session, scoped, "zone")),
        "by_status": cache.stats(session, scoped, "status"),
        "map": {"zone": {"lat": placed["lat"], "lon": placed["lon"], "approximate": placed["approximate"],
                         "name": body["name"], "boundary": zone.boundary} if placed else None,
                "participants": [{"id": p.id, "name": names(p), "lat": p.lat, "lon": p.lon, "status": p.status}
                                 for p in participants if p.lat is not None and p.lon is not None]},
    }


def region_view(session: Session, f: ProjectFilter, kato: str) -> dict:
    unit = session.get(AdminUnit, kato)
    if unit is None or unit.level != 1:
        raise NotFound(f"there is no region {kato}")
    scoped = replace(f, region=[kato])
    districts = by_unit(session, scoped, "district", 2, kato)
    top, total, _ = query.page(session, scoped, "-investment", None, 10)
    return {
        "page": "region", "filters": filter_dict(f),
        "region": {"kato": unit.kato, "kind": unit.kind, "name": names(unit), "lat": unit.lat, "lon": unit.lon},
        "total": total, "totals": totals(cache.stats(session, scoped, "status")),
        "by_status": cache.stats(session, scoped, "status"),
        "by_sector": cache.stats(session, scoped, "sector"),
        "by_year": cache.stats(session, scoped, "year"),
        "districts": districts,
        "zones": _zones(session, [kato]),
        "top_projects": [project_summary(p) for p in top],
        **statistics_view(session, kato),
    }


def statistics_view(session: Session, region: str | None) -> dict:
    """The indicator series of a region (or the country's: values with no region) and the reconciliation."""
    from orken.stats import service

    rows = service.values(session, region=region, national=region is None)
    return {"indicators": service.series(rows), "reconciliation": service.reconciliation(session, region),
            "low_share": format(service.LOW_SHARE, "f")}


def regions_sum_series(session: Session) -> list[dict]:
    """Additive indicators summed over the regions that report the same year and period, with how
    many of the 20 did: never shown as the national figure, only as "the reporting regions"."""
    from orken.stats import service
    from orken.stats.indicators import VOCABULARY

    sums: dict[tuple, dict] = {}
    for v in service.values(session):
        if v.region_kato is None or v.months is None or VOCABULARY.get(v.indicator) is None \
                or VOCABULARY[v.indicator].national != "sum":
            continue
        k = (v.indicator, v.months, v.year)
        s = sums.setdefault(k, {"regions": set(), "value": Decimal(0)})
        if v.region_kato not in s["regions"]:  # one value per region and period (the first source)
            s["regions"].add(v.region_kato)
            s["value"] += v.value
    out: dict[tuple, dict] = {}
    for (code, months, year), s in sorted(sums.items()):
        if len(s["regions"]) < 2:
            continue
        series = out.setdefault((code, months), {"indicator": code, "months": months,
                                                 "unit": VOCABULARY[code].unit, "points": []})
        series["points"].append({"year": year, "months": months, "value": format(s["value"], "f"),
                                 "regions": len(s["regions"]), "period_text": None, "source": None, "as_of": None})
    return list(out.values())


def dashboard_view(session: Session, f: ProjectFilter, estimates: bool = False) -> dict:
    regions = by_unit(session, f, "region", 1)
    return {
        "page": "dashboard", "filters": filter_dict(f), "totals": totals(regions),
        "by_region": regions,
        "by_sector": cache.stats(session, f, "sector"),
        "by_programme": cache.stats(session, f, "programme"),
        "by_year": cache.stats(session, f, "year"),
        "by_status": cache.stats(session, f, "status"),
        "national": statistics_view(session, None), "regions_sum": regions_sum_series(session),
        "estimates": estimated_totals(session, f) if estimates else None,
    }


def estimated_totals(session: Session, f: ProjectFilter) -> dict:
    """The estimates of the selection's projects that lack figures, summed apart from the reported totals."""
    from orken.stats.estimates import estimates

    found = estimates(session, f)
    investment = sum((Decimal(e["investment_kzt"]["value"]) for e in found.values() if "investment_kzt" in e),
                     Decimal(0))
    return {"projects": len(found), "investment_kzt": format(investment, "f"),
            "investment_projects": sum(1 for e in found.values() if "investment_kzt" in e),
            "jobs_permanent": sum(e["jobs_permanent"]["value"] for e in found.values() if "jobs_permanent" in e),
            "jobs_projects": sum(1 for e in found.values() if "jobs_permanent" in e)}
