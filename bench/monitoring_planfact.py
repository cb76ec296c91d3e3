"""Benchmark: plan-vs-fact roll-up by region x sector x year over N monitoring reports.

On top of the synthetic registry (``synthetic.py``), every project gets approved quarterly reports
(bulk inserts, raw tiyn) until ``--reports`` exist. Then the roll-up is timed two ways on the same
database: the service (``orken.monitoring.figures.plan_fact`` with ``group_by=region,sector`` for
each report year, as the API runs it) and the equivalent hand-written SQL (the same four
aggregations, written once with GROUP BY region, sector, year). Prints medians and the ratio.

    python bench/monitoring_planfact.py [--reports 2000000] [--projects 100000] [--database URL] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import column, func, insert, select, table, text

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import prepare  # noqa: E402
from timing import timed  # noqa: E402

from orken.auth.policy import Grant, Principal  # noqa: E402
from orken.db.engine import session_scope  # noqa: E402
from orken.monitoring import figures, periods  # noqa: E402
from orken.monitoring.models import Report  # noqa: E402
from orken.monitoring.scope import Scope  # noqa: E402

FIRST_YEAR = 2021
REPORTS = table("monitoring_reports", *(column(c) for c in (
    "project_id", "year", "quarter", "revision", "state", "current", "due", "investment_period_kzt",
    "investment_to_date_kzt", "jobs_permanent", "jobs_temporary", "output_value_kzt", "capacity_utilisation",
    "is_public", "version", "created_by", "created_at", "updated_at")))

HAND_SQL = {
    "planned": """SELECT p.region_kato, p.oked_section, CAST(strftime('%Y', p.launch_planned) AS INTEGER) AS y,
        count(p.id), sum(p.investment_planned_kzt), sum(p.jobs_permanent_planned)
        FROM projects p WHERE p.launch_planned >= :start AND p.launch_planned <= :end GROUP BY 1, 2, 3""",
    "launched": """SELECT p.region_kato, p.oked_section, CAST(strftime('%Y', p.launch_actual) AS INTEGER) AS y, count(p.id)
        FROM projects p WHERE p.launch_actual >= :start AND p.launch_actual <= :end GROUP BY 1, 2, 3""",
    "flows": """SELECT p.region_kato, p.oked_section, r.year, sum(r.investment_period_kzt), sum(r.output_value_kzt)
        FROM monitoring_reports r JOIN projects p ON p.id = r.project_id
        WHERE r."current" AND r.year BETWEEN :y0 AND :y1 GROUP BY 1, 2, 3""",
    "stocks": """SELECT p.region_kato, p.oked_section, r.year, sum(r.jobs_permanent)
        FROM monitoring_reports r
        JOIN (SELECT project_id, year, max(quarter) AS q FROM monitoring_reports
              WHERE "current" AND year BETWEEN :y0 AND :y1 GROUP BY project_id, year) l
          ON l.project_id = r.project_id AND l.year = r.year AND l.q = r.quarter
        JOIN projects p ON p.id = r.project_id WHERE r."current" GROUP BY 1, 2, 3""",
}


def generate(engine, reports: int, seed: int = 4, batch: int = 20000) -> None:
    with session_scope(engine) as session:
        have = session.scalar(select(func.count()).select_from(Report)) or 0
        project_ids = list(session.scalars(text("SELECT id FROM projects ORDER BY id")))
    if have >= reports:
        return
    rng = random.Random(seed)
    quarters = -(-reports // len(project_ids))  # per project
    rows, made, t = [], have, time.perf_counter()
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    with engine.begin() as conn:
        for q in range(quarters):
            year, quarter = periods.from_index(periods.index(FIRST_YEAR, 1) + q)
            due = periods.deadline(year, quarter)
            for pid in project_ids:
                if made >= reports:
                    break
                spent = rng.randint(0, 500_000_000) * 100
                jobs = rng.randint(5, 400)
                rows.append({"project_id": pid, "year": year, "quarter": quarter, "revision": 1, "state": "approved",
                             "current": True, "due": due, "investment_period_kzt": spent,
                             "investment_to_date_kzt": spent * (q + 1), "jobs_permanent": jobs,
                             "jobs_temporary": jobs * 2, "output_value_kzt": rng.randint(0, 10**9) * 100,
                             "capacity_utilisation": str(rng.randint(10, 100)), "is_public": False, "version": 1,
                             "created_by": "bench", "created_at": now, "updated_at": now})
                made += 1
                if len(rows) >= batch:
                    conn.execute(insert(REPORTS), rows)
                    rows = []
        if rows:
            conn.execute(insert(REPORTS), rows)
    print(f"generated {made - have} reports in {time.perf_counter() - t:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2_000_000)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite:////tmp/orken-bench-monitoring.db")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    t = time.perf_counter()
    engine = prepare(args.database, args.projects)
    generate(engine, args.reports)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
        n = conn.scalar(text("SELECT count(*) FROM monitoring_reports"))
        y0, y1 = conn.execute(text("SELECT min(year), max(year) FROM monitoring_reports")).one()
    print(f"{n} reports over {args.projects} projects, {y0}-{y1}, ready in {time.perf_counter() - t:.0f} s "
          f"({engine.dialect.name})")
    admin = Principal(user_id=0, username="bench", grants=(Grant("administrator"),))

    def service_cube():
        with session_scope(engine) as session:
            return [figures.plan_fact(session, admin, Scope(), year, "region,sector") for year in range(y0, y1 + 1)]

    sql = dict(HAND_SQL)
    if engine.dialect.name == "postgresql":
        for name in ("planned", "launched"):
            sql[name] = sql[name].replace("CAST(strftime('%Y', p.launch_planned) AS INTEGER)",
                                          "extract(year from p.launch_planned)").replace(
                "CAST(strftime('%Y', p.launch_actual) AS INTEGER)", "extract(year from p.launch_actual)")
    params = {"start": f"{y0}-01-01", "end": f"{y1}-12-31", "y0": y0, "y1": y1}

    def hand_cube():
        with engine.connect() as conn:
            return [conn.execute(text(q), params).all() for q in sql.values()]

    cells = sum(len(r["items"]) for r in service_cube())
    service_time = timed(service_cube, args.repeat)
    sql_time = timed(hand_cube, args.repeat)
    print(f"roll-up region x sector x year: {cells} cells")
    print(f"  service (plan_fact per year) median {service_time * 1000:.0f} ms")
    print(f"  hand-written SQL             median {sql_time * 1000:.0f} ms")
    print(f"  ratio service / SQL          {service_time / sql_time:.2f}")


if __name__ == "__main__":
    main()
