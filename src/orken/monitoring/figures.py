"""Plan-vs-fact and alerts over the database: grouped sums in SQL, arithmetic in ``planfact``/``alerts``.

The selection is a ``ProjectFilter`` (the scope dimensions) and the reports counted are those the
principal may read (``service.visible_reports``): everything in their scope, published approved
reports elsewhere. Money is summed as raw tiyn in SQL, exactly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, and_, case, func, select, type_coerce
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.db.models import Project, ProjectProgramme, StatusChange, SupportMeasure
from orken.domain.money import from_tiyn
from orken.monitoring import alerts, periods, planfact
from orken.monitoring.models import PortfolioProject, Report, Target
from orken.monitoring.scope import Scope
from orken.monitoring.service import visible_projects, visible_reports
from orken.ledger import service as ledger
from orken.registry import query
from orken.errors import InvalidInput
from orken.registry.query import ProjectFilter

GROUPS = ("region", "district", "sector", "division", "programme", "project", "year", "none")
#: where each grouping drills down to
DRILL = {"region": "district", "district": "project", "sector": "division", "division": "project",
         "programme": "project", "year": "project", "none": "region"}


def key_column(group_by: str):
    return {"region": Project.region_kato, "district": Project.district_kato, "sector": Project.oked_section,
            "division": Project.oked_division, "programme": ProjectProgramme.programme_code,
            "project": Project.id}[group_by]


def project_filter(scope: Scope) -> ProjectFilter:
    return ProjectFilter(region=[scope.region] if scope.region else [], sector=[scope.sector] if scope.sector else [],
                         programme=[scope.programme] if scope.programme else [])


def _tiyn(column):
    return type_coerce(column, BigInteger)


def _money(tiyn) -> Decimal:
    return from_tiyn(int(tiyn or 0))


def _grouped(stmt, scope: Scope, group_by: str):
    """Add the grouping key (joining programmes where needed), the scope and the portfolio."""
    if group_by == "programme" or (scope.programme and group_by == "programme"):
        stmt = stmt.join(ProjectProgramme, ProjectProgramme.project_id == Project.id)
    stmt = project_filter(scope).apply(stmt)
    if scope.portfolio is not None:
        stmt = stmt.where(Project.id.in_(select(PortfolioProject.project_id)
                                         .where(PortfolioProject.portfolio_id == scope.portfolio)))
    return stmt


def plan_fact(session: Session, principal: Principal, scope: Scope, year: int, group_by: str = "region",
              quarter: int = 4, threshold: Decimal = Decimal(10), today: date | None = None) -> dict:
    names = [g.strip() for g in group_by.split(",") if g.strip()]
    if not names or any(g not in GROUPS or g in ("year", "none") and len(names) > 1 for g in names):
        raise InvalidInput.one("group_by", f"group by one of {', '.join(GROUPS)} (or several, comma-separated)")
    if "year" in names:
        raise InvalidInput.one("group_by", "plan-vs-fact is for one year; use year=")
    start, end = date(year, 1, 1), periods.quarter_end(year, quarter)
    keys = [key_column(g) for g in names] if group_by != "none" else []
    if len(keys) > 1:  # a cross-tabulation (e.g. region,sector): tuple keys, no labels or targets
        return _cube(session, principal, scope, year, names, keys, quarter, start, end)
    # keyed by the one key's value, or "total" (no key: the empty tuple)
    planned, fact, ours = ({(k[0] if k else "total"): v for k, v in figures.items()} for figures in _plan_and_fact(
        session, principal, scope, year, quarter, start, end, keys, group_by == "programme"))

    targets = _targets(session, scope, year, group_by)
    own_target = _target_of(session, scope.target_key, year)
    if group_by == "none":
        lines = planfact.combine(planned, fact, {"total": own_target} if own_target else {}, fact_planned=ours)
        total = lines[0] if lines else planfact.Line(key="total", target=own_target)
        lines = []
    else:
        labels = query.labels(session, group_by, [k for k in set(planned) | set(fact) | set(targets) if k is not None])
        if group_by == "project":
            labels = {pid: {"kk": kk, "ru": ru, "en": en} for pid, kk, ru, en in session.execute(
                select(Project.id, Project.name_kk, Project.name_ru, Project.name_en)
                .where(Project.id.in_(list(set(planned) | set(fact)))))}
        lines = planfact.combine(planned, fact, targets, labels, fact_planned=ours)
        total = planfact.total(lines, own_target)
    if today is None:
        today = date.today()
    elapsed = 4 if today > end else max(0, periods.index(*periods.quarter_of(today)) - periods.index(year, 1))
    expected = planfact.expected_share(min(elapsed, quarter), quarter)
    drill_to = DRILL.get(group_by)
    body_lines = []
    for line in lines:
        d = line.as_dict(expected, threshold)
        if line.key is not None and group_by != "project":
            narrowed = _narrow(scope, group_by, line.key)
            d["drill"] = {"scope": str(narrowed), "group_by": drill_to}
        body_lines.append(d)
    return {"scope": str(scope), "year": year, "quarter": quarter, "group_by": group_by,
            "expected_percent": format(expected, "f"), "threshold_percent": format(threshold, "f"),
            "items": body_lines, "total": total.as_dict(expected, threshold)}


def _cube(session, principal, scope, year, names, keys, quarter, start, end) -> dict:
    """Plan and fact per combination of several groupings (the roll-up cube)."""
    planned, fact, ours = _plan_and_fact(session, principal, scope, year, quarter, start, end, keys,
                                         "programme" in names)
    lines = planfact.combine(planned, fact, fact_planned=ours)
    total = planfact.total(lines, _target_of(session, scope.target_key, year))
    items = []
    for line in lines:
        d = line.as_dict()
        d["key"] = dict(zip(names, line.key))
        items.append(d)
    return {"scope": str(scope), "year": year, "quarter": quarter, "group_by": ",".join(names), "items": items,
            "total": total.as_dict()}


def _plan_and_fact(session: Session, principal: Principal, scope: Scope, year: int, quarter: int, start: date,
                   end: date, keys: list, join_programme: bool) -> tuple[dict, dict]:
    """The projects' plans, the facts of the period and the facts of the planned projects alone
    (those planned to launch in the period: the same set as the plan), ``Figures`` per tuple of ``keys`` values.

    Four grouped queries: launches planned in the period (with their investment and jobs),
    launches that happened, flows summed over the approved reports of the period, and stocks
    (each project's latest approved quarter). The reports are first summed per project (one pass
    over the period's reports by the (current, year, project_id, quarter) index) and only those
    sums are joined to the projects: the planner cannot then choose to probe the reports once per
    project of the whole registry. In a narrowed scope the per-project sums are taken over the
    scope's projects only. Each project's latest quarter is joined back to its report through the
    covering reports index (a window function over the period's reports measured slower on SQLite).
    """
    labels = [k.label(f"k{i}") for i, k in enumerate(keys)]

    def run(stmt):
        stmt = _grouped(stmt, scope, "programme" if join_programme else "")
        if keys:
            stmt = stmt.group_by(*keys)
        return {tuple(r[:len(keys)]): r for r in session.execute(stmt)}

    in_period = and_(Report.current.is_(True), Report.year == year, Report.quarter <= quarter,
                     visible_reports(principal))
    in_scope = _scope_projects(scope)
    if in_scope is not None:
        in_period = and_(in_period, Report.project_id.in_(in_scope))
    in_plan = and_(Project.launch_planned >= start, Project.launch_planned <= end)
    planned_rows = run(select(*labels, func.count(Project.id).label("n"),
                              func.sum(_tiyn(Project.investment_planned_kzt)).label("inv"),
                              func.sum(Project.jobs_permanent_planned).label("jobs"),
                              func.sum(case((Project.launch_actual <= end, 1), else_=0)).label("done"))
                       .select_from(Project).where(in_plan))
    launched_rows = run(select(*labels, func.count(Project.id).label("n")).select_from(Project)
                        .where(Project.launch_actual >= start, Project.launch_actual <= end))
    flows = (select(Report.project_id.label("pid"), func.sum(_tiyn(Report.investment_period_kzt)).label("inv"),
                    func.sum(_tiyn(Report.output_value_kzt)).label("out"))
             .where(in_period).group_by(Report.project_id).subquery("flows"))
    flow_rows = run(select(*labels, func.sum(flows.c.inv).label("inv"), func.sum(flows.c.out).label("out"),
                           func.sum(case((in_plan, flows.c.inv), else_=0)).label("inv_p"),
                           func.sum(case((in_plan, flows.c.out), else_=0)).label("out_p"))
                    .select_from(flows).join(Project, Project.id == flows.c.pid))
    latest = (select(Report.project_id.label("pid"), func.max(Report.quarter).label("q"))
              .where(in_period).group_by(Report.project_id).subquery("latest"))
    stocks = (select(Report.project_id.label("pid"), Report.jobs_permanent.label("jobs")).select_from(Report)
              .join(latest, and_(latest.c.pid == Report.project_id, latest.c.q == Report.quarter))
              .where(Report.current.is_(True), Report.year == year).subquery("stocks"))
    stock_rows = run(select(*labels, func.sum(stocks.c.jobs).label("jobs"),
                            func.sum(case((in_plan, stocks.c.jobs), else_=0)).label("jobs_p"))
                     .select_from(stocks).join(Project, Project.id == stocks.c.pid))

    planned = {k: planfact.Figures(projects=r.n, investment=_money(r.inv), jobs=int(r.jobs or 0))
               for k, r in planned_rows.items()}
    fact: dict = defaultdict(planfact.Figures)
    ours: dict = defaultdict(planfact.Figures)  # the fact of the projects planned in the period
    for k, r in planned_rows.items():
        ours[k] = ours[k] + planfact.Figures(projects=int(r.done or 0))
    for k, r in launched_rows.items():
        fact[k] = fact[k] + planfact.Figures(projects=r.n)
    for k, r in flow_rows.items():
        fact[k] = fact[k] + planfact.Figures(investment=_money(r.inv), output=_money(r.out))
        ours[k] = ours[k] + planfact.Figures(investment=_money(r.inv_p), output=_money(r.out_p))
    for k, r in stock_rows.items():
        fact[k] = fact[k] + planfact.Figures(jobs=int(r.jobs or 0))
        ours[k] = ours[k] + planfact.Figures(jobs=int(r.jobs_p or 0))
    return planned, dict(fact), dict(ours)


def _scope_projects(scope: Scope):
    """The ids of the scope's projects (a subquery), or None for the whole country."""
    conditions = project_filter(scope).conditions()
    stmt = select(Project.id).where(*conditions) if conditions else None
    if scope.portfolio is not None:
        members = select(PortfolioProject.project_id).where(PortfolioProject.portfolio_id == scope.portfolio)
        stmt = members if stmt is None else stmt.where(Project.id.in_(members))
    return stmt


def _narrow(scope: Scope, group_by: str, key) -> Scope:
    if group_by in ("region", "district"):
        return scope.narrowed(region=key)
    if group_by in ("sector", "division"):
        return scope.narrowed(sector=key)
    if group_by == "programme":
        return scope.narrowed(programme=key)
    return scope


def _target_figures(t: Target) -> planfact.Target:
    return planfact.Target(projects=t.projects_launched, investment=t.investment_kzt, jobs=t.jobs_permanent,
                           output=t.output_kzt)


def _target_of(session: Session, key: tuple, year: int) -> planfact.Target | None:
    kato, sector, programme = key
    t = session.scalar(select(Target).where(Target.year == year, _eq(Target.kato, kato), _eq(Target.sector, sector),
                                            _eq(Target.programme, programme)))
    return _target_figures(t) if t else None


def _targets(session: Session, scope: Scope, year: int, group_by: str) -> dict:
    """Targets of the groups: those set for the scope with the group's dimension fixed to its key."""
    column = {"region": Target.kato, "district": Target.kato, "sector": Target.sector, "division": Target.sector,
              "programme": Target.programme}.get(group_by)
    if column is None:
        return {}
    stmt = select(Target).where(Target.year == year, column.is_not(None))
    fixed = {"kato": scope.region, "sector": scope.sector, "programme": scope.programme}
    fixed.pop(column.key, None)
    for name, value in fixed.items():
        stmt = stmt.where(_eq(getattr(Target, name), value))
    return {getattr(t, column.key): _target_figures(t) for t in session.scalars(stmt)}


def _eq(column, value):
    return column.is_(None) if value is None else column == value


# --- alerts ---------------------------------------------------------------------------------------


def project_alerts(session: Session, principal: Principal, f: ProjectFilter, today: date,
                   thresholds: alerts.Thresholds = alerts.Thresholds(), kinds: list[str] | None = None,
                   limit: int = 5000) -> list[alerts.Alert]:
    """Alerts of the projects in the principal's scope (and the filter)."""
    stmt = f.apply(select(Project).where(visible_projects(principal), Project.status != "cancelled"))
    projects = list(session.scalars(stmt.order_by(Project.id).limit(limit)))
    ids = [p.id for p in projects]
    if not ids:
        return []
    approved = defaultdict(list)
    states: dict = defaultdict(dict)
    rank = {"approved": 3, "submitted": 2, "returned": 1, "draft": 0}
    for r in session.execute(select(Report.project_id, Report.year, Report.quarter, Report.state, Report.current,
                                    Report.investment_to_date_kzt, Report.jobs_permanent,
                                    Report.capacity_utilisation).where(Report.project_id.in_(ids))):
        if r.current:
            approved[r.project_id].append(alerts.ReportFigures(r.year, r.quarter, r.investment_to_date_kzt,
                                                               r.jobs_permanent, r.capacity_utilisation))
        period = (r.year, r.quarter)
        best = states[r.project_id].get(period)
        if best is None or rank[r.state] > rank[best]:
            states[r.project_id][period] = r.state
    starts = dict(session.execute(select(StatusChange.project_id, func.min(StatusChange.date))
                                  .where(StatusChange.project_id.in_(ids), StatusChange.status == "under_construction")
                                  .group_by(StatusChange.project_id)).all())
    commitments = defaultdict(list)
    for s in session.execute(select(SupportMeasure.project_id, SupportMeasure.kind, SupportMeasure.due,
                                    SupportMeasure.status).where(SupportMeasure.project_id.in_(ids))):
        commitments[s.project_id].append(alerts.Commitment(s.kind, s.due, s.status))
    announced = ledger.launch_claims(session, ids)  # the launch dates announced in accepted news
    out = []
    for p in projects:
        snap = alerts.Snapshot(
            project_id=p.id, status=p.status, launch_planned=p.launch_planned, launch_actual=p.launch_actual,
            launch_planned_precision=p.launch_planned_precision,
            start=starts.get(p.id), investment_planned=p.investment_planned_kzt, jobs_planned=p.jobs_permanent_planned,
            approved=tuple(approved[p.id]), report_states=states[p.id], commitments=tuple(commitments[p.id]),
            launch_promises=tuple(announced.get(p.id, ())))
        out.extend(a for a in alerts.evaluate(snap, today, thresholds) if not kinds or a.kind in kinds)
    return out
