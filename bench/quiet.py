"""Issue 19's two costs: a large watch backlog through fetch → extract → ingest, single process vs
Dask (paired in the same run), and the sweep of quiet projects over a 100,000-project registry.

    PYTHONPATH=src .venv/bin/python bench/quiet.py [--docs 60] [--workers 2] [--projects 100000]

1. A loopback news site (``tests/watch/server.py``) serves an RSS feed of ``--docs`` distinct Russian
   articles (bench/watch.py's texts). One ``orken watch`` pass ingests them into a fresh SQLite
   database in one process (the extractor's models loaded before timing), then, on another fresh
   database, the same pass with the backlog on a local Dask cluster of ``--workers`` spawned
   processes (ingest in the main process). The cluster's start and its workers' model loading are
   timed apart ("cluster warm-up"), so documents/s compares the two paths' steady work.
2. ``--projects`` synthetic projects (``bench/synthetic.py``, all last edited 2026-11-22); the sweep
   as of 2028-01-01 opens a task for every project not launched, completed or cancelled (first run),
   then runs again (what cron pays each night: nothing to change).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from sqlalchemy import create_engine, func, select  # noqa: E402

from orken.auth.guard import system_session, system_sessions  # noqa: E402
from orken.db import migrate  # noqa: E402


def _site(n: int):
    from tests.watch.server import Site
    from watch import publish

    site = Site()
    site.__enter__()
    publish(site, n)
    return site


def _pass(tmp: str, name: str, site, n: int, **dask) -> float:
    from orken.reference.loader import load_reference
    from orken.watch import poll
    from orken.watch.fetch import Fetcher

    engine = create_engine(f"sqlite:///{tmp}/{name}.db")
    migrate.upgrade(engine)
    with system_session(engine, "bench") as s:
        load_reference(s)
        poll.add_source(s, site.url("/feed.rss"), "rss", "ru")
    with Fetcher(host_interval=0) as f:
        t0 = time.perf_counter()
        [report] = poll.run_pass(system_sessions(engine, "bench"), f, sweep_tasks=False, **dask)
        seconds = time.perf_counter() - t0
    assert report.ingested == n, report
    engine.dispose()
    return seconds


def backlog(n: int, workers: int) -> dict:
    import dask
    from distributed import Client, LocalCluster

    from orken.news.extraction import extract_facts

    site = _site(n)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            extract_facts("Прогрев моделей: завод за 1 млрд тенге.", "ru")  # load the models before timing
            single = _pass(tmp, "single", site, n)
            t0 = time.perf_counter()
            with dask.config.set({"distributed.worker.multiprocessing-method": "spawn"}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
            client.run(extract_facts, "Прогрев моделей: завод за 1 млрд тенге.", "ru")
            warm = time.perf_counter() - t0
            try:
                spread = _pass(tmp, "dask", site, n, workers=workers, scheduler=client, backlog=0)
            finally:
                client.close()
                cluster.close()
    finally:
        site.__exit__(None, None, None)
    return {"documents": n, "single_s": round(single, 2), "single_docs_per_s": round(n / single, 2),
            "dask_workers": workers, "dask_s": round(spread, 2), "dask_docs_per_s": round(n / spread, 2),
            "dask_vs_single": round(single / spread, 2), "cluster_warm_up_s": round(warm, 1)}


def sweep(projects: int) -> dict:
    from synthetic import prepare

    from orken.db.models import Project
    from orken.tasks import service
    from orken.tasks.models import Task

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        engine = prepare(f"sqlite:///{tmp}/sweep.db", projects)
        load = time.perf_counter() - t0
        now = datetime(2028, 1, 1, tzinfo=timezone.utc)
        rows = {}
        for run in ("first", "again"):
            with system_session(engine, "bench") as s:
                t0 = time.perf_counter()
                result = service.sweep(s, now=now)
                rows[run] = {"seconds": round(time.perf_counter() - t0, 2), **result.as_dict()}
        with engine.connect() as conn:
            total = conn.scalar(select(func.count()).select_from(Project))
            opened = conn.scalar(select(func.count()).select_from(Task))
        engine.dispose()
    return {"projects": total, "tasks": opened, "load_s": round(load, 1), **{f"sweep_{k}": v for k, v in rows.items()}}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=60)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--projects", type=int, default=100_000)
    p.add_argument("--only", choices=("backlog", "sweep"))
    a = p.parse_args()
    if a.only != "sweep":
        print("fetch → extract → ingest, single process vs Dask:", backlog(a.docs, a.workers), flush=True)
    if a.only != "backlog":
        print("sweep of quiet projects:", sweep(a.projects), flush=True)


if __name__ == "__main__":
    main()
