"""Targets, portfolios and monitoring reports over the database, with permissions and the change log.

Every function takes the acting ``Principal``; decisions come from ``orken.auth.policy`` and the
report workflow from ``orken.monitoring.workflow``. Every write is in the change log with the user,
and every edit may carry the ``version`` it was based on (a stale one is a 409 with the current
state, like the registry).
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from functools import wraps
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from orken.auth.guard import acting, project_subject
from orken.auth.policy import Principal, Role
from orken.db.models import AdminUnit, ChangeRecord, Programme, Project, Sector
from orken.monitoring import periods
from orken.monitoring.models import Portfolio, PortfolioProject, Report, Target
from orken.monitoring.rules import PORTFOLIO_RULE, TARGET_RULE, target_subject
from orken.monitoring.schemas import (
    PortfolioIn,
    PortfolioUpdate,
    PortfolioOut,
    ReportIn,
    ReportUpdate,
    TargetIn,
    TargetOut,
    TargetUpdate,
)
from orken.monitoring.workflow import Action, Actor, State, WorkflowError, next_state
from orken.registry import changelog, entities
from orken.registry.projects import get as get_project
from orken.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized, VersionConflict
from orken.i18n import N_
from orken.registry.query import ProjectFilter
from orken.registry.serialize import dec

REPORT_FIGURES = ("investment_period_kzt", "investment_to_date_kzt", "jobs_permanent", "jobs_temporary",
                  "output_value_kzt", "output_volume", "output_unit", "capacity_utilisation", "exports_kzt",
                  "support_received_kzt", "problems", "needs", "is_public")


class StateConflict(Conflict):
    status = 409
    title = "Not allowed in this state"


def _deny(principal: Principal, message: str) -> None:
    raise (Forbidden if principal.signed_in else Unauthorized)(message)


def _acts(fn):
    """The service writes as the principal it is handed: the flush guard checks its rows under it."""
    @wraps(fn)
    def inner(session: Session, principal: Principal, *args, **kwargs):
        with acting(session, principal):
            return fn(session, principal, *args, **kwargs)
    return inner


def _now() -> datetime:
    return datetime.now(timezone.utc)


# --- visibility (the scope condition) --------------------------------------------------------


def project_scope(principal: Principal) -> list | None:
    """The grants that bound what the principal reads internally (None: everything)."""
    return principal.read_scope()


def visible_projects(principal: Principal):
    """SQL: the projects whose internal data (unpublished reports, targets' figures) the principal reads."""
    scope = project_scope(principal)
    if scope is None:
        return true()
    conditions = ProjectFilter(scope=scope).conditions()
    return Project.id.in_(select(Project.id).where(*conditions))


def visible_reports(principal: Principal):
    """SQL: reports the principal may read: all in their scope, plus approved published ones."""
    published = and_(Report.state == State.APPROVED, Report.is_public.is_(True))
    scope = project_scope(principal)
    if scope is None:
        return true()
    if not scope:
        return published
    return or_(published, Report.project_id.in_(select(Project.id).where(*ProjectFilter(scope=scope).conditions())))


# --- targets -------------------------------------------------------------------------------------


def can_set_target(session: Session, principal: Principal, t) -> bool:
    return principal.can_set_target(target_subject(session, t))


def target_dict(t: Target) -> dict[str, Any]:
    return {"id": t.id, "year": t.year, "scope": {"region": t.kato, "sector": t.sector, "programme": t.programme},
            "projects_launched": t.projects_launched, "investment_kzt": dec(t.investment_kzt),
            "jobs_permanent": t.jobs_permanent, "output_kzt": dec(t.output_kzt), "note": t.note,
            "version": t.version}


def _check_target_refs(session: Session, data) -> None:
    errors = []
    if data.kato and session.get(AdminUnit, data.kato) is None:
        errors.append({"field": "scope.region", "message": f"there is no region or district {data.kato}",
                       "msgid": N_("This record does not exist.")})
    if data.sector and session.get(Sector, data.sector.upper() if data.sector.isalpha() else data.sector) is None:
        errors.append({"field": "scope.sector", "message": f"{data.sector} is not an OKED section or division",
                       "msgid": N_("Choose a sector from the list.")})
    if data.programme is not None and session.get(Programme, data.programme) is None:
        errors.append({"field": "scope.programme", "message": f"there is no programme {data.programme!r}",
                       "msgid": N_("This record does not exist.")})
    if errors:
        raise InvalidInput(errors)


def list_targets(session: Session, year: int | None = None) -> list[Target]:
    stmt = select(Target).order_by(Target.year, Target.kato, Target.sector, Target.programme, Target.id)
    if year is not None:
        stmt = stmt.where(Target.year == year)
    return list(session.scalars(stmt))


def get_target(session: Session, target_id: int) -> Target:
    return entities.get(session, TARGET, target_id)


def _authorize_target(session: Session, principal: Principal, t, action: str) -> None:
    if action == "create":
        _check_target_refs(session, t)
    if not can_set_target(session, principal, t):
        _deny(principal, {"create": "you may not set targets for this scope",
                          "update": "you may not change targets of this scope",
                          "delete": "you may not delete targets of this scope"}[action])


def _write_target(session: Session, t: Target | None, data) -> Target:
    """The target's part of the one write path (``orken.registry.entities``)."""
    if t is not None:
        _apply_target(t, data, data.model_fields_set)
        return t
    exists = session.scalar(select(Target.id).where(
        Target.year == data.year, _eq(Target.kato, data.kato), _eq(Target.sector, data.sector),
        _eq(Target.programme, data.programme)))
    if exists:
        raise InvalidInput.one("scope", f"target {exists} already covers this scope and year; change it instead",
                               N_("A target for this scope and year exists already; change it instead."))
    t = Target(year=data.year, kato=data.kato, sector=data.sector, programme=data.programme)
    _apply_target(t, data, data.model_fields_set | {"projects_launched", "investment_kzt", "jobs_permanent",
                                                    "output_kzt", "note"})
    session.add(t)
    return t


@_acts
def create_target(session: Session, principal: Principal, data: TargetIn) -> Target:
    return entities.create(session, TARGET, data, principal.audit_name, principal)


@_acts
def update_target(session: Session, principal: Principal, target_id: int, data: TargetUpdate) -> Target:
    return entities.update(session, TARGET, target_id, data, principal.audit_name, principal)


@_acts
def delete_target(session: Session, principal: Principal, target_id: int, version: int | None) -> None:
    entities.delete(session, TARGET, target_id, principal.audit_name, version, principal)


def _apply_target(t: Target, data, given: set[str]) -> None:
    for name in ("projects_launched", "investment_kzt", "jobs_permanent", "output_kzt", "note"):
        if name in given:
            setattr(t, name, getattr(data, name))


def _target_label(t: Target) -> str:
    scope = ",".join(f"{k}:{v}" for k, v in (("region", t.kato), ("sector", t.sector), ("programme", t.programme))
                     if v) or "country"
    return f"{t.year} {scope}"


def _eq(column, value):
    return column.is_(None) if value is None else column == value


# --- portfolios ----------------------------------------------------------------------------------


def portfolio_dict(p: Portfolio) -> dict[str, Any]:
    return {"id": p.id, "name": {"kk": p.name_kk, "ru": p.name_ru, "en": p.name_en}, "kind": p.kind,
            "horizon": p.horizon, "projects_target": p.projects_target,
            "investment_target_kzt": dec(p.investment_target_kzt),
            "projects": sorted(m.project_id for m in p.members), "version": p.version}


def _authorize_portfolio(session: Session, principal: Principal, p, action: str) -> None:
    if not principal.can_keep_portfolios():
        _deny(principal, "portfolios are kept by administrators and centre analysts")


def _write_portfolio(session: Session, p: Portfolio | None, data: PortfolioIn | PortfolioUpdate) -> Portfolio:
    missing = [pid for pid in data.projects or () if session.get(Project, pid) is None]
    if missing:
        raise InvalidInput.one("projects", f"there is no project {missing[0]}", N_("This record does not exist."))
    if p is not None:
        given = data.model_fields_set - {"version"}
        if "name" in given and data.name is not None:
            p.name_kk, p.name_ru, p.name_en = data.name.kk, data.name.ru, data.name.en
        for field in ("kind", "horizon", "projects_target", "investment_target_kzt"):
            if field in given and (field != "kind" or data.kind is not None):
                setattr(p, field, getattr(data, field))
        if "projects" in given and data.projects is not None:
            keep = dict.fromkeys(data.projects)
            p.members = [m for m in p.members if m.project_id in keep] + [
                PortfolioProject(project_id=pid) for pid in keep if pid not in {m.project_id for m in p.members}]
        return p
    p = Portfolio(name_kk=data.name.kk, name_ru=data.name.ru, name_en=data.name.en, kind=data.kind,
                  horizon=data.horizon, projects_target=data.projects_target,
                  investment_target_kzt=data.investment_target_kzt,
                  members=[PortfolioProject(project_id=pid) for pid in dict.fromkeys(data.projects)])
    session.add(p)
    return p


@_acts
def create_portfolio(session: Session, principal: Principal, data: PortfolioIn) -> Portfolio:
    return entities.create(session, PORTFOLIO, data, principal.audit_name, principal)


TARGET = entities.Entity(
    name="target", model=Target, create_in=TargetIn, update_in=TargetUpdate, out=TargetOut,
    state=lambda session, t, principal=None: target_dict(t), label=lambda t: _target_label(t),
    write=_write_target, path="/targets", id_param="target_id", policy=TARGET_RULE,
    label_msgid="Target", plural_msgid="Targets", filters=("year",), authorize=_authorize_target,
    log_unchanged=True,
)
PORTFOLIO = entities.Entity(
    name="portfolio", model=Portfolio, create_in=PortfolioIn, update_in=PortfolioUpdate, out=PortfolioOut,
    state=lambda session, p, principal=None: portfolio_dict(p), label=lambda p: p.name("ru"),
    write=_write_portfolio, path="/portfolios", id_param="portfolio_id", policy=PORTFOLIO_RULE,
    label_msgid="Portfolio", plural_msgid="Portfolios", authorize=_authorize_portfolio,
)


# --- reports -----------------------------------------------------------------------------------


def actor_for(principal: Principal, project: Project) -> Actor:
    subject = project_subject(project)
    return Actor(author=principal.can_author_report(subject), reviewer=principal.can_review_report(subject))


def can_read_report(principal: Principal, report: Report, project: Project) -> tuple[bool, bool]:
    """(may read it at all, may read its internal fields)."""
    internal = principal.can_read_internal(project_subject(project))
    public = report.state == State.APPROVED and report.is_public
    return internal or public, internal


def report_dict(r: Report, internal: bool = True) -> dict[str, Any]:
    d = {
        "id": r.id, "project_id": r.project_id, "year": r.year, "quarter": r.quarter, "revision": r.revision,
        "state": r.state, "current": r.current, "due": r.due.isoformat(),
        "overdue": r.state in (State.DRAFT, State.RETURNED) and r.due < _now().date(),
        "investment_period_kzt": dec(r.investment_period_kzt), "investment_to_date_kzt": dec(r.investment_to_date_kzt),
        "jobs_permanent": r.jobs_permanent, "jobs_temporary": r.jobs_temporary,
        "output_value_kzt": dec(r.output_value_kzt), "output_volume": dec(r.output_volume),
        "output_unit": r.output_unit, "capacity_utilisation": dec(r.capacity_utilisation),
        "exports_kzt": dec(r.exports_kzt), "support_received_kzt": dec(r.support_received_kzt),
        "problems": r.problems, "needs": r.needs, "is_public": r.is_public, "review_comment": r.review_comment,
        "created_by": r.created_by, "submitted_by": r.submitted_by, "reviewed_by": r.reviewed_by,
        "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "version": r.version,
    }
    if not internal:
        from orken.auth.policy import INTERNAL_REPORT_FIELDS

        d = {k: v for k, v in d.items() if k not in INTERNAL_REPORT_FIELDS}
    return d


def get_report(session: Session, principal: Principal, report_id: int) -> tuple[Report, bool]:
    report = session.get(Report, report_id)
    if report is None:
        raise NotFound(f"there is no report {report_id}")
    readable, internal = can_read_report(principal, report, get_project(session, report.project_id))
    if not readable:
        raise NotFound(f"there is no report {report_id}")  # do not reveal that it exists
    return report, internal


def list_reports(session: Session, principal: Principal, project_id: int | None = None, year: int | None = None,
                 quarter: int | None = None, state: list[str] | None = None, overdue: bool | None = None,
                 f: ProjectFilter | None = None, limit: int = 100, offset: int = 0) -> tuple[list[Report], int]:
    stmt = select(Report).where(visible_reports(principal))
    if project_id is not None:
        stmt = stmt.where(Report.project_id == project_id)
    if year is not None:
        stmt = stmt.where(Report.year == year)
    if quarter is not None:
        stmt = stmt.where(Report.quarter == quarter)
    if state:
        stmt = stmt.where(Report.state.in_(state))
    if overdue is not None:
        late = and_(Report.state.in_([State.DRAFT, State.RETURNED]), Report.due < _now().date())
        stmt = stmt.where(late if overdue else ~late)
    if f is not None and f.conditions():
        stmt = stmt.where(Report.project_id.in_(f.apply(select(Project.id))))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Report.due.desc(), Report.project_id, Report.revision.desc())
                           .limit(limit).offset(offset))
    return list(rows), total


