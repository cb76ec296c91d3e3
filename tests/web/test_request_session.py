"""Each request's database session: its connection goes back to the pool whatever the answer, and
database work runs in worker threads only where there is some.

The session dependency (``orken.web.deps._request_session``) runs in the event loop. Finding out
who asks needs the database when the request carries a token or a session cookie, and a write on
PostgreSQL begins its transaction first: those start in a worker thread. The public's reads start
with nothing to ask, so they skip that hop (measured with bench/registry_api.py on SQLite: a public
read 2.05 -> 1.49 ms through the stack); their commit, a round trip on PostgreSQL, still runs in a
worker thread, never in the event loop.
"""

from __future__ import annotations

import pytest

from orken.web import deps
from tests.conftest import make_user


@pytest.fixture
def hops(monkeypatch):
    """The functions the session dependency handed to worker threads, by name."""
    seen: list[str] = []
    handed = deps.run_in_threadpool

    async def counting(fn, *args, **kwargs):
        seen.append(fn.__name__)
        return await handed(fn, *args, **kwargs)

    monkeypatch.setattr(deps, "run_in_threadpool", counting)
    return seen


def test_a_public_read_starts_in_the_event_loop_and_commits_in_a_worker_thread(anon_client, hops):
    assert anon_client.get("/api/v1/projects?limit=5").status_code == 200
    assert hops == ["commit"]


def test_a_signed_in_read_looks_up_its_token_in_a_worker_thread(app, engine, anon_client, hops):
    token = make_user(engine, "reader", "centre_analyst")
    answer = anon_client.get("/api/v1/projects?limit=5", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert hops == ["_start", "commit"]


@pytest.mark.parametrize("request_args", [
    ("GET", "/api/v1/projects?limit=5", {}),  # public read, answered
    ("GET", "/api/v1/projects?region=abc", {}),  # public read, refused after the session opened
    ("GET", "/api/v1/projects", {"Authorization": "Bearer not-a-token"}),  # a bad token: 401 while starting
    ("POST", "/api/v1/projects", {}),  # a write by the public: 401 from the endpoint's dependency
], ids=["read", "bad-filter", "bad-token", "anonymous-write"])
def test_every_request_gives_its_connection_back(app, engine, anon_client, request_args):
    method, url, headers = request_args
    pool = engine.pool
    before = pool.checkedout()
    answer = anon_client.request(method, url, headers=headers, json={} if method == "POST" else None)
    assert answer.status_code in (200, 401, 422), answer.text
    assert pool.checkedout() == before


def test_a_failed_write_is_rolled_back_and_its_connection_returned(engine, client_for):
    admin = client_for("administrator")
    before = engine.pool.checkedout()
    # valid JSON, refused by the registry (unknown region) after the transaction has begun
    answer = admin.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": "999999999"})
    assert answer.status_code == 422, answer.text
    assert engine.pool.checkedout() == before
    assert admin.get("/api/v1/projects").json()["total"] == 0
