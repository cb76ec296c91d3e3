"""Quiet projects: the sweep that opens, escalates and closes their tasks, who sees them, confirming.

A project is *quiet* when nothing has been heard of it for months: no news fact (accepted or pending)
or source document linked to it, no monitoring report, no edit (its change log, its own timestamps).
After ``quiet_confirm_months`` (12) the sweep opens a task "confirm the status" for the project's
curator (a user with a curator grant on that project), else the analyst of its region; after
``quiet_shelved_months`` (24) the same task is escalated to "likely shelved: confirm". Nothing decays
silently: the status stays what the registry says until a person confirms or changes it.

The sweep is idempotent (run it from cron, ``orken tasks sweep`` and every ``orken watch`` pass): one
open task per project at most (a unique column, see ``orken.tasks.models.Task``), an open task is
escalated once, and any news, report or edit newer than what the task was opened on closes it. A
status change, an edit or a confirmation through the one write path closes it at once (the hook in
``orken.tasks.models``). Times are explicit (``now=``) so that tests and replays need no clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from orken.auth.guard import service_writes, stored_project_subject
from orken.auth.models import User, UserGrant
from orken.auth.policy import Grant, Principal, Role, grant_covers
from orken.config import quiet_confirm_months, quiet_shelved_months
from orken.db.models import ChangeRecord, Document, Project, Source, utcnow
from orken.domain.lifecycle import OPERATING, Status
from orken.errors import Forbidden, NotFound
from orken.monitoring.models import Report
from orken.news.models import NewsFact
from orken.registry import entities, projects
from orken.registry.schemas import ProjectUpdate
from orken.tasks.models import Task

#: statuses that are not quiet-checked. A launched project or one at its design capacity has reached
#: the end of what the map tracks (its news thins out because it is done, not because it was shelved),
#: and a cancelled one is final (``lifecycle.TRANSITIONS`` allows nothing after it). Planned, under
#: construction, suspended and restoring projects are exactly those that can stall unseen, so they are.
NOT_CHECKED = frozenset(OPERATING | {Status.CANCELLED})
#: news facts that count as news of a project (a rejected one was not about it)
NEWS_STATES = ("accepted", "pending")
#: roles that see the tasks of every project in their scope, not only their own
SCOPED_READERS = frozenset({Role.ADMINISTRATOR, Role.CENTRE_ANALYST, Role.SECTOR_ANALYST, Role.REGION_ANALYST})


def aware(t: datetime | date | None) -> datetime | None:
    if t is None:
        return None
    if not isinstance(t, datetime):
        return datetime.combine(t, time.min, tzinfo=timezone.utc)
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t


def months_before(now: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    y, m = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(y, m + 1)[1])
    return now.replace(year=y, month=m + 1, day=day)


def _latest(into: dict[int, datetime], rows: Iterable) -> None:
    for pid, t in rows:
        t = aware(t)
        if pid is not None and t is not None and (pid not in into or t > into[pid]):
            into[pid] = t


def last_activity(session: Session, project_ids: list[int] | None = None) -> dict[int, datetime]:
    """Each project's latest news, report or edit (grouped queries: a few per sweep, not per project)."""
    out: dict[int, datetime] = {}

    def only(stmt, column):
        return stmt.where(column.in_(project_ids)) if project_ids is not None else stmt

    _latest(out, session.execute(only(select(Project.id, Project.created_at), Project.id)))
    _latest(out, session.execute(only(select(Project.id, Project.updated_at), Project.id)))
    _latest(out, session.execute(only(select(ChangeRecord.object_id, func.max(ChangeRecord.time))
                                      .where(ChangeRecord.object_type == "project"), ChangeRecord.object_id)
                                 .group_by(ChangeRecord.object_id)))
    _latest(out, session.execute(only(select(Report.project_id, func.max(Report.updated_at)), Report.project_id)
                                 .group_by(Report.project_id)))
    _latest(out, session.execute(only(select(Report.project_id, func.max(Report.created_at)), Report.project_id)
                                 .group_by(Report.project_id)))
    news = select(NewsFact.project_id, func.max(Document.date)).join(Document, Document.id == NewsFact.document_id) \
        .where(NewsFact.review_status.in_(NEWS_STATES), NewsFact.project_id.is_not(None))
    _latest(out, session.execute(only(news, NewsFact.project_id).group_by(NewsFact.project_id)))
    undated = select(NewsFact.project_id, func.max(NewsFact.created_at)) \
        .join(Document, Document.id == NewsFact.document_id) \
        .where(NewsFact.review_status.in_(NEWS_STATES), NewsFact.project_id.is_not(None), Document.date.is_(None))
    _latest(out, session.execute(only(undated, NewsFact.project_id).group_by(NewsFact.project_id)))
    sources = select(Source.project_id, func.max(Source.date)).where(Source.document_id.is_not(None))
    _latest(out, session.execute(only(sources, Source.project_id).group_by(Source.project_id)))
    return out


