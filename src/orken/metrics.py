"""Prometheus metrics of the server (``prometheus-client``), in one place; exposed by ``orken.web.ops``.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``orken serve`` sets it) every process writes its values
there and a scrape of any worker sums them; without it (tests, one process) they live in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Counter("orken_http_requests", "HTTP requests answered, by method, route template and status",
                   ["method", "route", "status"])
LATENCY = Histogram("orken_http_request_duration_seconds", "Time to answer an HTTP request, by route template",
                    ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
POOL = Gauge("orken_db_pool_connections", "Database connections of the pool, by state (summed over workers)",
             ["state"], multiprocess_mode="livesum")


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def observe_pool(engine) -> None:
    pool = engine.pool
    for state, read in (("checked_out", "checkedout"), ("idle", "checkedin")):
        value = getattr(pool, read, None)
        if callable(value):
            POOL.labels(state).set(value())


#: counts the database gives at scrape time: (name, help, label)
DATABASE_COUNTS = {
    "import_jobs": ("orken_import_jobs", "Import jobs in the database, by status", "status"),
    "news_facts": ("orken_news_facts", "Facts found in watched news, by review status (the review queue)",
                   "review_status"),
}


class _DatabaseCounts:
    """Import jobs and the news review queue, counted in the database at scrape time (so every
    worker agrees)."""

    def __init__(self, count: Callable[[], dict[str, dict[str, int]]]):
        self.count = count

    def collect(self):
        try:
            counts = self.count()
        except Exception:  # noqa: BLE001  (the database is down: /readyz says so; metrics still answer)
            counts = {}
        for key, (name, text, label) in DATABASE_COUNTS.items():
            family = GaugeMetricFamily(name, text, labels=[label])
            for value, n in sorted(counts.get(key, {}).items()):
                family.add_metric([str(value)], n)
            yield family


def exposition(database_counts: Callable[[], dict[str, dict[str, int]]]) -> tuple[bytes, str]:
    """The metrics text of all workers (multiprocess) or of this process, plus the database's."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    counts = CollectorRegistry()
    counts.register(_DatabaseCounts(database_counts))
    return generate_latest(registry) + generate_latest(counts), CONTENT_TYPE_LATEST


def process_exited(pid: int) -> None:
    """Forget a worker's live gauges (the pool) when it exits."""
    if MULTIPROCESS:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
