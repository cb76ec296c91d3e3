"""Benchmark: plan-vs-fact over N monitoring reports, the service against hand-written SQL.

On top of the synthetic registry (``synthetic.py``), every project gets approved quarterly reports
from 2021 on (``COPY`` on PostgreSQL, big executemany batches on SQLite; raw tiyn) until
``--reports`` exist: 100,000 projects x 8 quarters = 800,000 by default. Each case is timed two
ways on the same database, interleaved, medians: the API (``GET /api/v1/plan-fact`` through the
FastAPI stack, handed to the ASGI app as a server does (``asgi_call.py``), as an **administrator**
whose scope is everything, so that every approved report counts, as in the unscoped hand SQL) and the equivalent hand-written SQL (the
same four aggregations: projects planned and launched in the period, flows summed over the
quarters, the latest quarter's jobs).

    python bench/monitoring_planfact.py [--engine sqlite|postgresql] [--database URL] [--keep]
                                        [--reports 800000] [--projects 100000] [--repeat 5]

``run()`` returns one row per case for ``bench/compare.py``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).parent))
from asgi_call import InProcess  # noqa: E402
from registry_api import print_rows  # noqa: E402
from synthetic import analyze, bulk_insert, database, engine_of, prepare  # noqa: E402
from timing import compare, row  # noqa: E402

from orken.auth import service as auth  # noqa: E402
from orken.auth.policy import Grant  # noqa: E402
from orken.auth.guard import system_session  # noqa: E402
from orken.monitoring import periods  # noqa: E402
from orken.monitoring.models import Report  # noqa: E402
from orken.web.app import create_app  # noqa: E402

FIRST_YEAR = 2021
REPORT_COLUMNS = ["project_id", "year", "quarter", "revision", "state", "current", "due", "investment_period_kzt",
                  "investment_to_date_kzt", "jobs_permanent", "jobs_temporary", "output_value_kzt",
                  "capacity_utilisation", "is_public", "version", "created_by", "created_at", "updated_at"]

#: the hand SQL's per-year grouping on each engine
YEAR_OF = {"sqlite": "CAST(strftime('%Y', {}) AS INTEGER)", "postgresql": "CAST(extract(year from {}) AS INTEGER)"}


def hand_sql(engine_name: str, keys: list[str], by_year: bool) -> list[str]:
    """The four aggregations, grouped by ``keys`` (project columns) and, if ``by_year``, the year."""
    k = ", ".join(f"p.{c}" for c in keys)
    planned_year = YEAR_OF[engine_name].format("p.launch_planned")
    actual_year = YEAR_OF[engine_name].format("p.launch_actual")
    groups = ", ".join(str(i + 1) for i in range(len(keys) + by_year))
    return [q.replace("{k}", k).replace("{groups}", groups) for q in (
        f"""SELECT {{k}}{", " + planned_year if by_year else ""}, count(p.id), sum(p.investment_planned_kzt),
            sum(p.jobs_permanent_planned)
            FROM projects p WHERE p.launch_planned >= :start AND p.launch_planned <= :end {{where}} GROUP BY {{groups}}""",
        f"""SELECT {{k}}{", " + actual_year if by_year else ""}, count(p.id)
            FROM projects p WHERE p.launch_actual >= :start AND p.launch_actual <= :end {{where}} GROUP BY {{groups}}""",
        f"""SELECT {{k}}{", r.year" if by_year else ""}, sum(r.investment_period_kzt), sum(r.output_value_kzt)
            FROM monitoring_reports r JOIN projects p ON p.id = r.project_id
            WHERE r."current" AND r.year BETWEEN :y0 AND :y1 {{where}} GROUP BY {{groups}}""",
        f"""SELECT {{k}}{", r.year" if by_year else ""}, sum(r.jobs_permanent)
            FROM monitoring_reports r
            JOIN (SELECT project_id, year, max(quarter) AS q FROM monitoring_reports
                  WHERE "current" AND year BETWEEN :y0 AND :y1 GROUP BY project_id, year) l
              ON l.project_id = r.project_id AND l.year = r.year AND l.q = r.quarter
            JOIN projects p ON p.id = r.project_id WHERE r."current" {{where}} GROUP BY {{groups}}""")]


def generate(engine, reports: int, seed: int = 4) -> None:
    """Approved quarterly reports, quarter after quarter from 2021 Q1, until ``reports`` exist."""
    with system_session(engine, "bench") as session:
        have = session.scalar(select(func.count()).select_from(Report)) or 0
        project_ids = list(session.scalars(text("SELECT id FROM projects ORDER BY id")))
    if have >= reports:
        return
    if have:
        raise SystemExit(f"the database has {have} reports, fewer than {reports}: use a fresh one")
    rng = random.Random(seed)
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)

    def rows():
        made = 0
        for q in range(-(-reports // len(project_ids))):
            year, quarter = periods.from_index(periods.index(FIRST_YEAR, 1) + q)
            due = periods.deadline(year, quarter)
            for pid in project_ids:
                if made >= reports:
                    return
                spent = rng.randint(0, 500_000_000) * 100
                jobs = rng.randint(5, 400)
                yield (pid, year, quarter, 1, "approved", True, due, spent, spent * (q + 1), jobs, jobs * 2,
                       rng.randint(0, 10**9) * 100, str(rng.randint(10, 100)), False, 1, "bench", now, now)
                made += 1

    t = time.perf_counter()
    n = bulk_insert(engine, "monitoring_reports", REPORT_COLUMNS, rows())
    analyze(engine)
    print(f"generated {n} reports in {time.perf_counter() - t:.0f} s")


def admin_token(engine) -> str:
    """An API token of a benchmark administrator (made once per database)."""
    with system_session(engine, "bench") as session:
        try:
            user = auth.get_user(session, "bench-admin")
        except Exception:
            user = auth.add_user(session, "bench-admin", grants=[Grant("administrator")])
        return auth.create_token(session, user, "bench")


def run(database_url: str, projects: int = 100_000, repeat: int = 5, reports: int = 800_000,
        **_options) -> list[dict]:
    """Time each case (API as administrator vs hand-written SQL, interleaved, medians)."""
    engine = prepare(database_url, projects)
    generate(engine, reports)
    name = engine_of(database_url)
    with engine.connect() as conn:
        y0, y1 = conn.execute(text("SELECT min(year), max(year) FROM monitoring_reports")).one()
    # requests handed to the app in one event loop, as a server does (bench/asgi_call.py)
    client = InProcess(create_app(engine), headers={"Authorization": f"Bearer {admin_token(engine)}"})
    region = "350000000"
    cases = [
        # the roll-up cube: the API per year, the hand SQL once with the year as a third key
        (f"region x sector x year, {y0}-{y1}", [f"/api/v1/plan-fact?year={y}&group_by=region,sector"
                                                for y in range(y0, y1 + 1)],
         hand_sql(name, ["region_kato", "oked_section"], True), {"start": f"{y0}-01-01", "end": f"{y1}-12-31",
                                                                  "y0": y0, "y1": y1}, ""),
        (f"by region, {y1}", [f"/api/v1/plan-fact?year={y1}&group_by=region"],
         hand_sql(name, ["region_kato"], False), {"start": f"{y1}-01-01", "end": f"{y1}-12-31", "y0": y1, "y1": y1},
         ""),
        (f"one region by district, {y1}", [f"/api/v1/plan-fact?year={y1}&group_by=district&scope=region:{region}"],
         hand_sql(name, ["district_kato"], False), {"start": f"{y1}-01-01", "end": f"{y1}-12-31", "y0": y1, "y1": y1},
         f"AND p.region_kato = '{region}'"),
    ]
    rows = []
    with client:
        for case, urls, sql, params, where in cases:
            def api(urls=urls):
                for url in urls:
                    client.check(url)

            def raw(sql=sql, params=params, where=where):
                with engine.connect() as conn:
                    for q in sql:
                        conn.execute(text(q.replace("{where}", where)), params).fetchall()

            orken_s, reference_s = compare(api, raw, repeat)
            rows.append(row("plan-fact", case, name, orken_s, reference_s))
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=800_000)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database", help="a database URL (default: /tmp/orken-bench.db, or a throw-away "
                                           "PostgreSQL server with --engine postgresql)")
    parser.add_argument("--keep", action="store_true", help="leave the throw-away PostgreSQL server running")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with database(args.engine, args.database, args.keep) as url:
        t = time.perf_counter()
        rows = run(url, args.projects, args.repeat, reports=args.reports)
    print_rows(rows, f"plan-fact: {args.reports} reports over {args.projects} projects, median of {args.repeat} "
                     f"({time.perf_counter() - t:.0f} s in all)")


if __name__ == "__main__":
    main()
