"""/api/v1 monitoring: targets, portfolios, reports with their workflow, alerts and plan-vs-fact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.errors import Forbidden, Unauthorized
from orken.monitoring import alerts, figures, service
from orken.monitoring import schemas as out
from orken.monitoring.schemas import ActionIn, ReportIn, ReportUpdate
from orken.monitoring.scope import ScopeError, parse
from orken.monitoring.workflow import Action
from orken.errors import InvalidInput
from orken.registry.query import ProjectFilter
from orken.registry.schemas import MAX_INT
from orken.web.deps import get_actor, get_principal, get_session, project_filter, split
from orken.web.api.crud import crud_routes
from orken.web.params import Day, Id, IdQuery

router = APIRouter(prefix="/api/v1", tags=["monitoring"])


async def writer(principal: Principal = Depends(get_principal), _actor: str = Depends(get_actor)) -> Principal:
    """The principal of a write: signed in, CSRF-checked when it uses the cookie."""
    return principal


def _scope(text: str | None):
    try:
        return parse(text)
    except ScopeError as exc:
        raise InvalidInput.one("scope", str(exc)) from None


# --- targets ---------------------------------------------------------------------------------------


@router.get("/targets", responses={200: {"model": out.TargetList}})
def list_targets(year: int | None = Query(None, ge=2000, le=2100), session: Session = Depends(get_session)):
    """Targets are public: what each region, sector and programme committed to."""
    items = [service.target_dict(t) for t in service.list_targets(session, year)]
    return {"items": items, "total": len(items), "next": None}


crud_routes(router, service.TARGET, tags=["monitoring"])


crud_routes(router, service.PORTFOLIO, tags=["monitoring"], read=False)


@router.get("/portfolios", responses={200: {"model": out.PortfolioList}})
def list_portfolios(session: Session = Depends(get_session)):
    from sqlalchemy import select

    from orken.monitoring.models import Portfolio

    items = [service.portfolio_dict(p) for p in session.scalars(select(Portfolio).order_by(Portfolio.id))]
    return {"items": items, "total": len(items), "next": None}


# --- reports ---------------------------------------------------------------------------------------


@router.get("/reports", responses={200: {"model": out.ReportList}})
def list_reports(project: IdQuery = None, year: int | None = Query(None, ge=2000, le=2100),
                 quarter: int | None = Query(None, ge=1, le=4), state: list[str] | None = Query(None),
                 overdue: bool | None = None, f: ProjectFilter = Depends(project_filter),
                 limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_INT),
                 session: Session = Depends(get_session), principal: Principal = Depends(get_principal)):
    """Reports you may read: all of your scope, and approved published ones (public fields) elsewhere."""
    rows, total = service.list_reports(session, principal, project, year, quarter, split(state), overdue, f,
                                       limit, offset)
    return {"items": service.report_dicts(session, principal, rows), "total": total, "next": None}


@router.post("/reports", status_code=201, responses={201: {"model": out.ReportOut}})
def create_report(data: ReportIn, session: Session = Depends(get_session), principal: Principal = Depends(writer)):
    return service.report_dict(service.create_report(session, principal, data))


@router.get("/reports/{report_id}", responses={200: {"model": out.ReportOut}})
def get_report(report_id: Id, session: Session = Depends(get_session),
               principal: Principal = Depends(get_principal)):
    report, internal = service.get_report(session, principal, report_id)
    return service.report_dict(report, internal)


@router.patch("/reports/{report_id}", responses={200: {"model": out.ReportOut}})
def update_report(report_id: Id, data: ReportUpdate, session: Session = Depends(get_session),
                  principal: Principal = Depends(writer)):
    return service.report_dict(service.update_report(session, principal, report_id, data))


def _action(action: Action):
    def run(report_id: Id, data: ActionIn | None = None, session: Session = Depends(get_session),
            principal: Principal = Depends(writer)):
        data = data or ActionIn()
        return service.report_dict(service.act(session, principal, report_id, action, data.version, data.comment))

    run.__name__ = f"{action.value}_report"
    run.__doc__ = {"submit": "Send a draft (or returned) report to the curator.",
                   "approve": "Approve a submitted report; it becomes immutable and counts as fact.",
                   "return": "Return a submitted report to its author with a comment.",
                   "correct": "Open a new revision of an approved report (201 with the new draft)."}[action.value]
    return run


for _a in (Action.SUBMIT, Action.APPROVE, Action.RETURN):
    router.add_api_route(f"/reports/{{report_id}}/{_a.value}", _action(_a), methods=["POST"],
                         responses={200: {"model": out.ReportOut}})
router.add_api_route("/reports/{report_id}/correct", _action(Action.CORRECT), methods=["POST"], status_code=201,
                     responses={201: {"model": out.ReportOut}})


# --- alerts and plan-vs-fact ---------------------------------------------------------------------


@router.get("/alerts", responses={200: {"model": out.AlertList}})
def list_alerts(f: ProjectFilter = Depends(project_filter), kind: list[str] | None = Query(None),
                on: Day = None,
                behind_percent: Decimal = Query(Decimal(20), ge=0, le=100),
                min_utilisation: Decimal = Query(Decimal(50), ge=0, le=100),
                stalled_periods: int = Query(4, ge=2, le=40),
                session: Session = Depends(get_session), principal: Principal = Depends(get_principal)):
    """Alerts of the projects in your scope (narrowed by the usual project filters)."""
    if not principal.signed_in:
        raise Unauthorized("alerts are internal; sign in")
    if principal.read_scope() == []:
        raise Forbidden("your roles read no internal data")
    thresholds = alerts.Thresholds(behind=behind_percent / 100, min_utilisation=min_utilisation,
                                   stalled_periods=stalled_periods)
    items = figures.project_alerts(session, principal, f, on or date.today(), thresholds, split(kind) or None)
    return {"items": [a.as_dict() for a in items], "total": len(items), "next": None}


@router.get("/plan-fact", responses={200: {"model": out.PlanFact}})
def plan_fact(scope: str | None = Query(None, description="country, or e.g. region:350000000,sector:C"),
              year: int = Query(..., ge=2000, le=2100), quarter: int = Query(4, ge=1, le=4),
              group_by: str = Query("region", description=", ".join(figures.GROUPS)),
              threshold: Decimal = Query(Decimal(10), ge=0, le=100),
              on: Day = None,
              session: Session = Depends(get_session), principal: Principal = Depends(get_principal)):
    """Plan (targets and project plans) against fact (approved reports you may read, launches)."""
    return figures.plan_fact(session, principal, _scope(scope), year, group_by, quarter, threshold, on)
