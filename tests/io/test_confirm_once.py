"""Confirming an import is idempotent: six confirmations of one job at once (over real HTTP on the
loopback, on both engines) run the import once; every answer is that run's result.

Found by an outside attack: six concurrent confirms of a 2-row CSV created 12 projects on
PostgreSQL (one 200, five 409s that said nothing was written when it was) and 8 on SQLite.
"""

from __future__ import annotations

from sqlalchemy import func, select

from orken.db.models import Project
from tests.api.test_atomic_writes import at_once, live  # noqa: F401  (the live server fixture)

CSV = ("Наименование проекта;Регион;Статус;Рабочие места\n"
       "Завод стекла;Карагандинская область;планируется;100\n"
       "Завод цемента;Карагандинская область;планируется;200\n").encode("utf-8")


def upload(base: str, headers: dict) -> str:
    import httpx

    r = httpx.post(f"{base}/api/v1/import/projects", files={"file": ("two.csv", CSV)}, headers=headers, timeout=120)
    assert r.status_code == 201, r.text
    assert r.json()["preview"]["valid"] == 2, r.json()
    return r.json()["token"]


def test_six_concurrent_confirms_import_once(live, engine, session):  # noqa: F811
    base, user = live
    me = user()
    token = upload(base, me)
    answers = at_once(base, [("POST", f"/api/v1/import/jobs/{token}/confirm", me, None) for _ in range(6)])
    assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
    bodies = [a.json() for a in answers]
    assert all(b == bodies[0] for b in bodies)
    assert bodies[0]["status"] == "done" and bodies[0]["report"]["created"] == 2
    assert session.scalar(select(func.count()).select_from(Project)) == 2  # rows created once
    later = at_once(base, [("POST", f"/api/v1/import/jobs/{token}/confirm", me, None)])[0]
    assert later.status_code == 200 and later.json() == bodies[0]


def test_only_the_uploader_confirms(live, engine, session):  # noqa: F811
    base, user = live
    token = upload(base, user())
    other = at_once(base, [("POST", f"/api/v1/import/jobs/{token}/confirm", user(), None)])[0]
    assert other.status_code == 403
    assert session.scalar(select(func.count()).select_from(Project)) == 0
