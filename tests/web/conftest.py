"""Fixtures of the web tests: a registry loaded with the sample dataset (on both engines)."""

from __future__ import annotations

import pytest
from orken.auth.guard import system_session


@pytest.fixture
def sample(engine):
    """The sample dataset loaded through the registry services; returns its counts."""
    from orken.sample.loader import load

    with system_session(engine, "tests") as s:
        load(s)
    from sqlalchemy import func, select

    from orken.db.models import Project, Zone

    with system_session(engine, "tests") as s:
        return {"projects": s.scalar(select(func.count()).select_from(Project)),
                "zones": s.scalar(select(func.count()).select_from(Zone))}
