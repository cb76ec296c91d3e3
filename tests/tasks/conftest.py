"""Quiet projects: helpers to make a project quiet (its own times and change log moved into the past)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from orken.auth.guard import system_session

KAR = "350000000"  # Karaganda region
ALM = "190000000"  # Almaty region (another analyst's)


def months_ago(n: int, now: datetime | None = None) -> datetime:
    return (now or datetime.now(timezone.utc)) - timedelta(days=round(30.5 * n))


def quiet(engine, pid: int, since: datetime) -> None:
    """Nothing heard of project ``pid`` since ``since``: its created/updated times and change log moved back."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE projects SET created_at = :t, updated_at = :t WHERE id = :p"), {"t": since, "p": pid})
        conn.execute(text("UPDATE change_log SET time = :t WHERE object_type = 'project' AND object_id = :p"),
                     {"t": since, "p": pid})


def add_news(engine, pid: int, state: str = "pending", day: date | None = None) -> None:
    from orken.db.models import Document
    from orken.news.models import NewsFact

    with system_session(engine, "tests") as s:
        doc = Document(key=f"news-{pid}-{state}-{day}", title="t", lang="ru", date=day, text="Завод запущен.")
        s.add(doc)
        s.flush()
        s.add(NewsFact(document_id=doc.id, seq=0, sentence_start=0, sentence_end=14, span_start=0, span_end=5,
                       text="Завод запущен.", measure="status", project_id=pid, review_status=state))


def add_report(engine, pid: int) -> None:
    from orken.monitoring.models import Report

    with system_session(engine, "tests") as s:
        s.add(Report(project_id=pid, year=2026, quarter=3, revision=1, state="draft", due=date(2026, 10, 20)))


@pytest.fixture
def project(client):
    def make(status: str = "under_construction", region: str = KAR, name: str = "Завод", **more) -> int:
        r = client.post("/api/v1/projects", json={"name": {"ru": name, "kk": name + " (kk)"}, "region_kato": region,
                                                  "oked": "24", "status": status, **more})
        assert r.status_code == 201, r.text
        return r.json()["id"]
    return make
