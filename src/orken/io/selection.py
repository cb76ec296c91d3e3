"""Reading a filtered selection for export, in chunks, through the registry serializers.

Exports show what the API shows: ``orken.registry.serialize`` builds every record, and the public
or internal view is chosen there (the permission seam of ``project_dict``), not by field lists here.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Organisation, Project, Zone
from orken.registry import serialize
from orken.registry.others import organisation_state, zone_state
from orken.registry.query import ProjectFilter

CHUNK = 500
_HAS_VIEW = "internal" in inspect.signature(serialize.project_dict).parameters


def project_view(p: Project, internal: bool) -> dict:
    """The project as the API serializes it; public fields only unless ``internal``."""
    if _HAS_VIEW:
        return serialize.project_dict(p, internal=internal)
    return serialize.project_dict(p)  # before the public/internal seam exists every field is public


def projects(session: Session, f: ProjectFilter | None = None, internal: bool = False) -> Iterator[dict]:
    f = f or ProjectFilter()
    last = 0
    while True:
        chunk = list(session.scalars(f.apply(select(Project)).where(Project.id > last)
                                     .order_by(Project.id).limit(CHUNK)).unique())
        if not chunk:
            return
        for p in chunk:
            yield project_view(p, internal)
        last = chunk[-1].id
        session.expunge_all()


def zones(session: Session, ids: set[int] | None = None) -> Iterator[dict]:
    stmt = select(Zone).order_by(Zone.id)
    if ids is not None:
        stmt = stmt.where(Zone.id.in_(ids or {-1}))
    for z in session.scalars(stmt).unique():
        yield zone_state(session, z)


def organisations(session: Session, ids: set[int] | None = None) -> Iterator[dict]:
    stmt = select(Organisation).order_by(Organisation.id)
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(ids or {-1}))
    for o in session.scalars(stmt).unique():
        yield organisation_state(session, o)