def report_dicts(session: Session, principal: Principal, reports: list[Report]) -> list[dict[str, Any]]:
    """``report_dict`` of each report with the fields its reader may see; the projects load in one batch."""
    ids = {r.project_id for r in reports}
    projects = {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(ids)))} if ids else {}
    return [report_dict(r, can_read_report(principal, r, projects[r.project_id])[1]) for r in reports]


@_acts
def create_report(session: Session, principal: Principal, data: ReportIn) -> Report:
    project = get_project(session, data.project_id)
    if not actor_for(principal, project).author:
        _deny(principal, f"you may not report on project {project.id}")
    existing = session.scalars(select(Report).where(Report.project_id == project.id, Report.year == data.year,
                                                    Report.quarter == data.quarter)).all()
    if existing:
        latest = max(existing, key=lambda r: r.revision)
        hint = "correct it" if latest.state == State.APPROVED else "edit it"
        raise StateConflict(f"report {latest.id} already covers {data.year} Q{data.quarter} ({latest.state}); {hint}")
    report = Report(project_id=project.id, year=data.year, quarter=data.quarter, revision=1, state=State.DRAFT,
                    due=periods.deadline(data.year, data.quarter), created_by=principal.audit_name)
    _apply_report(report, data, data.model_fields_set)
    session.add(report)
    try:
        session.flush()
    except IntegrityError as exc:
        if not _unique_violation(exc):
            raise
        # another transaction drafted this quarter after our check: the same answer as if it had been first
        raise StateConflict(f"a report on {data.year} Q{data.quarter} of project {data.project_id} was created at the "
                            "same time; reload and edit it") from None
    _log(session, principal, "create", report, None)
    return report