@dataclass
class Sweep:
    opened: list[int] = field(default_factory=list)  # project ids
    escalated: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    open: int = 0

    def as_dict(self) -> dict:
        return {"opened": len(self.opened), "escalated": len(self.escalated), "closed": len(self.closed),
                "open": self.open}


class _Assigner:
    """Who gets a project's task: a curator with a grant on that project, else an analyst of its region
    whose grant covers it (active users only; the lowest id when several, so a rerun picks the same)."""

    def __init__(self, session: Session):
        self.session = session
        rows = session.execute(select(UserGrant.user_id, UserGrant.role, UserGrant.region, UserGrant.sector,
                                      UserGrant.programme, UserGrant.project_id)
                               .join(User, User.id == UserGrant.user_id).where(User.is_active.is_(True))
                               .where(UserGrant.role.in_((Role.CURATOR.value, Role.REGION_ANALYST.value)))
                               .order_by(UserGrant.user_id, UserGrant.id))
        self.curators: dict[int, int] = {}
        self.analysts: list[tuple[int, Grant]] = []
        for user_id, role, region, sector, programme, project_id in rows:
            if role == Role.CURATOR and project_id is not None:
                self.curators.setdefault(project_id, user_id)
            elif role == Role.REGION_ANALYST and region is not None:
                self.analysts.append((user_id, Grant(Role.REGION_ANALYST, region, sector, programme)))

    def could(self, project_id: int) -> bool:
        """Whether anyone at all might be assigned (cheap: no query)."""
        return project_id in self.curators or bool(self.analysts)

    def __call__(self, project_id: int) -> tuple[int | None, str | None]:
        if project_id in self.curators:
            return self.curators[project_id], Role.CURATOR.value
        if self.analysts:
            subject = stored_project_subject(self.session, project_id)
            for user_id, grant in self.analysts:
                if subject is not None and grant_covers(grant, subject):
                    return user_id, Role.REGION_ANALYST.value
        return None, None


def sweep(session: Session, now: datetime | None = None, confirm_months: int | None = None,
          shelved_months: int | None = None) -> Sweep:
    """Open, escalate and close the tasks of quiet projects as of ``now``; commits nothing (the caller's
    transaction). Safe to run again at once or concurrently: a second run changes nothing."""
    try:
        with session.begin_nested():
            return _sweep(session, now, confirm_months, shelved_months)
    except IntegrityError:  # another sweep opened the same task meanwhile: its result stands, go again
        with session.begin_nested():
            return _sweep(session, now, confirm_months, shelved_months)


def _sweep(session, now, confirm_months, shelved_months) -> Sweep:
    now = aware(now or utcnow())
    confirm = months_before(now, confirm_months or quiet_confirm_months())
    shelved = months_before(now, max(shelved_months or quiet_shelved_months(), confirm_months or 0))
    result = Sweep()
    statuses = {r[0]: r[1] for r in session.execute(select(Project.id, Project.status))}
    activity = last_activity(session)
    assign = _Assigner(session)
    with service_writes(session, "tasks"):
        # the open tasks as plain rows (a nightly sweep of 100,000 projects changes a few of them);
        # only those that change are loaded as objects
        open_rows = {r.project_id: r for r in session.execute(
            select(Task.id, Task.project_id, Task.kind, Task.quiet_since, Task.assignee_id)
            .where(Task.open_project_id.is_not(None)))}
        closing: dict[int, str] = {}
        for pid, row in open_rows.items():
            last = activity.get(pid)
            if statuses.get(pid) in NOT_CHECKED or pid not in statuses:
                closing[row.id] = "not_checked"
            elif last is not None and last > aware(row.quiet_since):
                closing[row.id] = "activity"
        escalating, unassigned, opening = {}, {}, []
        for pid, status in statuses.items():
            last = activity.get(pid)
            if status in NOT_CHECKED or last is None or last > confirm:
                continue
            row = open_rows.get(pid)
            kind = "likely_shelved" if last <= shelved else "confirm_status"
            if row is None or row.id in closing:
                user_id, role = assign(pid)
                opening.append(Task(project_id=pid, open_project_id=pid, kind=kind, assignee_id=user_id,
                                    assignee_role=role, quiet_since=last, opened_at=now))
                result.opened.append(pid)
            else:
                if kind == "likely_shelved" and row.kind != kind:
                    escalating[row.id] = pid
                if row.assignee_id is None and assign.could(pid):  # a curator or analyst granted since
                    unassigned[row.id] = pid
        changing = set(closing) | set(escalating) | set(unassigned)
        tasks = {t.id: t for ids in _chunks(sorted(changing), 500)
                 for t in session.scalars(select(Task).where(Task.id.in_(ids)))}
        for task_id, reason in closing.items():
            _close(tasks[task_id], now, reason, "system:sweep")
            result.closed.append(tasks[task_id].project_id)
        for task_id, pid in escalating.items():
            tasks[task_id].kind, tasks[task_id].escalated_at = "likely_shelved", now
            result.escalated.append(pid)
        for task_id, pid in unassigned.items():
            user_id, role = assign(pid)
            if user_id is not None:
                tasks[task_id].assignee_id, tasks[task_id].assignee_role = user_id, role
        # close before opening: a project's open_project_id is free again before its new task takes it
        session.flush()
        session.add_all(opening)
        session.flush()
    result.open = session.scalar(select(func.count()).select_from(Task).where(Task.open_project_id.is_not(None)))
    return result


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _close(task: Task, now: datetime, reason: str, by: str) -> None:
    task.open_project_id, task.closed_at, task.closed_reason, task.closed_by = None, now, reason, by[:200]


