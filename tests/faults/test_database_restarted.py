"""PostgreSQL stopped and started again under load: during the outage every answer is a clean 503
problem+json (with Retry-After) in bounded time; afterwards the same server process recovers by
itself, and every acknowledged write is there."""

from __future__ import annotations

import threading
import time
import uuid

import httpx
import pytest
from sqlalchemy import create_engine, text

from orken.db.engine import make_engine
from tests.conftest import make_user
from tests.faults import checks, writers
from tests.faults.server import prepare
from tests.pgserver import PostgresServer, _bin

#: no request may take longer than this, database or not (it is not a speed limit: a hang fails)
BOUND = 30


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own, to stop and start without disturbing other tests."""
    server = PostgresServer()
    admin_url = server.start()
    name = f"orken_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(admin_url.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield server, engine
    finally:
        engine.dispose()
        server.stop()


class Reader:
    """Reads lists and statistics in a loop, keeping every answer that is not 200."""

    def __init__(self, base: str):
        self.base, self.answers, self.failures = base, [], []

    def run(self, stop: threading.Event) -> None:
        with httpx.Client(base_url=self.base, timeout=BOUND) as http:
            while not stop.is_set():
                for path in ("/api/v1/projects?limit=5", "/api/v1/stats?group_by=status", "/api/v1/projects/1"):
                    try:
                        r = http.get(path)
                    except httpx.HTTPError as exc:  # a hang past BOUND, or the server gone
                        self.failures.append(f"{path}: {exc!r}")
                        continue
                    self.answers.append(r)


def _clean_outage_answer(r: httpx.Response) -> bool:
    if r.status_code != 503 or not r.headers.get("content-type", "").startswith("application/problem+json"):
        return False
    body = r.json()
    return (r.headers.get("retry-after", "").isdigit() and body["status"] == 503 and "Traceback" not in r.text
            and "psycopg" not in r.text and "127.0.0.1" not in r.text)


def test_database_restart_under_load(own_postgres, server_factory):
    pg, engine = own_postgres
    prepare(engine)
    token = make_user(engine, "writer", "administrator")
    server = server_factory(engine.url.render_as_string(hide_password=False))
    clients = [writers.Writer(server.base, token, n, stop_on_failure=False, request_timeout=BOUND) for n in range(3)]
    reader = Reader(server.base)
    stop, threads = writers.start(clients)
    reader_thread = threading.Thread(target=reader.run, args=(stop,), daemon=True)
    reader_thread.start()
    try:
        _wait(lambda: sum(len(w.acked) for w in clients) >= 20, "writes before the outage")
        engine.dispose()
        pg._run(_bin("pg_ctl"), "-D", str(pg.data), "-m", "fast", "-w", "stop")
        _wait(lambda: sum(len(w.refused) for w in clients) >= 5 and
              sum(r.status_code == 503 for r in reader.answers) >= 5, "answers during the outage", clients=clients)
        pg._run(_bin("pg_ctl"), "-D", str(pg.data), "-o", f"-p {pg.port} -k {pg.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off", "-l", str(pg.root / "log"), "-w", "start")
        before = sum(len(w.acked) for w in clients)
        # the same server process recovers by itself: writes are acknowledged again
        _wait(lambda: sum(len(w.acked) for w in clients) >= before + 20, "writes after the restart")
    finally:
        stop.set()
        for t in [*threads, reader_thread]:
            t.join(timeout=BOUND * 2)
    assert server.proc.poll() is None, "the server process died"
    assert not reader.failures and not any(w.errors for w in clients), (reader.failures, [w.errors for w in clients])
    unclean = [(r.status_code, r.headers.get("content-type"), r.text[:200]) for r in reader.answers
               if r.status_code != 200 and not _clean_outage_answer(r)
               and not (r.status_code == 404 and r.request.url.path == "/api/v1/projects/1")]
    unclean += [(r.status_code, r.text[:200]) for w in clients for r in w.refused if not _clean_outage_answer(r)]
    assert not unclean, unclean
    with httpx.Client(base_url=server.base, timeout=BOUND) as http:
        assert http.get("/api/v1/stats?group_by=status").status_code == 200
    checks.acknowledged_writes_present(engine, clients)
    checks.nothing_half_written(engine)


def _wait(condition, what: str, timeout: float = 90, clients=()) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert not any(w.errors for w in clients), [w.errors for w in clients]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
