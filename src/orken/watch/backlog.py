"""Large backlogs: fetch and extraction of many new articles on a Dask cluster; ingest stays here.

When one ``orken watch`` pass finds more new articles than a threshold (``ORKEN_WATCH_DASK_THRESHOLD``,
``--backlog``), each article's fetch, main-text extraction (trafilatura) and fact extraction (the
text pipeline) run as Dask tasks: on the scheduler at ``--scheduler ADDRESS``, else on a local cluster
of ``--workers N`` processes, as ``orken extract`` does (the ``[cluster]`` extra). The workers are
*spawned*, never forked: a fork of a process that already ran the neural tagger deadlocks in torch's
thread pool. The results come back to the main process, which ingests them one by one exactly as the
single-process path does (idempotent by content hash), so the database is written from one place.

Each worker process keeps one ``Fetcher`` (its own robots.txt cache and per-host pacing).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

log = logging.getLogger("orken.watch")


@dataclass(frozen=True)
class Job:
    url: str
    lang: str
    private_ok: bool  # the article is on the source's own host (an administrator's choice)
    fallback_date: date | None
    host_interval: float
    timeout: float
    max_bytes: int
    real_extractor: bool = True  # False: the caller's own extract function runs at ingest


_FETCHERS: dict = {}
#: articles this process has fetched as a Dask task (what the tests look at on the workers)
RUNS = [0]


def _fetcher(job: Job):
    from orken.watch.fetch import Fetcher

    key = (job.host_interval, job.timeout, job.max_bytes)
    if key not in _FETCHERS:
        _FETCHERS[key] = Fetcher(host_interval=job.host_interval, timeout=job.timeout, max_bytes=job.max_bytes)
    return _FETCHERS[key]


def fetch_extract(job: Job) -> dict:
    """One article: fetched, its main text extracted and (real extractor) read for facts. Runs on a worker."""
    from orken.news.ingest import extracted
    from orken.watch import article
    from orken.watch.fetch import FetchError, Forbidden

    RUNS[0] += 1
    try:
        page = _fetcher(job).get(job.url, private_ok=job.private_ok)
    except Forbidden as exc:
        return {"status": "robots", "error": str(exc)}
    except FetchError as exc:
        return {"status": "error", "error": str(exc)}
    try:
        a = article.extract(page.body, page.url, page.content_type, job.lang)
        if a is None:
            return {"status": "empty"}
        doc = article.document(a, page.url, job.fallback_date)
        return {"status": "ok", "doc": doc, "author": a.author,
                "extracted": extracted(doc) if job.real_extractor else None}
    except Exception as exc:  # noqa: BLE001 - recorded on the item, as the single-process path does
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"}


def client_for(workers: int, scheduler=None):
    """A ``distributed.Client``: of the scheduler given (an address or a Client), else of a new local
    cluster of ``workers`` spawned processes (one thread each). Returns (client, close)."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the [cluster] extra
        raise RuntimeError("a Dask backlog needs the [cluster] extra (pip install 'orken[cluster]')") from exc
    if scheduler is not None:
        if isinstance(scheduler, Client):
            return scheduler, lambda: None
        client = Client(scheduler)
        return client, client.close
    with dask.config.set({"distributed.worker.multiprocessing-method": "spawn"}):
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.WARNING)
    client = Client(cluster)

    def close():
        client.close()
        cluster.close()
    return client, close


def run(jobs: list[Job], workers: int, scheduler=None) -> dict[str, dict]:
    """url -> what ``fetch_extract`` found, for every job (run on the cluster)."""
    from distributed import as_completed

    client, close = client_for(workers, scheduler)
    try:
        futures = {client.submit(fetch_extract, job, pure=False): job.url for job in jobs}
        out = {}
        for future in as_completed(futures):
            try:
                out[futures[future]] = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker: the single-process path retries it
                log.warning("watch: backlog task %s failed: %s", futures[future], exc)
        return out
    finally:
        close()
