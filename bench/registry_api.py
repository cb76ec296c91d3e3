"""Benchmark of the list, facet and stats endpoints on a 100,000-project synthetic registry.

Each endpoint is timed through the full FastAPI stack (in-process client) and compared with a
reference run in the same process: the equivalent hand-written SQL on the same database.
Prints medians and the ratio API / SQL.

    python bench/registry_api.py [--projects 100000] [--database URL] [--repeat 15]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import prepare  # noqa: E402
from timing import timed  # noqa: E402

from orken.web.app import create_app  # noqa: E402

AGGREGATES = ("count(id), sum(investment_planned_kzt), sum(investment_actual_kzt), sum(jobs_permanent_planned), "
              "sum(jobs_permanent_actual), sum(jobs_construction_planned), count(investment_planned), "
              "count(investment_planned_kzt)")
CASES = [
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
    ("stats by region", "/api/v1/stats?group_by=region",
     f"SELECT region_kato, {AGGREGATES} FROM projects GROUP BY region_kato"),
    ("stats by sector, one region", "/api/v1/stats?group_by=sector&region=350000000",
     f"SELECT oked_section, {AGGREGATES} FROM projects WHERE region_kato='350000000' GROUP BY oked_section"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite:////tmp/orken-bench.db")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    engine = prepare(args.database, args.projects)
    client = TestClient(create_app(engine))
    table = Table(title=f"{args.projects} projects, {engine.dialect.name}, median of {args.repeat}")
    for column in ("case", "API ms", "SQL ms", "API / SQL"):
        table.add_column(column, justify="right")
    for name, url, sql in CASES:
        def api(url=url):
            response = client.get(url)
            assert response.status_code == 200, response.text

        def raw(sql=sql):
            with engine.connect() as conn:
                for statement in sql.split(";"):
                    conn.execute(text(statement)).fetchall()

        a, s = timed(api, args.repeat), timed(raw, args.repeat)
        table.add_row(name, f"{a * 1000:.1f}", f"{s * 1000:.1f}", f"{a / s:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