# --- reading and confirming ---------------------------------------------------------------------------


def uncertain(session: Session, project_ids: Iterable[int] | None = None) -> dict[int, datetime]:
    """Projects with an open task -> since when their status is not confirmed (public: no assignee)."""
    stmt = select(Task.project_id, Task.quiet_since).where(Task.open_project_id.is_not(None))
    if project_ids is not None:
        stmt = stmt.where(Task.project_id.in_(list(project_ids)))
    return {pid: aware(t) for pid, t in session.execute(stmt)}


def _sees_all(principal: Principal) -> bool:
    return any(g.unrestricted for g in principal.grants_for(SCOPED_READERS))


def may_see(session: Session, principal: Principal, task: Task) -> bool:
    """A task is its assignee's; analysts and administrators also see those of the projects in their scope.
    A curator sees only theirs; investors and the public none (deny by default)."""
    if principal.system:
        return True
    if not principal.signed_in:
        return False
    if principal.user_id is not None and task.assignee_id == principal.user_id:
        return True
    if _sees_all(principal):
        return True
    scoped = principal.grants_for(SCOPED_READERS)
    if not scoped:
        return False
    subject = stored_project_subject(session, task.project_id)
    return subject is not None and any(grant_covers(g, subject) for g in scoped)


def list_tasks(session: Session, principal: Principal, state: str = "open", limit: int = 500) -> list[Task]:
    stmt = select(Task).order_by(Task.opened_at.desc(), Task.id.desc())
    if state == "open":
        stmt = stmt.where(Task.open_project_id.is_not(None))
    elif state == "closed":
        stmt = stmt.where(Task.open_project_id.is_(None))
    if not principal.system and not _sees_all(principal):
        if not principal.signed_in:
            return []
        if not principal.grants_for(SCOPED_READERS):  # a curator: only theirs, in SQL
            stmt = stmt.where(Task.assignee_id == principal.user_id)
        rows = [t for t in session.scalars(stmt.limit(limit * 4)) if may_see(session, principal, t)]
        return rows[:limit]
    return list(session.scalars(stmt.limit(limit)))


def get_task(session: Session, principal: Principal, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"there is no task {task_id}")
    if not may_see(session, principal, task):
        raise Forbidden(f"task {task_id} is not yours")
    return task


def can_confirm(session: Session, principal: Principal, task: Task) -> bool:
    subject = stored_project_subject(session, task.project_id)
    return task.open_project_id is not None and subject is not None and may_see(session, principal, task) and (
        principal.system or principal.can_edit_project(subject))


def confirm(session: Session, principal: Principal, task_id: int, today: date | None = None) -> Task:
    """"The status is still current": the project's ``status_as_of`` becomes today through the one write
    path (a dated change-log entry by the confirming user) and the task is closed as confirmed."""
    task = get_task(session, principal, task_id)
    if task.open_project_id is None:
        from orken.errors import Conflict

        raise Conflict(f"task {task_id} is already closed")
    if not can_confirm(session, principal, task):
        raise Forbidden(f"you may not confirm the status of project {task.project_id}")
    today = today or utcnow().date()
    actor = principal.audit_name
    with service_writes(session, "tasks"):
        # logged as a confirmation even when the status was already dated today
        entities.update(session, projects.PROJECT, task.project_id, ProjectUpdate(status_as_of=today.isoformat()),
                        actor, principal, action="confirm")
        _close(task, aware(utcnow()), "confirmed", actor)
        session.flush()
    return task


def task_dict(task: Task, names: dict[int, dict] | None = None) -> dict:
    iso = lambda t: aware(t).isoformat() if t else None  # noqa: E731
    return {"id": task.id, "project_id": task.project_id, "project_name": (names or {}).get(task.project_id),
            "kind": task.kind, "open": task.open_project_id is not None, "assignee_id": task.assignee_id,
            "assignee_role": task.assignee_role, "quiet_since": iso(task.quiet_since), "opened_at": iso(task.opened_at),
            "escalated_at": iso(task.escalated_at), "closed_at": iso(task.closed_at),
            "closed_reason": task.closed_reason, "closed_by": task.closed_by}
