"""What a person has to do in monitoring: per project, the ended quarters still without a submitted
or approved report (due, or overdue once the deadline has passed), and the earliest of them (the
quarter a new report is for). Uses the rule of the ``report_overdue`` alert (``workflow.is_overdue``),
so the inbox and the alerts agree: every overdue alert's quarter is among the overdue quarters here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.db.models import Project, StatusChange
from orken.monitoring import periods
from orken.monitoring.alerts import MONITORED
from orken.monitoring.models import Report
from orken.monitoring.service import actor_for, visible_projects
from orken.monitoring.workflow import State, is_overdue

#: how many ended quarters back the inbox looks
WINDOW = 4
RANK = {State.APPROVED: 3, State.SUBMITTED: 2, State.RETURNED: 1, State.DRAFT: 0}


@dataclass(frozen=True)
class Due:
    project_id: int
    year: int
    quarter: int
    due: date
    overdue: bool
    state: str | None  # the best state of its reports (draft or returned), None when there is none
    report_id: int | None


def quarters_open(states: dict, first: tuple[int, int] | None, today: date) -> list[tuple[int, int, str | None]]:
    """The ended quarters of the window (not before ``first``) without a submitted or approved report."""
    last = periods.index(*periods.last_ended(today))
    start = last - WINDOW + 1
    if first is not None:
        start = max(start, periods.index(*first))
    out = []
    for i in range(start, last + 1):
        period = periods.from_index(i)
        state = states.get(period)
        if state is None or State(state) in (State.DRAFT, State.RETURNED):
            out.append((*period, state))
    return out


def projects_of(session: Session, principal: Principal, limit: int = 500) -> list[Project]:
    """The projects under monitoring whose reports the principal drafts or reviews."""
    stmt = select(Project).where(visible_projects(principal), Project.status.in_(sorted(MONITORED)))
    projects = session.scalars(stmt.order_by(Project.id).limit(limit))
    return [p for p in projects if (lambda a: a.author or a.reviewer)(actor_for(principal, p))]


def due_quarters(session: Session, principal: Principal, today: date, projects: list[Project] | None = None) -> list[Due]:
    projects = projects_of(session, principal) if projects is None else projects
    ids = [p.id for p in projects]
    if not ids:
        return []
    states: dict = defaultdict(dict)
    report_of: dict = {}
    for r in session.execute(select(Report.id, Report.project_id, Report.year, Report.quarter, Report.state,
                                    Report.revision).where(Report.project_id.in_(ids))
                             .order_by(Report.revision)):
        period = (r.year, r.quarter)
        best = states[r.project_id].get(period)
        if best is None or RANK[State(r.state)] >= RANK[State(best)]:
            states[r.project_id][period] = r.state
            report_of[(r.project_id, *period)] = r.id
    starts = dict(session.execute(select(StatusChange.project_id, func.min(StatusChange.date))
                                  .where(StatusChange.project_id.in_(ids),
                                         StatusChange.status == "under_construction")
                                  .group_by(StatusChange.project_id)).all())
    out = []
    for p in projects:
        start = starts.get(p.id)
        first = periods.quarter_of(start) if start else None
        for year, quarter, state in quarters_open(states[p.id], first, today):
            deadline = periods.deadline(year, quarter)
            out.append(Due(p.id, year, quarter, deadline, is_overdue(state, deadline, today), state,
                           report_of.get((p.id, year, quarter))))
    return out


def earliest_open(session: Session, project: Project, today: date) -> tuple[int, int]:
    """The quarter a new report of the project is for: its earliest ended quarter without a report
    (of the inbox's window), else the latest ended quarter. Never a quarter that has not ended."""
    taken = {(y, q) for y, q in session.execute(select(Report.year, Report.quarter)
                                                .where(Report.project_id == project.id))}
    last = periods.index(*periods.last_ended(today))
    for i in range(last - WINDOW + 1, last + 1):
        if periods.from_index(i) not in taken:
            return periods.from_index(i)
    return periods.from_index(last)
