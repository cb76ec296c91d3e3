"""The Orken web application: the JSON API under /api/v1 (pages are added beside it)."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from fastapi import APIRouter, FastAPI
from sqlalchemy.engine import Engine

import orken
from orken import capabilities
from orken.db.engine import default_engine, read_only, session_factory
from orken.web import apidocs, deps, errors, filecache, limits, openapi, ops, pages, security


def create_app(engine: Engine | None = None) -> FastAPI:
    app = FastAPI(
        title="Orken API",
        version=orken.__version__,
        description="The open Industrialization Map of Kazakhstan: projects, zones, investors and their figures.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served by orken.web.apidocs from /static, offline and under the strict CSP
        redoc_url=None,
    )
    app.state.engine = engine or default_engine()
    app.state.sessions = session_factory(app.state.engine)
    # reading requests (GET, HEAD, OPTIONS) do not take SQLite's write lock up front; writing ones do
    app.state.read_sessions = session_factory(read_only(app.state.engine))
    app.state.session_limit = deps.session_limit(app.state.engine)
    app.state.session_turns = WeakKeyDictionary()  # event loop -> asyncio.Semaphore (deps._session_turn)
    errors.install(app)
    openapi.install(app)  # errors documented as problem+json
    apidocs.install(app)  # Swagger UI at /api/v1/docs, from the npm package in /static/vendor
    capabilities.load_models()
    for ref in capabilities.routes():  # each capability's API and pages, in the order they must match
        route = capabilities.resolve(ref)
        if isinstance(route, APIRouter):
            app.include_router(route)
        else:
            route(app)  # an install(app) function
    pages.install(app)  # the web pages (map, lists, profiles, dashboard), static files, gzip
    ops.install(app)  # /healthz, /readyz, /metrics, and the request metrics
    limits.install(app)  # request body size, concurrent heavy requests (429/503 with Retry-After)
    filecache.install(app)  # the public downloads of a large registry built ahead, in the background
    security.install(app)  # CSP and security headers on every response (outermost middleware)
    return app
