"""Operations: ``/healthz`` (the process answers), ``/readyz`` (the database answers, within a short
timeout; 503 when it does not) and Prometheus metrics at ``/metrics`` (``prometheus-client``).

Metrics: requests by method, route *template* (``/api/v1/projects/{project_id}``, never the raw
path, so the number of series stays bounded) and status; their latencies; the database pool
(connections checked out and idle); import jobs by status and the facts found in watched news by
review status (counted in the database at each scrape, so every worker reports the same). Several worker processes (``orken serve --workers N``) agree:
``orken serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder before the workers start,
each worker writes its counters there and any of them answers a scrape with the sum.

Who may read ``/metrics``: a request with ``Authorization: Bearer <ORKEN_METRICS_TOKEN>`` when that
is set, else only clients on the addresses of ``ORKEN_METRICS_ALLOW`` (loopback by default), by the
address that ``orken.config.client_address`` finds (so behind a trusted proxy, the real client's).
A request that carries forwarded headers from a peer that is not a trusted proxy is never local.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import time

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select, text
from starlette.concurrency import run_in_threadpool

from orken import config

#: seconds /readyz waits for the database
READY_TIMEOUT = float(os.environ.get("ORKEN_READY_TIMEOUT", "2"))
FORWARDED = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "x-forwarded-proto")

router = APIRouter(tags=["operations"])


@router.get("/healthz", include_in_schema=False)
async def healthz():
    """The process is alive and answers (no database work)."""
    return JSONResponse({"status": "ok", "pid": os.getpid()}, headers={"Cache-Control": "no-store"})


def _ping(engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request):
    """Ready to serve: the database answers ``SELECT 1`` within ``ORKEN_READY_TIMEOUT`` (2 s)."""
    try:
        await asyncio.wait_for(run_in_threadpool(_ping, request.app.state.engine), READY_TIMEOUT)
    except Exception as exc:  # noqa: BLE001  (any failure of the database: not ready)
        reason = "timeout" if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) else type(exc).__name__
        return JSONResponse({"status": "unavailable", "database": reason}, status_code=503,
                            headers={"Retry-After": "5", "Cache-Control": "no-store"})
    return JSONResponse({"status": "ready", "database": "ok"}, headers={"Cache-Control": "no-store"})


def metrics_allowed(request: Request) -> bool:
    token = os.environ.get("ORKEN_METRICS_TOKEN", "").strip()
    sent = request.headers.get("authorization", "")
    if token and sent.lower().startswith("bearer ") and hmac.compare_digest(sent[7:].strip(), token):
        return True
    peer = request.client.host if request.client else None
    if not config.is_trusted_proxy(peer or "") and any(h in request.headers for h in FORWARDED):
        return False  # passed on by a proxy that is not configured as one: not a local client
    allow = os.environ.get("ORKEN_METRICS_ALLOW", "127.0.0.1,::1")
    address = config.client_address(peer, request.headers.get("x-forwarded-for"))
    return config.is_trusted_proxy(address, ",".join(p.strip() for p in allow.split(",") if p.strip()))


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request):
    """Prometheus text format; see the module's docstring for who may read it."""
    from orken import metrics as m

    if not metrics_allowed(request):
        return JSONResponse({"title": "Forbidden", "status": 403,
                             "detail": "metrics are for the monitoring system (ORKEN_METRICS_ALLOW or "
                                       "ORKEN_METRICS_TOKEN)"}, status_code=403,
                            media_type="application/problem+json")
    engine = request.app.state.engine
    m.observe_pool(engine)
    body, kind = m.exposition(lambda: _database_counts(engine))
    return Response(body, media_type=kind, headers={"Cache-Control": "no-store"})


def _database_counts(engine) -> dict[str, dict[str, int]]:
    from orken.io.models import ImportJob
    from orken.news.models import NewsFact

    with engine.connect() as conn:
        return {"import_jobs": dict(conn.execute(select(ImportJob.status, func.count())
                                                 .group_by(ImportJob.status)).all()),
                "news_facts": dict(conn.execute(select(NewsFact.review_status, func.count())
                                                .group_by(NewsFact.review_status)).all())}


class MetricsMiddleware:
    """Counts and times every HTTP request by its route template (pure ASGI: streaming is untouched)."""

    def __init__(self, app, engine):
        self.app, self.engine = app, engine

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from orken import metrics as m

        start = time.perf_counter()
        status = {"code": 500}

        async def sending(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or ("/static" if scope.get("path", "").startswith("/static/")
                                                        else "unmatched")
            m.observe_request(scope.get("method", ""), template, status["code"], time.perf_counter() - start)
            m.observe_pool(self.engine)


def install(app: FastAPI) -> None:
    import atexit

    from orken import metrics as m

    atexit.register(m.process_exited, os.getpid())  # a worker that ends takes its live gauges with it
    app.include_router(router)
    app.add_middleware(MetricsMiddleware, engine=app.state.engine)