def _unique_violation(exc: IntegrityError) -> bool:
    return (getattr(exc.orig, "sqlstate", None) == "23505"  # PostgreSQL
            or getattr(exc.orig, "sqlite_errorcode", None) == 2067)  # SQLITE_CONSTRAINT_UNIQUE


@_acts
def update_report(session: Session, principal: Principal, report_id: int, data: ReportUpdate) -> Report:
    report, _ = get_report(session, principal, report_id)
    project = get_project(session, report.project_id)
    _check_version(report, data.version)
    _transition(report, Action.EDIT, actor_for(principal, project))
    before = report_dict(report)
    _apply_report(report, data, data.model_fields_set - {"version"})
    report.version += 1
    session.flush()
    _log(session, principal, "update", report, before)
    return report


@_acts
def act(session: Session, principal: Principal, report_id: int, action: Action, version: int | None = None,
        comment: str | None = None) -> Report:
    """Submit, approve, return or correct; returns the report (for CORRECT: the new revision)."""
    report, _ = get_report(session, principal, report_id)
    project = get_project(session, report.project_id)
    _check_version(report, version)
    actor = actor_for(principal, project)
    before = report_dict(report)
    new_state = _transition(report, action, actor, comment)
    override = action == Action.APPROVE and _separation_of_duties(session, principal, report)
    if action == Action.CORRECT:
        newer = session.scalar(select(func.max(Report.revision)).where(
            Report.project_id == report.project_id, Report.year == report.year, Report.quarter == report.quarter))
        if newer != report.revision:
            raise StateConflict(f"a newer revision ({newer}) of this report exists; correct that one")
        fresh = Report(project_id=report.project_id, year=report.year, quarter=report.quarter,
                       revision=report.revision + 1, state=new_state, due=report.due, created_by=principal.audit_name)
        for name in REPORT_FIGURES:
            setattr(fresh, name, getattr(report, name))
        session.add(fresh)
        session.flush()
        _log(session, principal, "create", fresh, None)
        return fresh
    report.state = new_state
    report.version += 1
    if action == Action.SUBMIT:
        report.submitted_by, report.submitted_at = principal.audit_name, _now()
    elif action in (Action.APPROVE, Action.RETURN):
        report.reviewed_by, report.reviewed_at, report.review_comment = principal.audit_name, _now(), comment
    if action == Action.APPROVE:
        for other in session.scalars(select(Report).where(
                Report.project_id == report.project_id, Report.year == report.year,
                Report.quarter == report.quarter, Report.id != report.id, Report.current.is_(True))):
            other.current = False
        report.current = True
    session.flush()
    _log(session, principal, "approve: own report, administrator override" if override else action.value, report,
         before)
    return report


