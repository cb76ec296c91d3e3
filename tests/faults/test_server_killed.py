"""The server killed (SIGKILL) while clients write: every acknowledged write survives, nothing is
half-written, and the restarted server serves reads and writes."""

from __future__ import annotations

import time

import httpx

from tests.faults import checks, writers
from tests.faults.server import url_of

CLIENTS = 4


def test_server_killed_during_writes(served_db, server_factory):
    engine, token = served_db
    server = server_factory(url_of(engine))
    clients = [writers.Writer(server.base, token, n) for n in range(CLIENTS)]
    stop, threads = writers.start(clients)
    deadline = time.monotonic() + 60
    while sum(len(w.acked) for w in clients) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(t.is_alive() for t in threads), "a writer stopped before the kill"
    server.kill()  # mid-stream: every writer has a request on the way
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert not any(w.errors for w in clients), [w.errors for w in clients]
    assert sum(len(w.acked) for w in clients) >= 40
    engine.dispose()  # nothing of the dead server's connections is reused

    checks.file_intact(engine)
    count = checks.acknowledged_writes_present(engine, clients)
    checks.nothing_half_written(engine)

    restarted = server_factory(url_of(engine))
    with httpx.Client(base_url=restarted.base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        listed = http.get("/api/v1/projects", params={"region": writers.REGION, "limit": 1})
        assert listed.status_code == 200 and listed.json()["total"] == count
        for w in clients:
            for pid, known in list(w.acked.items())[:3]:
                got = http.get(f"/api/v1/projects/{pid}").json()
                assert got["name"]["ru"] == known["name"] and got["version"] >= known["version"]
        created = http.post("/api/v1/projects", json={"name": {"ru": "После перезапуска"}, "region_kato": "350000000"})
        assert created.status_code == 201, created.text
        changed = http.patch(f"/api/v1/projects/{created.json()['id']}", json={"jobs_permanent_planned": 7, "version": 1})
        assert changed.status_code == 200 and changed.json()["jobs_permanent_planned"] == 7
    checks.nothing_half_written(engine)
    checks.file_intact(engine)
