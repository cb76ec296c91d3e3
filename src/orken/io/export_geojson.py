"""GeoJSON export: projects as points with their summary properties (RFC 7946, WGS 84)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit
from orken.io import selection
from orken.reference.geo import ATTRIBUTION
from orken.registry.query import ProjectFilter

PROPERTIES = ("id", "external_id", "name", "status", "region_kato", "district_kato", "oked", "sector", "map_level",
              "year", "investment_planned_kzt", "investment_actual_kzt", "jobs_permanent_planned",
              "jobs_permanent_actual", "zone_id", "is_sample")


def feature_collection(session: Session, f: ProjectFilter | None = None, internal: bool = False) -> dict:
    """Projects without coordinates sit at their district's (else region's) centre, marked approximate."""
    centres = {kato: (lat, lon) for kato, lat, lon in session.execute(select(AdminUnit.kato, AdminUnit.lat,
                                                                             AdminUnit.lon))}
    features = []
    for d in selection.projects(session, f, internal):
        approximate = d.get("lat") is None
        lat, lon = (d["lat"], d["lon"]) if not approximate else centres.get(
            d.get("district_kato"), centres.get(d["region_kato"], (None, None)))
        props = {k: d.get(k) for k in PROPERTIES}
        props["approximate"] = approximate
        features.append({"type": "Feature", "id": d["id"],
                         "geometry": {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None,
                         "properties": props})
    return {"type": "FeatureCollection", "features": features, "attribution": ATTRIBUTION}


def write_geojson(session: Session, out: Path, f: ProjectFilter | None = None, internal: bool = False) -> int:
    data = feature_collection(session, f, internal)
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return len(data["features"])
