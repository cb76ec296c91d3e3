"""/api/v1/geo/clusters: project points grouped on a grid in SQL, for the map at any zoom.

The country view of a 100,000-project registry is a few hundred grid cells, not 100,000 GeoJSON
features. A cell is about 64 screen pixels wide at the requested zoom; each cell answers its
average position, its count per status and, when it holds one project, that project's id. A project
without coordinates sits at its district's (else region's) centre, as in projects.geojson.

The answer is compact arrays: ``{"statuses": [...], "clusters": [[lat, lon, count, id_or_null,
[count per status], name?], ...], "total": N}`` (the name of a single project when ``lang`` is given).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Float, Integer, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from orken import i18n
from orken.db.models import AdminUnit, Project
from orken.domain.lifecycle import Status
from orken.errors import InvalidInput
from orken.registry.query import ProjectFilter
from orken.tasks.models import Task
from orken.web import cache
from orken.web.deps import get_session, project_filter
from orken.web.api import outputs as O

router = APIRouter(prefix="/api/v1")
STATUSES = [s.value for s in Status]


def cell_degrees(zoom: int) -> float:
    """Degrees of longitude spanned by 64 pixels at a web-mercator zoom level."""
    return 360.0 / (2**zoom) / 4


def _floor(expr, dialect: str):
    # lon + 180 and lat + 90 are positive, so truncation is floor; PostgreSQL's cast rounds, use floor()
    return cast(func.floor(expr), Integer) if dialect == "postgresql" else cast(expr, Integer)


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if not bbox:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
    except ValueError:
        raise InvalidInput.one("bbox", "bbox is west,south,east,north in degrees") from None
    return west, south, east, north


def clusters(session: Session, f: ProjectFilter, zoom: int, bbox=None, lang: str | None = None) -> dict:
    dialect = session.get_bind().dialect.name
    size = cell_degrees(zoom)
    cells: dict[tuple[int, int], dict] = {}
    # two passes: projects with coordinates (no joins: the common case), then the rest at their
    # district's (else region's) centre
    district, region = aliased(AdminUnit), aliased(AdminUnit)
    placed = (Project.lat, Project.lon, None)
    centred = (func.coalesce(district.lat, region.lat), func.coalesce(district.lon, region.lon), Project.lat.is_(None))
    for lat, lon, missing in (placed, centred):
        gx = _floor((cast(lon, Float) + 180.0) / size, dialect).label("gx")
        gy = _floor((cast(lat, Float) + 90.0) / size, dialect).label("gy")
        stmt = select(gx, gy, Project.status, func.count().label("n"), func.avg(lat).label("lat"),
                      func.avg(lon).label("lon"), func.min(Project.id).label("first"),
                      func.count(Task.open_project_id).label("uncertain")).select_from(Project) \
            .outerjoin(Task, Task.open_project_id == Project.id)  # an open task of a quiet project (orken.tasks)
        if missing is None:
            stmt = stmt.where(Project.lat.is_not(None), Project.lon.is_not(None))
        else:
            stmt = (stmt.outerjoin(district, district.kato == Project.district_kato)
                    .outerjoin(region, region.kato == Project.region_kato).where(or_(missing, Project.lon.is_(None))))
        stmt = f.apply(stmt)
        if bbox:
            west, south, east, north = bbox
            stmt = stmt.where(lon >= west, lon <= east, lat >= south, lat <= north)
        for r in session.execute(stmt.group_by(gx, gy, Project.status)):
            if r.lat is None:
                continue
            c = cells.setdefault((r.gx, r.gy), {"n": 0, "lat": 0.0, "lon": 0.0, "first": r.first,
                                                 "by": [0] * len(STATUSES), "approx": 0, "uncertain": 0})
            if missing is not None:  # placed at its district's or region's centre
                c["approx"] += r.n
            c["lat"] += float(r.lat) * r.n
            c["lon"] += float(r.lon) * r.n
            c["n"] += r.n
            c["uncertain"] += r.uncertain or 0
            c["first"] = min(c["first"], r.first)
            if r.status in STATUSES:
                c["by"][STATUSES.index(r.status)] += r.n
    ordered = sorted(cells.values(), key=lambda c: -c["n"])
    out = [[round(c["lat"] / c["n"], 4), round(c["lon"] / c["n"], 4), c["n"], c["first"] if c["n"] == 1 else None,
            c["by"]] for c in ordered]
    approximate = [c["approx"] for c in ordered]
    singles = [c[3] for c in out if c[3] is not None]
    if lang in i18n.LANGS and singles and len(singles) <= 2000:
        order = i18n.ORDER[lang]
        rows = list(session.execute(select(Project.id, Project.name_kk, Project.name_ru, Project.name_en)
                                    .where(Project.id.in_(singles))))
        found = {r[0]: i18n.in_script(lang, next((n for n in (dict(zip(("kk", "ru", "en"), r[1:])).get(code) for code in order)
                                                   if n), ""))
                 for r in rows}
        precision = dict(session.execute(select(Project.id, Project.location_precision)
                                         .where(Project.id.in_(singles))).all())
        for c in out:
            if c[3] is not None:
                c.append(found.get(c[3], ""))
    else:
        precision = {}
    # beside the clusters (same order): how many of each cluster's projects sit at a district's or
    # region's centre, and each single project's location precision (point/settlement/district/region)
    return {"zoom": zoom, "cell": size, "statuses": STATUSES, "clusters": out, "total": sum(c[2] for c in out),
            "approximate": approximate,
            # how many of each cluster's projects have a status not confirmed for a long time (an open task
            # of a quiet project; public: the flag, never who is asked)
            "uncertain": [c["uncertain"] for c in ordered],
            "precision": [precision.get(c[3]) if c[3] is not None else None for c in out]}


@router.get("/geo/clusters", tags=["geo"], responses={200: {"model": O.Clusters}})
def get_clusters(f: ProjectFilter = Depends(project_filter), zoom: int = Query(5, ge=0, le=18),
                 bbox: str | None = Query(None, description="west,south,east,north"),
                 lang: str | None = Query(None, pattern="^(kk|ru|en|kk-Latn)$", description="add names of single projects"),
                 session: Session = Depends(get_session)):
    """Projects of the selection grouped on a grid that fits the zoom level (compact arrays)."""
    box = parse_bbox(bbox)
    # the sweep of quiet projects changes the "uncertain" flags without a registry write: its state is in the key
    tasks = tuple(session.execute(select(func.count(Task.open_project_id), func.max(Task.id),
                                         func.max(Task.closed_at))).one())
    return cache.cached(session, f, ("clusters", zoom, box, lang, tasks),
                        lambda: clusters(session, f, zoom, box, lang))
