"""A realistic synthetic registry for benchmarks: N projects spread over the 224 districts.

Figures are random draws shaped like the Industrialization Map (most projects in manufacturing,
log-normal investment, a few giants), clearly marked ``is_sample`` and external ids ``synthetic-*``.
Rows go in with bulk inserts, not through the registry services, so that 100,000 projects load in
seconds; the services are what the benchmarks measure.

    python bench/synthetic.py --projects 100000 --database sqlite:////tmp/orken-bench.db
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date

from shapely.prepared import prep
from shapely.geometry import Point
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from orken.db import migrate
from orken.db.engine import make_engine, session_scope
from orken.db.models import Project, ProjectProgramme, Sector
from orken.domain.money import to_tiyn
from orken.reference import geo
from orken.reference.loader import load_reference

STATUSES = [("planned", 30), ("under_construction", 25), ("launched", 30), ("at_design_capacity", 8),
            ("suspended", 4), ("restoring", 1), ("cancelled", 2)]
PROGRAMMES = ["gpiir-2010-2014", "gpiir-2015-2019", "gpiir-2020-2025", "business-roadmap", "regional-investment-pool"]
WORDS = ["завод", "фабрика", "цех", "комплекс", "производство", "кластер"]
PRODUCTS = ["цемента", "стекла", "труб", "кабеля", "удобрений", "молока", "мяса", "муки", "ферросплавов",
            "автомобилей", "мебели", "текстиля", "лекарств", "полипропилена", "сахара", "кирпича"]


def _points(rng: random.Random, count: int) -> list[tuple[str, str, float, float]]:
    districts = [u for u in geo.units().values() if u.level == 2]
    weights = [1 + 20 * (u.kind in ("city", "city_district")) for u in districts]
    prepared = {u.kato: (prep(u.geometry), u.geometry.bounds) for u in districts}
    result = []
    for unit in rng.choices(districts, weights=weights, k=count):
        shape, (minx, miny, maxx, maxy) = prepared[unit.kato]
        for _ in range(50):
            lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if shape.contains(Point(lon, lat)):
                break
        else:
            point = unit.geometry.representative_point()
            lon, lat = point.x, point.y
        result.append((unit.parent, unit.kato, round(lat, 5), round(lon, 5)))
    return result


def generate(engine: Engine, projects: int, seed: int = 20261122, batch: int = 5000) -> int:
    """Add ``projects`` synthetic projects (reference data must be loaded)."""
    rng = random.Random(seed)
    with session_scope(engine) as session:
        divisions = list(session.execute(select(Sector.code, Sector.parent_code).where(Sector.level == "division")))
        start = session.scalar(select(func.count()).select_from(Project)) or 0
    manufacturing = [d for d in divisions if d[1] == "C"]
    places = _points(rng, projects)
    statuses, status_weights = zip(*STATUSES)
    now = date(2026, 11, 22)
    with engine.begin() as conn:
        for offset in range(0, projects, batch):
            rows, links = [], []
            for i in range(offset, min(offset + batch, projects)):
                n = start + i + 1
                region, district, lat, lon = places[i]
                division, section = rng.choice(manufacturing) if rng.random() < 0.75 else rng.choice(divisions)
                status = rng.choices(statuses, status_weights)[0]
                year = rng.randint(2010, 2030)
                launch = date(year, rng.randint(1, 12), 1)
                investment = int(rng.lognormvariate(21.5, 1.6))  # median ~2 bn tenge
                jobs = max(5, int(rng.lognormvariate(4.2, 1.0)))
                launched = status in ("launched", "at_design_capacity")
                name = f"{rng.choice(WORDS).capitalize()} {rng.choice(PRODUCTS)} №{n}"
                rows.append({
                    "external_id": f"synthetic-{n}", "name_ru": name, "name_kk": None, "name_en": None,
                    "region_kato": region, "district_kato": district, "lat": lat, "lon": lon,
                    "oked_code": division, "oked_division": division, "oked_section": section,
                    "map_level": "republican" if investment > 20_000_000_000 else "regional", "status": status,
                    "project_type": rng.choice(["new", "new", "new", "expansion", "modernisation"]),
                    "investment_planned": to_tiyn(investment), "investment_planned_currency": "KZT",
                    "investment_planned_kzt": to_tiyn(investment),
                    "investment_actual": to_tiyn(int(investment * rng.uniform(0.6, 1.1))) if launched else None,
                    "investment_actual_currency": "KZT",
                    "investment_actual_kzt": to_tiyn(int(investment * rng.uniform(0.6, 1.1))) if launched else None,
                    "jobs_permanent_planned": jobs, "jobs_construction_planned": jobs * 2,
                    "jobs_permanent_actual": int(jobs * rng.uniform(0.5, 1.2)) if launched else None,
                    "launch_planned": launch, "launch_actual": launch if launched else None, "year": year,
                    "sort_name": name.casefold(), "search_text": name.casefold(), "is_sample": True, "version": 1,
                    "created_at": now, "updated_at": now,
                })
            ids = conn.execute(insert(Project).returning(Project.id), rows).scalars().all()
            for pid in ids:
                links.append({"project_id": pid, "programme_code": rng.choice(PROGRAMMES)})
            conn.execute(insert(ProjectProgramme), links)
    return projects


def prepare(url: str, projects: int) -> Engine:
    """A migrated database with reference data and exactly ``projects`` synthetic projects."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        load_reference(session)
        have = session.scalar(select(func.count()).select_from(Project))
    if have < projects:
        generate(engine, projects - have)
    return engine


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite:////tmp/orken-bench.db")
    args = parser.parse_args()
    t = time.perf_counter()
    prepare(args.database, args.projects)
    print(f"{args.projects} projects ready in {time.perf_counter() - t:.1f} s at {args.database}")
