"""/api/v1 reference data (regions, sectors, programmes, rates), stats and GeoJSON."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from orken.db.models import AdminUnit, ExchangeRate, PrioritySector, Programme, Project, Sector
from orken.reference.geo import ATTRIBUTION
from orken.registry import query
from orken.registry.query import ProjectFilter
from orken.registry.serialize import names
from orken.web import cache, filecache
from orken.web.deps import get_session, project_filter
from orken.web.params import Day
from orken.web.responses import json_response
from orken.web.api import outputs as O

router = APIRouter(prefix="/api/v1")


def unit_dict(u: AdminUnit) -> dict:
    return {"kato": u.kato, "level": u.level, "parent": u.parent_kato, "kind": u.kind, "name": names(u),
            "valid_from": u.valid_from.isoformat() if u.valid_from else None,
            "valid_to": u.valid_to.isoformat() if u.valid_to else None, "lat": u.lat, "lon": u.lon}


@router.get("/regions", tags=["reference"], responses={200: {"model": O.RegionPage}})
def list_regions(level: int | None = Query(None, ge=1, le=2), parent: str | None = None,
                 session: Session = Depends(get_session)):
    stmt = select(AdminUnit).order_by(AdminUnit.kato)
    if level:
        stmt = stmt.where(AdminUnit.level == level)
    if parent:
        stmt = stmt.where(AdminUnit.parent_kato == parent)
    items = [unit_dict(u) for u in session.scalars(stmt)]
    return {"items": items, "total": len(items), "next": None, "attribution": ATTRIBUTION}


@router.get("/regions/locate", tags=["reference"], responses={200: {"model": O.Located}})
def locate_place(
    lat: float | None = Query(None, ge=-90, le=90), lon: float | None = Query(None, ge=-180, le=180),
    region: str | None = Query(None, pattern=r"^\d{9}$", description="region as named in the record"),
    on: Day = None,
    district: str | None = Query(None, pattern=r"^\d{9}$", description="today's district KATO, if known"),
):
    """Today's region and district for coordinates, or for a record that names a pre-2022 region."""
    from orken.domain.reform import map_to_current
    from orken.reference import geo
    from orken.errors import InvalidInput

    point = (lat, lon) if lat is not None and lon is not None else None
    if region:
        m = map_to_current(region, on, district=district, point=point, district_region=geo.district_region,
                           locate=geo.locate)
        return {"region": m.region, "district": m.district, "method": m.method, "ambiguous": m.ambiguous}
    if point is None:
        raise InvalidInput.one("lat", "give lat and lon, or a region (with a date) to map")
    found_region, found_district = geo.locate(*point)
    if found_region is None:
        raise InvalidInput.one("lat", "the point is outside Kazakhstan")
    return {"region": found_region, "district": found_district, "method": "coordinates", "ambiguous": False}


@router.get("/regions/{kato}", tags=["reference"], responses={200: {"model": O.AdminUnitOut}})
def get_region(kato: str, session: Session = Depends(get_session)):
    from orken.errors import NotFound

    unit = session.get(AdminUnit, kato)
    if unit is None:
        raise NotFound(f"there is no administrative unit {kato}")
    body = unit_dict(unit)
    body["children"] = [unit_dict(u) for u in session.scalars(
        select(AdminUnit).where(AdminUnit.parent_kato == kato).order_by(AdminUnit.kato))]
    return body


@router.get("/sectors", tags=["reference"], responses={200: {"model": O.SectorPage}})
def list_sectors(level: str | None = Query(None, pattern="^(section|division)$"), session: Session = Depends(get_session)):
    stmt = select(Sector).order_by(Sector.code)
    if level:
        stmt = stmt.where(Sector.level == level)
    items = [{"code": s.code, "level": s.level, "parent": s.parent_code, "name": names(s)} for s in session.scalars(stmt)]
    priority = [{"code": p.code, "name": names(p), "oked": p.oked, "programmes": p.programmes}
                for p in session.scalars(select(PrioritySector).order_by(PrioritySector.code))]
    return {"items": items, "total": len(items), "next": None, "priority": priority}


@router.get("/programmes", tags=["reference"], responses={200: {"model": O.Page}})
def list_programmes(session: Session = Depends(get_session)):
    items = [{"code": p.code, "kind": p.kind, "name": names(p), "start": p.start.isoformat() if p.start else None,
              "end": p.end.isoformat() if p.end else None, "note": p.note}
             for p in session.scalars(select(Programme).order_by(Programme.start, Programme.code))]
    return {"items": items, "total": len(items), "next": None}


