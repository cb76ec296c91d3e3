"""GeoJSON export: projects as points with their summary properties (RFC 7946, WGS 84)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit
from orken.io import project_rows
from orken.reference.geo import ATTRIBUTION
from orken.registry.query import ProjectFilter

PROPERTIES = ("id", "external_id", "name", "status", "region_kato", "district_kato", "oked", "sector", "map_level",
              "year", "investment_planned_kzt", "investment_actual_kzt", "jobs_permanent_planned",
              "jobs_permanent_actual", "zone_id", "is_sample")


def features(session: Session, f: ProjectFilter | None = None, internal: bool = False) -> Iterator[dict]:
    """Projects without coordinates sit at their district's (else region's) centre, marked approximate.
    One feature at a time: the projects are read in chunks of plain rows (``project_rows.GEOJSON``)."""
    centres = {kato: (lat, lon) for kato, lat, lon in session.execute(select(AdminUnit.kato, AdminUnit.lat,
                                                                             AdminUnit.lon))}
    for d in project_rows.records(session, f, project_rows.GEOJSON, internal):
        approximate = d.get("lat") is None
        lat, lon = (d["lat"], d["lon"]) if not approximate else centres.get(
            d.get("district_kato"), centres.get(d["region_kato"], (None, None)))
        props = {k: d.get(k) for k in PROPERTIES}
        props["approximate"] = approximate
        yield {"type": "Feature", "id": d["id"],
               "geometry": {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None,
               "properties": props}


def feature_collection(session: Session, f: ProjectFilter | None = None, internal: bool = False) -> dict:
    return {"type": "FeatureCollection", "features": list(features(session, f, internal)), "attribution": ATTRIBUTION}


def write_geojson(session: Session, out: Path, f: ProjectFilter | None = None, internal: bool = False) -> int:
    """The FeatureCollection written feature by feature: memory stays bounded at any size."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "attribution": ' + json.dumps(ATTRIBUTION, ensure_ascii=False)
                 + ', "features": [')
        for feature in features(session, f, internal):
            fh.write(("," if n else "") + "\n" + json.dumps(feature, ensure_ascii=False))
            n += 1
        fh.write("\n]}\n")
    return n
