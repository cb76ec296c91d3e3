"""/api/v1/projects/{id}/claims and /api/v1/ledger/moved: the promise ledger (``orken.ledger``).

Claims come only from facts an analyst accepted about registry projects, so everyone reads them,
the public included; who accepted a claim (and its fact in the review queue) only change-log readers.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.ledger import service
from orken.registry import projects
from orken.registry.outputs import Dec, Names, Out
from orken.registry.query import ProjectFilter
from orken.web.deps import get_principal, get_session, split
from orken.web.params import Id

router = APIRouter(prefix="/api/v1", tags=["ledger"])


class ClaimSource(Out):
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    title: str | None = None
    sentence: str | None = None


class ClaimOut(Out):
    id: int
    project_id: int
    measure: str
    actual: bool
    value: Dec | None = None
    unit: str | None = None
    qualifier: str | None = None
    period: str | None = None
    date: str | None = None
    precision: str | None = None
    on: str | None = None
    speaker: str | None = None
    said_on: str | None = None
    outlet: str | None = None
    url: str | None = None
    sentence: str | None = None
    lang: str | None = None
    sources: list[ClaimSource]
    fact_id: int | None = None  # change-log readers only
    accepted_by: str | None = None  # change-log readers only


class MeasureClaims(Out):
    measure: str
    claims: list[ClaimOut]


class ProjectClaims(Out):
    project_id: int
    claims: int
    measures: list[MeasureClaims]
    summary: dict[str, Any]
    plan: dict[str, Any]


class MovedRow(Out):
    project_id: int
    name: Names
    region_kato: str
    district_kato: str | None = None
    status: str
    launch_planned: str | None = None
    moves: int
    later: int
    earlier: int
    months: int
    months_moved: int
    first: str | None = None
    last: str | None = None
    first_on: str | None = None
    first_precision: str | None = None
    last_on: str | None = None
    last_precision: str | None = None
    launch_planned_on: str | None = None
    launch_planned_precision: str | None = None
    announcements: int
    last_said_on: str | None = None


class MovedList(Out):
    items: list[MovedRow]
    total: int
    more_than: int


def internal(principal: Principal) -> bool:
    return principal.can_read_change_log()


@router.get("/projects/{project_id}/claims", responses={200: {"model": ProjectClaims}})
def project_claims(project_id: Id, session: Session = Depends(get_session),
                   principal: Principal = Depends(get_principal)):
    """What the news said about the project over time (accepted facts), by measure, with the launch's moves."""
    project = projects.get(session, project_id)
    return {"project_id": project.id, **service.project_ledger(session, project, internal(principal))}


@router.get("/ledger/moved", responses={200: {"model": MovedList}})
def moved(region: list[str] | None = Query(None, description="region or district KATO codes"),
          more_than: int = Query(service.MOVED_MORE_THAN, ge=0, le=100,
                                 description="projects whose announced launch moved more than this many times"),
          session: Session = Depends(get_session)):
    """Projects whose announced launch date moved more than twice (``more_than``), most moves first."""
    rows = service.moved(session, ProjectFilter(region=split(region)), more_than)
    return {"items": rows, "total": len(rows), "more_than": more_than}
