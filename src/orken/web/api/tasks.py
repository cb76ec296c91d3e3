"""/api/v1/tasks: the tasks of quiet projects, for whoever they are assigned to (and analysts in scope),
and /api/v1/tasks/{id}/confirm: "the status is still current" (closes the task; logged)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.policy import PROJECT_EDITORS, Principal
from orken.db.models import Project
from orken.tasks import service
from orken.web.deps import get_actor, get_session, signed_in
from orken.web.params import Id

router = APIRouter(prefix="/api/v1", tags=["tasks"])
#: curators and analysts; investors and the public are refused (deny by default)
member = signed_in(PROJECT_EDITORS, who="the tasks", refusal="the tasks are for curators and analysts")


class TaskOut(BaseModel):
    id: int
    project_id: int
    project_name: dict[str, str | None] | None = None
    kind: str
    open: bool
    assignee_id: int | None = None
    assignee_role: str | None = None
    quiet_since: datetime | None = None
    opened_at: datetime | None = None
    escalated_at: datetime | None = None
    closed_at: datetime | None = None
    closed_reason: str | None = None
    closed_by: str | None = None


class TaskList(BaseModel):
    items: list[TaskOut]
    total: int


def names(session: Session, ids) -> dict[int, dict]:
    ids = list(set(ids))
    if not ids:
        return {}
    rows = session.execute(select(Project.id, Project.name_kk, Project.name_ru, Project.name_en)
                           .where(Project.id.in_(ids)))
    return {r[0]: {"kk": r[1], "ru": r[2], "en": r[3]} for r in rows}


@router.get("/tasks", responses={200: {"model": TaskList}})
def list_tasks(state: str = Query("open", pattern="^(open|closed|all)$"), session: Session = Depends(get_session),
               principal: Principal = Depends(member)):
    """Your tasks (an analyst: also those of the projects in your scope); ``state`` open, closed or all."""
    rows = service.list_tasks(session, principal, state=state)
    found = names(session, [t.project_id for t in rows])
    return {"items": [service.task_dict(t, found) for t in rows], "total": len(rows)}


@router.get("/tasks/{task_id}", responses={200: {"model": TaskOut}})
def get_task(task_id: Id, session: Session = Depends(get_session), principal: Principal = Depends(member)):
    task = service.get_task(session, principal, task_id)
    return service.task_dict(task, names(session, [task.project_id]))


@router.post("/tasks/{task_id}/confirm", dependencies=[Depends(get_actor)], responses={200: {"model": TaskOut}})
def confirm_task(task_id: Id, session: Session = Depends(get_session), principal: Principal = Depends(member)):
    """The project's status is still current: dated in the change log; the task is closed."""
    task = service.confirm(session, principal, task_id)
    return service.task_dict(task, names(session, [task.project_id]))
