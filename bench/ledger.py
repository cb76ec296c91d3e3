"""Benchmark: the promise ledger's cost on the project page and the national table.

A migrated SQLite (or ``--database URL``) registry with reference data gets ``--projects`` projects,
each with four announced launch dates a year apart (three moves: all in the national table), and
one project with ``--claims`` claims of every measure. Timed through the whole app (``asgi_call.py``),
interleaved, medians:

- ``project page, N claims``: ``/projects/{id}`` with its "Promises over time" section, against the
  same page with the section left out (``promises_view`` returning no claims) in the same run;
- ``/ledger.json``: the national table over every project, against hand-written SQL that reads the
  same claims (the projects with more than two launch claims, and their claims).

    python bench/ledger.py [--projects 2000] [--claims 10 100 1000] [--repeat 7] [--database URL]

``run()`` returns one row per case for ``bench/compare.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from asgi_call import InProcess  # noqa: E402
from timing import compare, row  # noqa: E402

from orken.auth.guard import system_session  # noqa: E402
from orken.db import migrate  # noqa: E402
from orken.db.engine import make_engine  # noqa: E402
from orken.db.models import Project  # noqa: E402
from orken.ledger.models import Claim  # noqa: E402
from orken.reference.loader import load_reference  # noqa: E402
from orken.web.app import create_app  # noqa: E402
from orken.web.pages import ledger as ledger_pages  # noqa: E402

NOW = date(2026, 1, 1)


def build(engine, projects: int, claims: list[int]) -> dict[int, int]:
    """The registry; returns {N: the id of the project with N claims}."""
    with system_session(engine, "bench") as s:
        load_reference(s)
        rows = [{"name_ru": f"Завод {i}", "region_kato": "350000000", "status": "planned", "project_type": "new",
                 "sort_name": f"завод {i}", "search_text": f"завод {i}", "version": 1, "is_sample": False}
                for i in range(projects + len(claims))]
        s.execute(insert(Project), rows)
        ids = list(s.scalars(text("SELECT id FROM projects ORDER BY id")))
        launch = []
        for pid in ids[:projects]:
            for k in range(4):
                launch.append({"project_id": pid, "measure": "launch", "actual": False, "claimed_date": date(2026 + k, 1, 1),
                               "precision": "year", "said_on": date(2022 + k, 3, 1), "outlet": "example.kz",
                               "url": f"https://example.kz/{pid}/{k}", "sentence": "Завод запустят.", "sources": []})
        s.execute(insert(Claim), launch)
        many = {}
        for n, pid in zip(claims, ids[projects:]):
            batch = []
            for k in range(n):
                measure = ("investment", "jobs", "launch")[k % 3]
                batch.append({"project_id": pid, "measure": measure, "actual": False, "said_on": date(2010 + k % 16, 1 + k % 12, 1),
                              "value": None if measure == "launch" else 1000 + k, "unit": "KZT" if measure == "investment" else None,
                              "claimed_date": date(2026 + k % 5, 1, 1) if measure == "launch" else None,
                              "precision": "year" if measure == "launch" else None, "outlet": "example.kz",
                              "url": f"https://example.kz/m/{k}", "sentence": "Завод запустят в срок.",
                              "sources": [{"outlet": "example.kz", "url": f"https://example.kz/m/{k}", "date": None,
                                           "title": None, "sentence": "Завод запустят в срок."}]})
            s.execute(insert(Claim), batch)
            many[n] = pid
    return many


HAND = ("SELECT project_id FROM claims WHERE measure = 'launch' AND claimed_date IS NOT NULL AND NOT actual "
        "GROUP BY project_id HAVING count(*) > 2")


def run(projects: int = 2000, claims=(10, 100, 1000), repeat: int = 7, database: str | None = None) -> list[dict]:
    tmp = None
    if database is None:
        tmp = tempfile.TemporaryDirectory()
        database = f"sqlite:///{tmp.name}/ledger.db"
    engine = make_engine(database)
    migrate.upgrade(engine)
    many = build(engine, projects, list(claims))
    app = create_app(engine)
    out = []
    real = ledger_pages.promises_view

    def without(session, project, principal):
        return {"claims": 0, "measures": [], "summary": {}, "plan": {}, "chart": None}

    with InProcess(app) as client:
        for n, pid in many.items():
            def ours():
                ledger_pages.promises_view = real
                client.check(f"/projects/{pid}?lang=ru")

            def reference():
                ledger_pages.promises_view = without
                client.check(f"/projects/{pid}?lang=ru")

            a, b = compare(ours, reference, repeat)
            ledger_pages.promises_view = real
            out.append(row("ledger", f"project page, {n} claims", engine.dialect.name, a, b,
                           "the same page without the ledger section"))

        def table():
            client.check("/ledger.json")

        def hand():
            with engine.connect() as c:
                ids = [r[0] for r in c.execute(text(HAND))]
                c.execute(text("SELECT * FROM claims WHERE project_id IN (SELECT project_id FROM (" + HAND + ") m) "
                               "AND measure = 'launch'")).all()
                c.execute(text("SELECT * FROM projects WHERE id IN (" + HAND + ")")).all()
                assert len(ids) >= projects

        a, b = compare(table, hand, repeat)
        out.append(row("ledger", f"/ledger.json, {projects} projects × 4 launch claims", engine.dialect.name, a, b))
    engine.dispose()
    if tmp:
        tmp.cleanup()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--projects", type=int, default=2000)
    ap.add_argument("--claims", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--database")
    args = ap.parse_args()
    for r in run(args.projects, args.claims, args.repeat, args.database):
        print(f"{r['case']:<50} {r['engine']:<10} {r['orken_ms']:>9.1f} ms  ref {r['reference_ms']:>9.1f} ms  "
              f"× {r['ratio']:.2f}  ({r['reference']})")


if __name__ == "__main__":
    main()
