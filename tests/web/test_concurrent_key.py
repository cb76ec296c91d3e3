"""Two requests that create objects with one key at once: the second is told 409, not 500.

Services check keys before they write (a clear 422 naming the field), but two requests can both pass
the check before either commits; the database's unique constraint then stops the second, and the
answer says that it lost a race. The race is staged: just before the request's INSERT reaches
PostgreSQL, another connection commits a project with the same external id.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from orken.auth.guard import trusted
from orken.db.models import Project


def test_the_second_of_two_creations_with_one_external_id_is_a_conflict(client, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs two")
    staged = []

    def commit_the_same_key_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO projects") and not staged:
            staged.append(True)
            with Session(engine) as other, trusted(other, "tests"):  # another writer, set up as the system
                other.add(Project(name_ru="Первый", region_kato="350000000", status="planned", external_id="IM-RACE"))
                other.commit()

    body = {"name": {"ru": "Второй"}, "region_kato": "350000000", "external_id": "IM-RACE"}
    event.listen(engine, "before_cursor_execute", commit_the_same_key_first)
    try:
        response = client.post("/api/v1/projects", json=body)
    finally:
        event.remove(engine, "before_cursor_execute", commit_the_same_key_first)
    assert staged, "the request never inserted a project"
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "same time" in response.json()["detail"]
    with Session(engine) as check:
        assert check.scalars(select(Project.name_ru).where(Project.external_id == "IM-RACE")).all() == ["Первый"]
    assert client.post("/api/v1/projects", json=body).status_code == 422  # now the check sees it: a field error
