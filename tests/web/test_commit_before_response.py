"""A write is committed before its answer leaves the server.

Found by the soak (bench/soak.py): a curator's ``POST /api/v1/reports`` answered 201, and the
curator's very next request, ``POST /api/v1/reports/{id}/submit``, got 404 "there is no report":
FastAPI ends dependencies with ``yield`` after the response has been sent unless told otherwise,
so the session's commit ran after the client already had its 201 (and a commit that failed then
could not change an answer already given). Here an ASGI wrapper looks at the database, from
another connection, at the moment the last byte of the answer is sent.
"""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import select

from orken.db.models import Project
from tests.conftest import make_user


def _spying(app, engine, seen: list):
    """The app, with a look at the stored projects (id -> jobs) taken as each answer's last byte is sent."""

    def stored() -> dict[int, int | None]:
        with engine.connect() as conn:
            return dict(conn.execute(select(Project.id, Project.jobs_permanent_planned)).all())

    async def wrapped(scope, receive, send):
        async def spy(message):
            if message["type"] == "http.response.body" and not message.get("more_body"):
                seen.append(stored())
            await send(message)

        await app(scope, receive, spy)

    return wrapped


def test_writes_are_committed_before_the_answer_is_sent(app, engine):
    token = make_user(engine, "writer", "administrator")
    seen: list[dict] = []

    async def run():
        transport = httpx.ASGITransport(app=_spying(app, engine, seen))
        async with httpx.AsyncClient(transport=transport, base_url="http://orken",
                                     headers={"Authorization": f"Bearer {token}"}) as c:
            created = await c.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": "350000000",
                                                             "jobs_permanent_planned": 5})
            assert created.status_code == 201, created.text
            pid = created.json()["id"]
            edited = await c.patch(f"/api/v1/projects/{pid}", json={"jobs_permanent_planned": 6,
                                                                    "version": created.json()["version"]})
            assert edited.status_code == 200, edited.text
            return pid

    pid = asyncio.run(run())
    at_create, at_edit = seen
    assert at_create.get(pid) == 5  # the new project was there when its 201 went out
    assert at_edit.get(pid) == 6  # and the edit when its 200 went out
