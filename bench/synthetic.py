"""A realistic synthetic registry for benchmarks: N projects spread over the 224 districts.

Figures are random draws shaped like the Industrialization Map (most projects in manufacturing,
log-normal investment, a few giants), clearly marked ``is_sample`` and external ids ``synthetic-*``.
Rows go in with bulk inserts (``COPY`` on PostgreSQL), not through the registry services, so that
100,000 projects load in seconds; the services are what the benchmarks measure. Amounts are written
as raw tiyn, bypassing the ORM's money type.

``database()`` gives a benchmark its database: the URL given, or for ``postgresql`` with no URL a
throw-away server (``tests/pgserver.py``), kept running with ``keep=True`` so that the next run can
reuse the generated data with ``--database URL``.

    python bench/synthetic.py --projects 100000 --database sqlite:////tmp/orken-bench.db
    python bench/synthetic.py --projects 100000 --engine postgresql --keep   # prints the URL to reuse
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from shapely.prepared import prep
from shapely.geometry import Point
from sqlalchemy import Table, func, select
from sqlalchemy.engine import Engine

from orken.db import migrate
from orken.db.engine import make_engine
from orken.auth.guard import system_session
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


def bulk_insert(engine: Engine, table: str | Table, columns: list[str], rows: Iterable[tuple],
                batch: int = 20_000) -> int:
    """Insert raw rows (tuples in ``columns`` order, no type processing): ``COPY`` on PostgreSQL,
    executemany in big batches elsewhere. Returns the number of rows."""
    name = table if isinstance(table, str) else table.name
    n = 0
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cur, cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
            raw.commit()
        finally:
            raw.close()
        return n
    sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(tuple(map(_sqlite_value, row)))
            if len(chunk) >= batch:
                cur.executemany(sql, chunk)
                n += len(chunk)
                chunk = []
        if chunk:
            cur.executemany(sql, chunk)
            n += len(chunk)
        raw.commit()
    finally:
        raw.close()
    return n


def _sqlite_value(value):
    """Dates and times as SQLAlchemy stores them on SQLite (text), booleans as 0/1."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


PROJECT_COLUMNS = [
    "external_id", "name_ru", "region_kato", "district_kato", "lat", "lon", "oked_code", "oked_division",
    "oked_section", "map_level", "status", "project_type", "investment_planned", "investment_planned_currency",
    "investment_planned_kzt", "investment_actual", "investment_actual_currency", "investment_actual_kzt",
    "jobs_permanent_planned", "jobs_construction_planned", "jobs_permanent_actual", "launch_planned",
    "launch_actual", "year", "sort_name", "search_text", "is_sample", "version", "created_at", "updated_at",
]


def _project_rows(rng: random.Random, places, divisions, start: int) -> Iterator[tuple]:
    manufacturing = [d for d in divisions if d[1] == "C"]
    statuses, status_weights = zip(*STATUSES)
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    for i, (region, district, lat, lon) in enumerate(places):
        n = start + i + 1
        division, section = rng.choice(manufacturing) if rng.random() < 0.75 else rng.choice(divisions)
        status = rng.choices(statuses, status_weights)[0]
        year = rng.randint(2010, 2030)
        launch = date(year, rng.randint(1, 12), 1)
        investment = int(rng.lognormvariate(21.5, 1.6))  # median ~2 bn tenge
        jobs = max(5, int(rng.lognormvariate(4.2, 1.0)))
        launched = status in ("launched", "at_design_capacity")
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(PRODUCTS)} №{n}"
        planned = to_tiyn(investment)
        actual = to_tiyn(int(investment * rng.uniform(0.6, 1.1))) if launched else None
        yield (f"synthetic-{n}", name, region, district, lat, lon, division, division, section,
               "republican" if investment > 20_000_000_000 else "regional", status,
               rng.choice(["new", "new", "new", "expansion", "modernisation"]),
               planned, "KZT", planned, actual, "KZT", actual,
               jobs, jobs * 2, int(jobs * rng.uniform(0.5, 1.2)) if launched else None,
               launch, launch if launched else None, year, name.casefold(), name.casefold(), True, 1, now, now)


def generate(engine: Engine, projects: int, seed: int = 20261122) -> int:
    """Add ``projects`` synthetic projects (reference data must be loaded), each in one programme."""
    rng = random.Random(seed)
    with system_session(engine, "bench") as session:
        divisions = list(session.execute(select(Sector.code, Sector.parent_code).where(Sector.level == "division")))
        start = session.scalar(select(func.count()).select_from(Project)) or 0
        last_id = session.scalar(select(func.max(Project.id))) or 0
    places = _points(rng, projects)
    bulk_insert(engine, Project.__table__, PROJECT_COLUMNS, _project_rows(rng, places, divisions, start))
    with engine.connect() as conn:
        ids = conn.execute(select(Project.id).where(Project.id > last_id).order_by(Project.id)).scalars().all()
    bulk_insert(engine, ProjectProgramme.__table__, ["project_id", "programme_code"],
                ((pid, rng.choice(PROGRAMMES)) for pid in ids))
    return projects


def prepare(url: str, projects: int) -> Engine:
    """A migrated database with reference data and exactly ``projects`` synthetic projects."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with system_session(engine, "bench") as session:
        load_reference(session)
        have = session.scalar(select(func.count()).select_from(Project))
    if have < projects:
        generate(engine, projects - have)
        analyze(engine)
    return engine


def analyze(engine: Engine) -> None:
    """Fresh planner statistics after a bulk load (as autovacuum or an operator would give them)."""
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


@contextmanager
def database(engine_name: str = "sqlite", url: str | None = None, keep: bool = False) -> Iterator[str]:
    """The URL of the benchmark database: ``url`` if given; else a file under /tmp for SQLite, or a
    throw-away PostgreSQL server (stopped afterwards unless ``keep``)."""
    if url:
        yield url
        return
    if engine_name == "sqlite":
        yield "sqlite:////tmp/orken-bench.db"
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pgserver import PostgresServer

    server = PostgresServer()
    started = server.start()
    try:
        yield started
    finally:
        if keep:
            print(f"PostgreSQL kept running at {started} (data in {server.root}); reuse it with --database {started}")
        else:
            server.stop()


def engine_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database", help="a database URL (default: /tmp/orken-bench.db, or a throw-away "
                                               "PostgreSQL server with --engine postgresql)")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--keep", action="store_true", help="leave the throw-away PostgreSQL server running")
    args = parser.parse_args()
    with database(args.engine, args.database, args.keep) as url:
        t = time.perf_counter()
        prepare(url, args.projects)
        print(f"{args.projects} projects ready in {time.perf_counter() - t:.1f} s at {url}")
