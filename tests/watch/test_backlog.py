"""A large backlog (issue 19): when a pass finds more new articles than the threshold, fetch and
extraction run on a Dask cluster (local, spawned processes) and ingest stays in the main process,
idempotent by content hash: the same documents, facts and item states as the single-process path."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from orken.db.models import Document
from orken.news.models import NewsFact
from orken.watch import poll
from orken.watch.models import WatchItem
from tests.watch.conftest import KK_NEWS, RU_NEWS, article, html, rss

distributed = pytest.importorskip("distributed")

PATHS = ["/kk/aluminium.html", "/ru/steel.html", "/ru/b1.html", "/ru/b2.html", "/private/secret.html", "/missing.html"]


@pytest.fixture(scope="module")
def cluster():
    """A local Dask cluster of two spawned worker processes (a fork of a process that ran torch deadlocks)."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.worker.multiprocessing-method": "spawn"}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
                Client(c) as client:
            yield client


def add(sessions, url):
    with sessions() as s:
        sid = poll.add_source(s, url, "rss", "auto").id
        s.commit()
        return sid


def state(sessions):
    with sessions() as s:
        docs = s.scalar(select(func.count()).select_from(Document))
        facts = sorted((f.measure, str(f.value)) for f in s.scalars(select(NewsFact)))
        items = {i.url.rsplit("/", 1)[-1]: i.status for i in s.scalars(select(WatchItem))}
        return docs, facts, items


def runs(client) -> int:
    from orken.watch import backlog

    return sum(client.run(lambda: backlog.RUNS[0]).values())


def test_backlog_runs_on_dask_and_ingests_once(site, sessions, fetcher, cluster):
    site.pages["/ru/b1.html"] = html(article("ru", "Завод", RU_NEWS.replace("Караганда Стил", "Темиртау Металл")))
    site.pages["/ru/b2.html"] = html(article("kk", "Зауыт", KK_NEWS.replace("Қазақстан Алюминий", "Ертіс Мыс")))
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, PATHS))
    add(sessions, site.url("/feed.rss"))
    before = runs(cluster)
    [r] = poll.run_pass(sessions, fetcher, workers=2, scheduler=cluster, backlog=3)
    assert r.ok and r.listed == 6 and r.ingested == 4 and r.failed == 1 and r.skipped == 1, r
    # the articles were fetched by the workers (each keeps its own fetcher), not by the main process
    from orken.watch import backlog

    assert runs(cluster) - before == 6 and backlog.RUNS[0] == 0  # every new article a job (robots ones too), none here
    assert all(site.fetched(p) == 1 for p in PATHS if not p.startswith("/private")) and \
        site.fetched("/private/secret.html") == 0
    docs, facts, items = state(sessions)
    assert docs == 4 and facts and items["secret.html"] == "robots" and items["missing.html"] == "error"
    # the same articles through the single-process path on a second outlet: all known, nothing new
    site.pages["/feed2.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, PATHS[:4]))
    add(sessions, site.url("/feed2.rss"))
    reports = poll.run_pass(sessions, fetcher, everything=True)
    assert sum(x.ingested for x in reports) == 0 and sum(x.known for x in reports) == 4
    assert state(sessions)[:2] == (docs, facts)


def test_single_process_below_the_threshold(site, sessions, fetcher, cluster):
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, PATHS[:2]))
    add(sessions, site.url("/feed.rss"))
    before = runs(cluster)
    [r] = poll.run_pass(sessions, fetcher, workers=2, scheduler=cluster, backlog=10)
    assert r.ingested == 2 and runs(cluster) == before  # two new articles: fetched here, not on Dask
