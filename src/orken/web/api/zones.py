"""/api/v1/zones: the catalogue's filters (shared with the /zones page) and the site matcher."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from orken.domain import sites
from orken.registry import zones as catalogue
from orken.web.deps import get_session, split
from orken.web.responses import json_response

router = APIRouter(prefix="/api/v1")
Area = Query(None, ge=0, lt=10**9)


async def zone_query(
    region: list[str] | None = Query(None, description="region or district KATO codes"),
    kind: list[str] | None = Query(None, description="sez, industrial_zone, small_industrial_zone, industrial_park, technopark"),
    q: str | None = Query(None, max_length=200, description="text in the names and specialisation"),
    free_area: str | None = Query(None, max_length=20, description="free land of at least this many ha"),
    area: str | None = Query(None, max_length=20, description="a zone of at least this many ha"),
    has: list[str] | None = Query(None, description=f"infrastructure available, all of: {', '.join(sites.INFRA_KINDS)}"),
    has_planned: list[str] | None = Query(None, description="infrastructure available, under construction or planned"),
    power_mw: str | None = Query(None, max_length=20, description="power of at least this many MW"),
    sector: list[str] | None = Query(None, description="OKED sections or divisions the specialisation names (any)"),
    incentive: list[str] | None = Query(None, description="incentives, all of: " + ", ".join(
        (*sites.REGIME_INCENTIVES, *sites.INCENTIVES))),
    participants: str | None = Query(None, max_length=9, description="at least this many participants (reported)"),
    sort: str = Query("name", description=f"{', '.join(sites.SORTS)}; '-' prefix for descending"),
) -> catalogue.ZoneQuery:
    f = catalogue.parse_filter(free_area=number("free_area", free_area), area=number("area", area),
                               has=split(has), has_planned=split(has_planned),
                               power_mw=number("power_mw", power_mw), sector=split(sector), incentive=split(incentive),
                               participants=number("participants", participants, whole=True))
    return catalogue.ZoneQuery(region=split(region), kind=split(kind), q=q or None, filter=f, sort=sort)


async def need_query(
    sector: str | None = Query(None, max_length=10, description="the investor's OKED section or division"),
    land: str | None = Query(None, max_length=20, description="land needed, ha"),
    power: str | None = Query(None, max_length=20, description="power needed, MW"),
    need: list[str] | None = Query(None, description=f"infrastructure needed: {', '.join(sites.INFRA_KINDS)}"),
    region: str | None = Query(None, pattern=r"^(\d{9})?$", description="only zones of this region (KATO)"),
) -> sites.Need:
    return catalogue.parse_need(sector=sector, land=number("land", land), power=number("power", power),
                                infra=split(need), region=region)


def number(name: str, value: str | None, whole: bool = False):
    """A non-negative number of a query (an empty form field is no value); else 422 on the field."""
    from decimal import InvalidOperation

    from orken.errors import InvalidInput

    if value is None or not value.strip():
        return None
    try:
        d = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        d = None
    if d is None or not d.is_finite() or d < 0 or d >= 10**9 or (whole and d != d.to_integral_value()):
        raise InvalidInput.one(name, f"{name} must be a {'whole ' if whole else ''}number from 0 below 10^9")
    return int(d) if whole else d


class Infrastructure(BaseModel):
    kind: str
    state: str
    note: str | None = None
    capacity_mw: str | None = None
    year: int | None = None


class ZoneItem(BaseModel):
    id: int
    external_id: str | None = None
    kind: str
    name: dict[str, str | None]
    region_kato: str
    district_kato: str | None = None
    area_ha: str | None = None
    free_area_ha: str | None = None
    infrastructure: list[Infrastructure]
    specialisation: list[str]
    specialisation_oked: list[str]
    incentives: list[str]
    regime: str | None = None
    participants_count: int | None = None
    participants_in_registry: int
    management_company: dict | None = None
    management_contact: str | None = None
    established_year: int | None = None
    valid_until_year: int | None = None
    as_of: str | None = None


class ZoneList(BaseModel):
    items: list[ZoneItem]
    total: int
    next: str | None = None
    filters: dict


class Reason(BaseModel):
    need: str
    verdict: str
    state: str | None = None
    year: int | None = None
    have: str | None = None
    need_value: str | None = None
    detail: str | None = None


class MatchItem(BaseModel):
    zone: ZoneItem
    score: str
    fits: list[Reason]
    missing: list[Reason]


class MatchList(BaseModel):
    need: dict
    items: list[MatchItem]
    total: int


@router.get("/zones/match", tags=["zones"], responses={200: {"model": MatchList}})
def match_zones(need: sites.Need = Depends(need_query), limit: int = Query(50, ge=1, le=1000),
                session: Session = Depends(get_session)):
    """Zones ranked for an investor's need (sector, land, power, infrastructure, region), each with
    what fits and what is missing (planned infrastructure counts as planned; unknown is not absent)."""
    return json_response(catalogue.match_body(session, need, limit))
