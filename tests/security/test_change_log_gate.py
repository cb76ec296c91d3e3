"""The change-log gate is declared on the change-log routes (issue 14), not matched on URL strings:
mounted anywhere, without the app factory's router-wide dependencies, they still refuse the public
and analysts who do not read everything."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from fastapi import FastAPI
from fastapi.testclient import TestClient

from orken.db.engine import read_only, session_factory
from orken.web import deps, errors
from orken.web.api import registry
from tests.conftest import make_user


def _bare_app(engine) -> FastAPI:
    """Only the registry's router, under another prefix, with what the request session needs."""
    app = FastAPI()
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.read_sessions = session_factory(read_only(engine))
    app.state.session_limit = deps.session_limit(engine)
    app.state.session_turns = WeakKeyDictionary()
    errors.install(app)
    app.include_router(registry.router, prefix="/mounted")
    return app


def test_change_log_routes_declare_their_gate(engine):
    app = _bare_app(engine)
    analyst = make_user(engine, "analyst", "region_analyst", region="350000000")
    admin = make_user(engine, "admin", "administrator")
    with TestClient(app) as c:
        for path in ("/mounted/api/v1/changes", "/mounted/api/v1/projects/1/history"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": f"Bearer {analyst}"}).status_code == 403, path
        assert c.get("/mounted/api/v1/changes", headers={"Authorization": f"Bearer {admin}"}).status_code == 200
        assert c.get("/mounted/api/v1/projects").status_code == 200  # the rest of the registry stays public
