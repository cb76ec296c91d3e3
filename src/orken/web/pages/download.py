"""CSV, XLSX and GeoJSON of a project selection, read page by page through the registry's query layer.

Deliberately small: one row per project, the summary fields of ``project_summary``. (The full
import/export module of issue 6 replaces it when it lands.)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy.orm import Session

from orken.registry import query
from orken.registry.query import ProjectFilter
from orken.registry.serialize import project_summary

COLUMNS = ["id", "external_id", "name_kk", "name_ru", "name_en", "status", "region_kato", "district_kato", "oked",
           "sector", "map_level", "year", "investment_planned_kzt", "investment_actual_kzt",
           "jobs_permanent_planned", "jobs_permanent_actual", "lat", "lon", "zone_id", "is_sample"]
MAX_ROWS = 200_000


def rows(session: Session, f: ProjectFilter) -> Iterator[dict]:
    cursor, done = None, 0
    while True:
        items, _, cursor = query.page(session, f, "id", cursor, 1000)
        for p in items:
            d = project_summary(p)
            for lang, text in d.pop("name").items():
                d[f"name_{lang}"] = text
            yield d
            done += 1
        session.expunge_all()
        if cursor is None or done >= MAX_ROWS:
            return


def to_csv(session: Session, f: ProjectFilter) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for r in rows(session, f):
        writer.writerow(r)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens Cyrillic CSV correctly


def to_xlsx(session: Session, f: ProjectFilter) -> bytes:
    from decimal import Decimal

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("projects")
    ws.append(COLUMNS)
    for r in rows(session, f):
        line = []
        for c in COLUMNS:
            v = r.get(c)
            line.append(Decimal(v) if c.startswith("investment") and v is not None else v)
        ws.append(line)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_geojson(session: Session, f: ProjectFilter) -> bytes:
    features = []
    for r in rows(session, f):
        lat, lon = r.pop("lat"), r.pop("lon")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "id": r["id"], "geometry": geometry, "properties": r})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "geojson": (to_geojson, "application/geo+json"),
}
