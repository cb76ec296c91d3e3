"""More requests at once than the database pool has connections: they queue, they do not deadlock.

Found by the soak (bench/soak.py --clients 100): every request stalled and timed out. A request
takes a pooled connection in its session dependency (a worker thread), then needs a worker thread
again for its endpoint. With more requests in flight than connections plus threads, every worker
thread sat waiting for a connection while every connection belonged to a request waiting for a
thread. Now at most ``deps.session_limit(engine)`` requests hold a session; the others wait for
their turn in the event loop without taking a thread. Here the pool has two connections and sixty signed-in requests arrive
at once.
"""

from __future__ import annotations

import asyncio
import os
import threading

import httpx
from sqlalchemy import create_engine

from orken.web import deps
from orken.web.app import create_app
from tests.conftest import make_user


def test_many_more_requests_than_connections_all_get_answers(engine):
    token = make_user(engine, "reader", "centre_analyst")  # signed in: the session dependency reads the token
    url = engine.url.render_as_string(hide_password=False)
    sqlite = engine.dialect.name == "sqlite"
    small = create_engine(url, pool_size=2, max_overflow=0, pool_timeout=15,
                          **({"connect_args": {"check_same_thread": False}} if sqlite else {}))
    app = create_app(small)
    requests = 60
    assert requests > app.state.session_limit + 2  # more than may hold a session, more than connections
    held, peak, lock = [0], [0], threading.Lock()
    open_session = app.state.read_sessions  # the requests below read

    def counted_session():
        session, close = open_session(), None

        def closing():
            close()
            with lock:
                held[0] -= 1

        close, session.close = session.close, closing
        with lock:
            held[0] += 1
            peak[0] = max(peak[0], held[0])
        return session

    app.state.read_sessions = counted_session

    async def run():
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://orken", timeout=120,
                                     headers={"Authorization": f"Bearer {token}"}) as c:
            return await asyncio.gather(*(c.get("/api/v1/projects", params={"limit": 5}) for _ in range(requests)))

    try:
        answers = asyncio.run(run())
    finally:
        small.dispose()
    assert [a.status_code for a in answers] == [200] * requests
    assert 1 < peak[0] <= app.state.session_limit and held[0] == 0


def test_sqlite_shares_the_cores_postgresql_the_pool(engine):
    limit = deps.session_limit(engine)
    if engine.dialect.name == "sqlite":
        assert limit == min(deps.MAX_SESSIONS, 2 * (os.cpu_count() or 1))
    else:
        assert limit == deps.MAX_SESSIONS