def _separation_of_duties(session: Session, principal: Principal, report: Report) -> bool:
    """Whoever drafted, edited or submitted a report does not approve it (403); an administrator may,
    and the change log says so. Returns whether this approval is such an override."""
    name = principal.audit_name
    involved = name in (report.created_by, report.submitted_by) or session.scalar(
        select(func.count()).select_from(ChangeRecord).where(
            ChangeRecord.object_type == "report", ChangeRecord.object_id == report.id, ChangeRecord.actor == name,
            or_(*(ChangeRecord.object_repr.endswith(f"({a})") for a in ("create", "update", "submit"))))) > 0
    if not involved:
        return False
    if principal.has_role(Role.ADMINISTRATOR):
        return True
    raise Forbidden("whoever drafted, edited or submitted a report cannot approve it (separation of duties); "
                    "another reviewer must")


def _transition(report: Report, action: Action, actor: Actor, comment: str | None = None) -> State:
    try:
        return next_state(report.state, action, actor, comment)
    except WorkflowError as exc:
        if exc.forbidden:
            raise Forbidden(str(exc)) from None
        if exc.field:
            raise InvalidInput.one(exc.field, str(exc)) from None
        raise StateConflict(str(exc)) from None


def _check_version(report: Report, version: int | None) -> None:
    if version is not None and version != report.version:
        raise VersionConflict(version, report.version, report_dict(report))


def _apply_report(report: Report, data, given: set[str]) -> None:
    for name in REPORT_FIGURES:
        if name in given:
            value = getattr(data, name)
            setattr(report, name, value if value is not None or name != "is_public" else False)


def _log(session: Session, principal: Principal, action: str, report: Report, before: dict | None) -> None:
    label = f"project {report.project_id} {report.year} Q{report.quarter} r{report.revision}"
    changelog.record(session, principal.audit_name, action if action in ("create", "update", "delete") else "update",
                     "report", report.id, f"{label} ({action})", before, report_dict(report))


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)



def can_approve(principal: Principal, report: Report, project: Project) -> bool:
    """May approve or return it: a reviewer of the project, and separation of duties holds (whoever
    drafted, edited or submitted it does not approve it; an administrator may, as a recorded override).
    The pages offer approval only where this holds; ``act`` enforces the same rule."""
    if not actor_for(principal, project).reviewer:
        return False
    from sqlalchemy.orm import object_session

    try:
        _separation_of_duties(object_session(report), principal, report)
    except Forbidden:
        return False
    return True
