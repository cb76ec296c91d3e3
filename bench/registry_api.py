"""Benchmark of the registry's stats (and list and facet) endpoints on a 100,000-project synthetic registry.

Each endpoint is timed through the full FastAPI stack (requests handed to the ASGI app as a server
hands them, ``asgi_call.py``; as the public: no credentials) and compared with a reference run in
the same process: the equivalent hand-written SQL on the same database. The public aggregate cache (``orken.web.cache``) is off while timing, so
the figures are what computing a stat costs. Prints medians and the ratio API / SQL.

    python bench/registry_api.py [--engine sqlite|postgresql] [--database URL] [--keep]
                                 [--projects 100000] [--repeat 15] [--all]

``run()`` returns the rows of the stats cases (``--all``/``include_lists=True`` adds the list and
facet cases, group ``registry``) for ``bench/compare.py``.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from asgi_call import InProcess  # noqa: E402
from synthetic import database, engine_of, prepare  # noqa: E402
from timing import compare, row  # noqa: E402

from orken.web import cache  # noqa: E402
from orken.web.app import create_app  # noqa: E402

AGGREGATES = ("count(id), sum(investment_planned_kzt), sum(investment_actual_kzt), sum(jobs_permanent_planned), "
              "sum(jobs_permanent_actual), sum(jobs_construction_planned), count(investment_planned), "
              "count(investment_planned_kzt)")
P_AGGREGATES = AGGREGATES.replace("(id)", "(p.id)").replace("(investment", "(p.investment").replace(
    "(jobs", "(p.jobs")
LISTS = [
    ("baseline: a tiny endpoint", "/api/v1/programmes", "SELECT * FROM programmes"),
    ("list, first page", "/api/v1/projects?limit=50",
     "SELECT * FROM projects ORDER BY id LIMIT 51; SELECT count(*) FROM projects"),
    ("list, region + status", "/api/v1/projects?region=350000000&status=launched&limit=50",
     "SELECT * FROM projects WHERE region_kato='350000000' AND status='launched' ORDER BY id LIMIT 51;"
     "SELECT count(*) FROM projects WHERE region_kato='350000000' AND status='launched'"),
    ("list, sorted by investment", "/api/v1/projects?sort=-investment&limit=50",
     "SELECT * FROM projects ORDER BY coalesce(investment_planned_kzt,-1) DESC, id DESC LIMIT 51;"
     "SELECT count(*) FROM projects"),
    ("text search", "/api/v1/projects?q=цемент&limit=50",
     "SELECT * FROM projects WHERE search_text LIKE '%цемент%' ORDER BY id LIMIT 51;"
     "SELECT count(*) FROM projects WHERE search_text LIKE '%цемент%'"),
    ("facets status,region,sector", "/api/v1/projects?limit=1&facets=status,region,sector",
     "SELECT status, count(*) FROM projects GROUP BY status; SELECT region_kato, count(*) FROM projects GROUP BY "
     "region_kato; SELECT oked_section, count(*) FROM projects GROUP BY oked_section"),
]
STATS = [
    ("stats by region", "/api/v1/stats?group_by=region",
     f"SELECT region_kato, {AGGREGATES} FROM projects GROUP BY region_kato ORDER BY region_kato"),
    ("stats by sector, one region", "/api/v1/stats?group_by=sector&region=350000000",
     f"SELECT oked_section, {AGGREGATES} FROM projects WHERE region_kato='350000000' GROUP BY oked_section "
     "ORDER BY oked_section"),
    ("stats by district, launched", "/api/v1/stats?group_by=district&status=launched",
     f"SELECT district_kato, {AGGREGATES} FROM projects WHERE status='launched' GROUP BY district_kato "
     "ORDER BY district_kato"),
    ("stats by programme", "/api/v1/stats?group_by=programme",
     f"SELECT pp.programme_code, {P_AGGREGATES} FROM projects p JOIN project_programmes pp ON pp.project_id = p.id "
     "GROUP BY pp.programme_code ORDER BY pp.programme_code"),
    ("stats by year, manufacturing", "/api/v1/stats?group_by=year&sector=C",
     f"SELECT year, {AGGREGATES} FROM projects WHERE oked_section='C' GROUP BY year ORDER BY year"),
]


@contextmanager
def uncached():
    """The public aggregate cache off: every request computes its aggregate."""
    if hasattr(cache, "ENABLED"):
        enabled, cache.ENABLED = cache.ENABLED, False
        try:
            yield
        finally:
            cache.ENABLED = enabled
        return
    generation, cache.generation = cache.generation, lambda _session: None  # "no generation: compute"
    try:
        yield
    finally:
        cache.generation = generation


def run(database_url: str, projects: int = 100_000, repeat: int = 15, include_lists: bool = False,
        **_options) -> list[dict]:
    """Time each case (API vs hand-written SQL, interleaved, medians); one row per case."""
    engine = prepare(database_url, projects)
    name = engine_of(database_url)
    cases = [("stats", c) for c in STATS] + ([("registry", c) for c in LISTS] if include_lists else [])
    rows = []
    # requests handed to the app in one event loop, as a server does (bench/asgi_call.py)
    with InProcess(create_app(engine)) as client, uncached():
        for group, (case, url, sql) in cases:
            def api(url=url):
                client.check(url)

            def raw(sql=sql):
                with engine.connect() as conn:
                    for statement in sql.split(";"):
                        conn.execute(text(statement)).fetchall()

            orken_s, reference_s = compare(api, raw, repeat)
            rows.append(row(group, case, name, orken_s, reference_s))
    engine.dispose()
    return rows


def print_rows(rows: list[dict], title: str) -> None:
    table = Table(title=title)
    for column in ("group", "case", "engine", "Orken ms", "SQL ms", "Orken / SQL"):
        table.add_column(column, justify="right")
    for r in rows:
        table.add_row(r["group"], r["case"], r["engine"], f"{r['orken_ms']:.1f}", f"{r['reference_ms']:.1f}",
                      f"{r['ratio']:.2f}")
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database", help="a database URL (default: /tmp/orken-bench.db, or a throw-away "
                                           "PostgreSQL server with --engine postgresql)")
    parser.add_argument("--keep", action="store_true", help="leave the throw-away PostgreSQL server running")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--all", action="store_true", help="also the list and facet cases")
    args = parser.parse_args()
    with database(args.engine, args.database, args.keep) as url:
        rows = run(url, args.projects, args.repeat, include_lists=args.all)
    print_rows(rows, f"{args.projects} projects, median of {args.repeat}")


if __name__ == "__main__":
    main()