@router.get("/rates", tags=["reference"], responses={200: {"model": O.Page}})
def list_rates(currency: str | None = None, on: Day = None, session: Session = Depends(get_session)):
    stmt = select(ExchangeRate).order_by(ExchangeRate.date, ExchangeRate.currency)
    if currency:
        stmt = stmt.where(ExchangeRate.currency == currency.upper())
    if on:
        stmt = stmt.where(ExchangeRate.date == on)
    items = [{"date": r.date.isoformat(), "currency": r.currency, "rate_kzt": format(r.rate_kzt, "f"),
              "source": r.source} for r in session.scalars(stmt)]
    return {"items": items, "total": len(items), "next": None}


@router.get("/stats", tags=["stats"], responses={200: {"model": O.Stats}})
def get_stats(group_by: str = Query("region", description=", ".join(query.STAT_GROUPS)),
              estimates: bool = Query(False, description="add estimates (flagged, beside the reported sums) for "
                                                         "projects without an investment or jobs figure"),
              f: ProjectFilter = Depends(project_filter), session: Session = Depends(get_session)):
    items = cache.stats(session, f, group_by)
    if estimates:
        from orken.stats.estimates import add_to_stats

        items = add_to_stats(session, f, group_by, [dict(r) for r in items])
    return json_response({"group_by": group_by, "items": items, "total": len(items), "next": None})


GEOJSON = "application/geo+json"


class GeoJSONResponse(JSONResponse):
    """Documents the geo endpoints as application/geo+json, which is what they answer."""

    media_type = GEOJSON


@router.get("/geo/regions.geojson", tags=["geo"], response_class=GeoJSONResponse)
def regions_geojson(level: int = Query(1, ge=1, le=2),
                    parent: str | None = Query(None, pattern=r"^\d{9}$", description="only the units of this region"),
                    session: Session = Depends(get_session)):
    stmt = select(AdminUnit).where(AdminUnit.level == level).order_by(AdminUnit.kato)
    if parent:
        stmt = stmt.where(AdminUnit.parent_kato == parent)
    units = session.scalars(stmt)
    features = [{"type": "Feature", "id": u.kato, "geometry": u.geometry,
                 "properties": {"kato": u.kato, "parent": u.parent_kato, "kind": u.kind, "name_kk": u.name_kk,
                                "name_ru": u.name_ru, "name_en": u.name_en}} for u in units]
    return JSONResponse({"type": "FeatureCollection", "features": features, "attribution": ATTRIBUTION},
                        media_type=GEOJSON)


@router.get("/geo/projects.geojson", tags=["geo"], response_class=GeoJSONResponse)
def projects_geojson(f: ProjectFilter = Depends(project_filter), limit: int = Query(10000, ge=1, le=200000),
                     session: Session = Depends(get_session)):
    """Projects as points; a project without coordinates sits at its district's or region's centre
    and is marked ``approximate``. Written feature by feature to a file, kept per registry
    generation (``orken.web.filecache``): the fields are public, so every reader gets the same file."""
    path, temporary = filecache.file_for(session, *_points_job(f, limit), public=f.scope is None)
    return FileResponse(path, media_type=GEOJSON,
                        background=BackgroundTask(lambda: path.unlink(missing_ok=True)) if temporary else None)


def _points_job(f: ProjectFilter, limit: int) -> filecache.Job:
    """The project points file: (what it answers, suffix, build(session, path))."""
    centre = AdminUnit.__table__.alias("centre")
    stmt = f.apply(
        select(Project.id, Project.name_kk, Project.name_ru, Project.name_en, Project.status, Project.lat,
               Project.lon, Project.district_kato, centre.c.lat, centre.c.lon)
        .join(centre, centre.c.kato == Project.region_kato)
    ).order_by(Project.id).limit(limit)

    def build(session: Session, path) -> None:
        district_centres = {kato: (lat, lon) for kato, lat, lon in session.execute(
            select(AdminUnit.kato, AdminUnit.lat, AdminUnit.lon).where(AdminUnit.level == 2))}
        with path.open("w", encoding="utf-8") as fh:
            fh.write('{"type": "FeatureCollection", "features": [')
            for n, r in enumerate(session.execute(stmt)):
                lat, lon, approximate = r[5], r[6], False
                if lat is None:
                    lat, lon = district_centres.get(r[7], (r[8], r[9]))
                    approximate = True
                fh.write(("," if n else "") + json.dumps(
                    {"type": "Feature", "id": r[0], "geometry": {"type": "Point", "coordinates": [lon, lat]},
                     "properties": {"id": r[0], "name_kk": r[1], "name_ru": r[2], "name_en": r[3], "status": r[4],
                                    "approximate": approximate}}, ensure_ascii=False))
            fh.write("]}")

    return ("projects.geojson", cache.filter_key(f), limit), ".geojson", build


@filecache.prebuilt
def _public_points():
    yield _points_job(ProjectFilter(), 10000)

