"""The briefing's lists and map points are cut and filtered in SQL (``briefing._lists``), with the
same result as reading every project of the selection into Python as before (both engines): the
same launched, due and problem lists (first ``MAX_LISTED`` by name, the rest counted), the same
points, sample flag, zone counts and figures, for the country and a region, cut short or not."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import date

import pytest
from sqlalchemy import select

from orken.auth.policy import Principal
from orken.db.models import AdminUnit, Project
from orken.domain.lifecycle import OPERATING
from orken.io import briefing
from orken.registry import projects
from orken.registry.schemas import ProjectCreate
from orken.sample import loader


def _old_lists(session, f, b):
    """The lists as they were built: every project of the selection read in name order."""
    today, lang = b.today, b.lang
    stmt = f.apply(select(*(getattr(Project, c) for c in briefing._ROW_COLUMNS))).order_by(Project.sort_name,
                                                                                             Project.id)
    centres = {k: (lat, lon) for k, lat, lon in session.execute(select(AdminUnit.kato, AdminUnit.lat, AdminUnit.lon))}
    suspended, overdue, more = [], [], Counter()
    for p in map(briefing._Row, session.execute(stmt)):
        b.has_sample |= bool(p.is_sample)
        if p.launch_actual and p.launch_actual.year == today.year:
            briefing._listed(b.launched, more, "launched", briefing._row(p, lang))
        elif not p.launch_actual and p.launch_planned and p.launch_planned.year == today.year and \
                p.status not in OPERATING and p.status != "cancelled":
            briefing._listed(b.due, more, "due", briefing._row(p, lang))
        if p.status == "suspended":
            briefing._listed(suspended, more, "problems", f"{p.name(lang)} — {b.t('suspended')}")
        elif (p.launch_planned and p.launch_planned < today and p.status not in OPERATING
              and p.status != "cancelled"):
            briefing._listed(overdue, more, "problems",
                             f"{p.name(lang)} — {b.t('overdue', date=p.launch_planned.strftime('%d.%m.%Y'))}")
        lat, lon = p.lat, p.lon
        if lat is None:
            lat, lon = centres.get(p.district_kato or p.region_kato, (None, None))
        if lat is not None:
            b.points.append((lon, lat, p.status))
    for name, items in (("launched", b.launched), ("due", b.due)):
        if more[name]:
            items.append({"name": f"… (+{more[name]})", "status": "", "investment": "", "jobs": "", "launch": "",
                          "sample": False})
    return suspended, overdue, more


@pytest.fixture
def seeded(session):
    loader.load(session)
    statuses = ["planned", "under_construction", "launched", "suspended", "cancelled", "at_design_capacity"]
    for i in range(40):
        status = statuses[i % len(statuses)]
        launched = status in ("launched", "at_design_capacity")
        projects.create(session, ProjectCreate(
            name={"ru": f"Цех <{i % 7}> =" + "я" * (i % 3), "kk": f"Цех {i}"},
            region_kato=("350000000", "550000000", "710000000")[(i // 3) % 3], status=status,
            lat=49.8 if i % 4 else None, lon=73.1 if i % 4 else None,
            launch_planned=date(2024 + i % 3, 1 + i % 12, 1), is_sample=i == 7,
            launch_actual=date(2025, 1 + i % 6, 2) if launched else None,
            investment_planned={"amount": str(1000 * i)}, jobs_permanent_planned=i), "test")
    session.commit()


@pytest.mark.parametrize("limit", [briefing.MAX_LISTED, 3])
def test_lists_in_sql_equal_the_python_scan(session, seeded, monkeypatch, limit):
    monkeypatch.setattr(briefing, "MAX_LISTED", limit)
    for kato in (None, "350000000"):
        for lang in ("kk", "ru"):
            for reader in (None, Principal()):
                new = briefing.gather(session, kato, lang, date(2025, 6, 1), principal=reader)
                with monkeypatch.context() as m:
                    m.setattr(briefing, "_lists", _old_lists)
                    old = briefing.gather(session, kato, lang, date(2025, 6, 1), principal=reader)
                a, b = asdict(new), asdict(old)
                a.pop("unit"), b.pop("unit")
                assert a == b, (kato, lang, limit)
                assert new.launched and new.due and new.points
                if limit == 3:
                    assert new.launched[-1]["name"].startswith("… (+")
