"""The zones catalogue and the site matcher over the registry (reads only).

The rules are ``orken.domain.sites`` (pure); this module turns registry zones into ``Site`` values,
narrows them in SQL where SQL can (region, kind, text) and applies the rest in Python, the same on
both engines (area is an exact decimal, stored as text on SQLite, so it is compared as Decimal here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from orken.db.models import Project, Zone
from orken.domain import sites
from orken.registry import query
from orken.errors import InvalidInput
from orken.registry.serialize import names, zone_dict


def split_values(values) -> list[str]:
    """Both repeated values and comma-separated ones (``--has gas --has rail`` or ``--has gas,rail``)."""
    return [v.strip() for value in values or [] for v in str(value).split(",") if v.strip()]


@dataclass(frozen=True)
class ZoneQuery:
    region: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    q: str | None = None
    filter: sites.SiteFilter = field(default_factory=sites.SiteFilter)
    sort: str = "name"

    def echo(self) -> dict:
        """The query as given (for the pages' and API's answers)."""
        f = self.filter
        out = {"region": self.region, "kind": self.kind, "q": self.q, "sort": self.sort,
               "free_area_min": f.free_area_min, "area_min": f.area_min, "has": list(f.has),
               "has_planned": list(f.has_planned), "power_min_mw": f.power_min_mw, "sector": list(f.sector),
               "incentive": list(f.incentive), "participants_min": f.participants_min}
        return {k: (format(v, "f") if isinstance(v, Decimal) else v) for k, v in out.items()
                if v not in (None, [], "")}


def parse_filter(*, free_area: Decimal | None = None, area: Decimal | None = None, has: list[str] = (),
                 has_planned: list[str] = (), power_mw: Decimal | None = None, sector: list[str] = (),
                 incentive: list[str] = (), participants: int | None = None) -> sites.SiteFilter:
    """A catalogue filter from request/CLI values, refused (422) where a value is not one the catalogue knows."""
    errors = []
    for name, values in (("has", has), ("has_planned", has_planned)):
        bad = [v for v in values if v not in sites.INFRA_KINDS]
        if bad:
            errors.append({"field": name, "message": f"unknown infrastructure {', '.join(bad)}; "
                                                     f"use {', '.join(sites.INFRA_KINDS)}"})
    known = set(sites.INCENTIVES) | set(sites.REGIME_INCENTIVES)
    bad = [v for v in incentive if v not in known]
    if bad:
        errors.append({"field": "incentive", "message": f"unknown incentive {', '.join(bad)}; use {', '.join(sorted(known))}"})
    bad = [v for v in sector if sites.section_of(v) is None]
    if bad:
        errors.append({"field": "sector", "message": f"{', '.join(bad)} is not an OKED section or division"})
    if errors:
        raise InvalidInput(errors)
    return sites.SiteFilter(free_area_min=free_area, area_min=area, has=tuple(has), has_planned=tuple(has_planned),
                            power_min_mw=power_mw, sector=tuple(s.upper() for s in sector),
                            incentive=tuple(incentive), participants_min=participants)


def site_of(z: Zone, region_names: dict | None = None) -> sites.Site:
    return sites.Site(
        id=z.id, name=(z.name("en") or "").strip(), kind=z.kind, region=z.region_kato,
        area_ha=z.area_ha, free_area_ha=z.free_area_ha,
        infrastructure=tuple(sites.Infra(i.kind, i.state, i.capacity_mw, i.year) for i in z.infrastructure),
        oked=tuple(z.specialisation_oked or ()), incentives=tuple(z.incentives or ()),
        participants=z.participants_count, established_year=z.established_year or (
            z.established.year if z.established else None),
    )


def _zones(session: Session, region: list[str], kind: list[str], q: str | None) -> list[Zone]:
    """Zones of the regions and kinds whose names or specialisation hold the text; a search that names
    a kind of zone ('индустриальная зона', 'индустриалдық аймақ', 'СЭЗ') selects that kind."""
    named, rest = sites.read_zone_query(q)
    if named:
        kind = [k for k in kind if k in named] if kind else list(named)
        if not kind:
            return []
        q = rest or None
    conditions = query.zone_conditions(region, kind, q)
    stmt = select(Zone).where(and_(*conditions)) if conditions else select(Zone)
    return list(session.scalars(stmt.order_by(Zone.id)).unique())


def catalogue(session: Session, zq: ZoneQuery) -> list[Zone]:
    """Every zone the query keeps, sorted."""
    zones = {z.id: z for z in _zones(session, zq.region, zq.kind, zq.q)}
    kept = sites.catalogue((site_of(z) for z in zones.values()), zq.filter)
    try:
        ordered = sites.sort_sites(kept, zq.sort)
    except ValueError as exc:
        raise InvalidInput.one("sort", str(exc)) from None
    return [zones[s.id] for s in ordered]


def page(zones: list, offset: int, limit: int) -> tuple[list, int | None]:
    if not 1 <= limit <= 1000:
        raise InvalidInput.one("limit", "limit must be between 1 and 1000")
    if offset < 0:
        raise InvalidInput.one("offset", "offset cannot be negative")
    chunk = zones[offset:offset + limit]
    return chunk, offset + limit if offset + limit < len(zones) else None


def search(session: Session, q: str, region: list[str] | None = None) -> list[Zone]:
    """The zones a free-text search finds (the map's search box)."""
    return _zones(session, region or [], [], q)


def find_by_name(session: Session, name: str, region: str | None = None) -> Zone | None:
    """The zone a project's report names ('SEZ Pavlodar', 'Saran industrial zone'): an exact name in
    any language, else the one zone of the region (if given) that ``sites.same_zone`` accepts; None
    when there is none or more than one."""
    if not name or not name.strip():
        return None
    zones = _zones(session, [region] if region else [], [], None)
    wanted = name.strip().casefold()
    exact = [z for z in zones if wanted in {(n or "").casefold() for n in (z.name_kk, z.name_ru, z.name_en)}]
    if len(exact) == 1:
        return exact[0]
    found = [z for z in zones if any(sites.same_zone(name, n) for n in (z.name_kk, z.name_ru, z.name_en) if n)]
    if len(found) > 1:  # several: the one whose name has exactly these words
        words = set(sites.name_parts(name)[1])
        found = [z for z in found if any(set(sites.name_parts(n)[1]) == words
                                         for n in (z.name_kk, z.name_ru, z.name_en) if n)]
    return found[0] if len(found) == 1 else None


def match(session: Session, need: sites.Need, kind: list[str] | None = None) -> list[tuple[Zone, sites.Match]]:
    """Zones ranked for a need (in its region, if one is given; a district narrows to its region)."""
    region = need.region
    zones = {z.id: z for z in _zones(session, [region] if region else [], kind or [], None)}
    # the need's region may be a district: the matcher compares regions
    ranked = sites.match((site_of(z) for z in zones.values()),
                         sites.Need(sector=need.sector, land_ha=need.land_ha, power_mw=need.power_mw,
                                    infra=need.infra, region=None))
    return [(zones[m.site.id], m) for m in ranked]


def parse_need(*, sector: str | None = None, land: Decimal | None = None, power: Decimal | None = None,
               infra: list[str] = (), region: str | None = None) -> sites.Need:
    errors = []
    bad = [v for v in infra if v not in sites.INFRA_KINDS]
    if bad:
        errors.append({"field": "need", "message": f"unknown infrastructure {', '.join(bad)}; "
                                                   f"use {', '.join(sites.INFRA_KINDS)}"})
    if sector and sites.section_of(sector) is None:
        errors.append({"field": "sector", "message": f"{sector} is not an OKED section or division"})
    if errors:
        raise InvalidInput(errors)
    return sites.Need(sector=(sector or "").upper() or None, land_ha=land, power_mw=power,
                      infra=tuple(dict.fromkeys(infra)), region=region or None)


def participants(session: Session, zone_ids: list[int]) -> dict[int, int]:
    """Projects of the registry in each zone (the reported participants_count is a separate figure)."""
    if not zone_ids:
        return {}
    return dict(session.execute(select(Project.zone_id, func.count()).where(Project.zone_id.in_(zone_ids))
                                .group_by(Project.zone_id)).all())


def zone_item(z, counted: dict[int, int]) -> dict:
    """A zone as the catalogue shows it (no boundary, no sources list: the zone's own answer has them)."""
    d = zone_dict(z)
    d.pop("boundary", None)
    d.pop("sources", None)
    d["regime"] = sites.REGIMES.get(z.kind)
    d["participants_in_registry"] = counted.get(z.id, 0)
    d["management_company"] = ({"id": z.management_company.id, "name": names(z.management_company)}
                               if z.management_company else None)
    return d


def need_dict(need: sites.Need) -> dict:
    return {"sector": need.sector, "land": sites.plain(need.land_ha), "power": sites.plain(need.power_mw),
            "need": list(need.infra), "region": need.region}


def catalogue_body(session: Session, zq: ZoneQuery, offset: int = 0, limit: int = 1000,
                   full: bool = False) -> dict:
    """The catalogue's selection; ``full``: each zone also with its sources (the API's list)."""
    from orken.registry.others import zone_state

    found = catalogue(session, zq)
    chunk, next_offset = page(found, offset, limit)
    counted = participants(session, [z.id for z in chunk])
    items = [{**zone_state(session, z), **zone_item(z, counted)} if full else zone_item(z, counted) for z in chunk]
    for item in items if full else ():
        item.pop("boundary", None)
    return {"items": items, "total": len(found), "next": str(next_offset) if next_offset is not None else None,
            "filters": zq.echo()}


def match_body(session: Session, need: sites.Need, limit: int = 50) -> dict:
    ranked = match(session, need)[:limit] if not need.is_empty() else []
    counted = participants(session, [z.id for z, _ in ranked])
    return {"need": need_dict(need), "total": len(ranked),
            "items": [{"zone": zone_item(z, counted), **m.as_dict()} for z, m in ranked]}
