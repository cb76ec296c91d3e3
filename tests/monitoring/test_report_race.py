"""Two reports of one project and quarter drafted at the same time on PostgreSQL: one wins, the
other gets 409 (as when the quarter already has a report), never a 500.

Found by the soak (bench/soak.py): the service checks for an existing report first, but two
transactions can both pass the check; the unique constraint then stops the second one, and that
surfaced as a 500. Here the race is made certain: another transaction inserts the quarter's
report and holds it uncommitted while the API request runs its check and its insert (which waits
on the unique index), then commits.
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from orken.auth.guard import trusted
from orken.monitoring.models import Report


def test_a_racing_draft_of_the_same_quarter_is_a_409(client, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time: no race")
    pid = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": "350000000"}).json()["id"]
    answers = []
    with Session(engine) as other, trusted(other, "tests"):  # another writer, set up as the system
        other.add(Report(project_id=pid, year=2024, quarter=2, revision=1, state="draft", due=date(2024, 7, 20),
                         created_by="user:other"))
        other.flush()  # inserted, not committed: the API's check cannot see it

        def send():
            try:
                answers.append(client.post("/api/v1/reports", json={"project_id": pid, "year": 2024, "quarter": 2,
                                                                    "jobs_permanent": 3}))
            except Exception as exc:  # the test client re-raises what the server did not answer
                answers.append(exc)

        request = threading.Thread(target=send)
        request.start()
        with engine.connect() as watch:  # wait until the API's insert waits on ours
            for _ in range(600):
                if watch.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the API request never waited on the other transaction")
        other.commit()
    request.join(timeout=60)
    (answer,) = answers
    assert not isinstance(answer, Exception), repr(answer)
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    reports = client.get("/api/v1/reports", params={"project": pid}).json()["items"]
    assert [r["created_by"] for r in reports] == ["user:other"]  # the loser wrote nothing
