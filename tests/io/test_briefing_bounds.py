"""A briefing stays a note at any registry size (both engines): each list (launched, due, problems)
shows at most ``MAX_LISTED`` entries and counts the rest in a last line, and the selection is never
sent to the database as a list of ids (100,000 ids exceed SQLite's bound variables)."""

from __future__ import annotations

from datetime import date

from orken.io import briefing


def test_lists_are_bounded(client, session, monkeypatch):
    monkeypatch.setattr(briefing, "MAX_LISTED", 2)
    for i in range(5):
        r = client.post("/api/v1/projects", json={"name": {"ru": f"Завод {i}"}, "region_kato": "350000000",
                                                  "status": "suspended", "launch_planned": "2025-09-01"})
        assert r.status_code == 201
    b = briefing.gather(session, "350000000", "ru", date(2025, 6, 1))
    assert len(b.due) == 3 and b.due[-1]["name"] == "… (+3)"
    assert len([p for p in b.problems if "Завод" in p]) == 2 and "… (+3)" in b.problems
    assert b.totals["projects"] == 5
