"""Facet counts in one statement (the selection read once, a GROUP BY per facet joined by UNION ALL)
equal those of one grouped query per facet, as before (both engines), with filters and text search."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func

from orken.registry import projects, query
from orken.registry.query import FACETS, ProjectFilter, _grouped, labels
from orken.registry.schemas import ProjectCreate
from orken.sample import loader


def _old_facets(session, f, names, limit=50):
    result = {}
    for name in query.facet_names(names):
        count = func.count().label("count")
        rows = session.execute(_grouped(f, name, count).order_by(count.desc()).limit(limit)).all()
        names_of = labels(session, name, [r.value for r in rows if r.value is not None])
        result[name] = [{"value": r.value, "label": names_of.get(r.value), "count": r.count} for r in rows]
    return result


def _ordered(facets):
    return {k: sorted(v, key=lambda d: (-d["count"], d["value"] is None, str(d["value"]))) for k, v in facets.items()}


@pytest.fixture
def seeded(session):
    loader.load(session)
    for i in range(30):
        projects.create(session, ProjectCreate(
            name={"ru": f"Завод {i} %_\\\\ цех" if i % 2 else f"Фабрика {i}"},
            region_kato=("350000000", "550000000")[i % 2], status=("planned", "launched", "suspended")[i % 3],
            oked=("24.10", "10.51", None)[i % 3], programmes=["business-roadmap"] if i % 4 == 0 else None,
            map_level="regional" if i % 5 else None, launch_planned=date(2024 + i % 4, 3, 1)), "test")
    session.commit()


@pytest.mark.parametrize("f", [ProjectFilter(), ProjectFilter(q="завод"), ProjectFilter(q="%_"),
                               ProjectFilter(region=["350000000"], status=["planned", "launched"]),
                               ProjectFilter(programme=["business-roadmap"]), ProjectFilter(q="nothing-matches")],
                         ids=["all", "q", "q-wildcards", "region+status", "programme", "empty"])
def test_facets_in_one_statement_equal_one_query_per_facet(session, seeded, f):
    names = list(FACETS)
    new = query.facets(session, f, names, limit=1000)
    assert list(new) == names
    assert _ordered(new) == _ordered(_old_facets(session, f, names, limit=1000))
    for items in new.values():  # most frequent first
        assert [d["count"] for d in items] == sorted((d["count"] for d in items), reverse=True)
    # cut at the limit: the most frequent values (which of equally frequent ones is the engine's choice)
    cut, old_cut = query.facets(session, f, names), _old_facets(session, f, names)
    for name in names:
        assert [d["count"] for d in cut[name]] == [d["count"] for d in _ordered(old_cut)[name]]
