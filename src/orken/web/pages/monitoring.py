"""Pages of monitoring and sign-in (HTML, in kk/ru/en): the plan-vs-fact dashboard with drill-down,
the inbox, the report form, the report page with its workflow and a region's monitoring view.

They render inside the site's ``base.html`` through ``orken.web.pages.render.page`` (one Jinja
environment, the gettext catalogs). Forms carry the session's CSRF token; the same services as the
API do the work, and a refusal is shown on the page in its language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.domain import codes
from orken.i18n import N_
from orken.errors import Forbidden
from orken.db.models import AdminUnit, Sector
from orken.monitoring import figures, inbox as todo, periods, service
from orken.monitoring.models import Report
from orken.monitoring.schemas import ReportIn, ReportUpdate
from orken.monitoring.scope import ScopeError, parse
from orken.monitoring.workflow import Action, State
from orken.errors import InvalidInput, NotFound, OrkenError, VersionConflict
from orken.registry.query import ProjectFilter
from orken.registry.schemas import MAX_INT
from orken.web.deps import form_csrf, get_principal, get_session, signed_in
from orken.web.params import Id, IdRequired, YearQuery

router = APIRouter(include_in_schema=False)

#: the groupings offered on the dashboard, with their words
GROUP_TEXT = {"region": N_("By region"), "district": N_("By district"), "sector": N_("By sector"),
              "division": N_("By OKED division"), "programme": N_("By programme"), "project": N_("By project")}
#: a report state in words (its label in the one vocabulary)
STATE_TEXT = codes.REPORT_STATES.labels()
#: the report's fields in form order: (name, English label, kind)
REPORT_FIELDS = (
    ("investment_period_kzt", N_("Investment in the quarter, KZT"), "money"),
    ("investment_to_date_kzt", N_("Investment to date, KZT"), "money"),
    ("jobs_permanent", N_("Permanent jobs"), "int"), ("jobs_temporary", N_("Temporary jobs"), "int"),
    ("output_value_kzt", N_("Output, KZT"), "money"), ("output_volume", N_("Output in physical units"), "decimal"),
    ("output_unit", N_("Unit of output"), "text"), ("capacity_utilisation", N_("Capacity utilisation, %"), "decimal"),
    ("exports_kzt", N_("Exports, KZT"), "money"), ("support_received_kzt", N_("State support received, KZT"), "money"),
    ("problems", N_("Problems"), "long"), ("needs", N_("What is needed"), "long"),
)
ALERT_TEXT = {
    "launch_slipped": N_("Planned launch %(date)s has passed"),
    "report_overdue": N_("The report for %(quarter)s is overdue (due %(due)s)"),
    "investment_behind": N_("Investment to date is %(actual)s; the plan expects %(expected)s by now"),
    "jobs_behind": N_("%(actual)s permanent jobs of %(planned)s planned"),
    "low_utilisation": N_("Capacity utilisation is %(value)s %% %(n)s quarters after launch"),
    "stalled": N_("No progress in the last %(n)s quarters"),
    "commitment_overdue": N_("State support (%(kind)s) due %(due)s is not delivered"),
    "launch_promise_moved": N_("The announced launch moved later again (%(n)s times), now %(date)s"),
}


def _gettext(request: Request):
    from orken.web.pages import i18n

    lang = i18n.choose(request)
    return lang, i18n.translator(lang)


def render(request: Request, name: str, data: dict, status_code: int = 200, **context) -> HTMLResponse:
    """One of these pages through the one renderer (``render.page``): ``data`` is what the page shows
    (its JSON twin); ``context`` the objects the template formats and monitoring's own helpers."""
    from orken.web.pages.render import page

    lang, gettext = _gettext(request)
    return page(request, name, {"page": data.pop("page", "monitoring"), **data}, status_code,
                state_label=lambda s: gettext(STATE_TEXT.get(s, "Draft")),
                alert_text=lambda a: alert_text(a, lang, gettext), **context)


def _project_data(p) -> dict:
    return {"id": p.id, "name": {"kk": p.name_kk, "ru": p.name_ru, "en": p.name_en}}


def alert_text(a, lang: str, gettext) -> str:
    """An alert in words of the page's language (the alert's own message is English, for the API)."""
    from orken.web import format as fmt
    from orken.web.pages.render import CODE_TEXT

    d = a.data
    values = {
        "launch_slipped": lambda: {"date": fmt.at_precision(d.get("launch_planned"), d.get("precision"), lang)},
        "report_overdue": lambda: {"quarter": fmt.quarter(d.get("year"), d.get("quarter"), lang),
                                   "due": fmt.day(d.get("due"))},
        "investment_behind": lambda: {"actual": fmt.money(d.get("actual_kzt"), lang),
                                      "expected": fmt.money(d.get("expected_kzt"), lang)},
        "jobs_behind": lambda: {"actual": fmt.number(d.get("actual"), lang),
                                "planned": fmt.number(d.get("planned"), lang)},
        "low_utilisation": lambda: {"value": fmt.number(d.get("utilisation"), lang, 1),
                                    "n": d.get("quarters_since_launch")},
        "stalled": lambda: {"n": d.get("periods")},
        "commitment_overdue": lambda: {"kind": gettext(CODE_TEXT.get(d.get("kind"), "State support")),
                                       "due": fmt.day(d.get("due"))},
        "launch_promise_moved": lambda: {"n": d.get("later"),
                                         "date": fmt.at_precision(d.get("to_on"), d.get("to_precision"), lang)},
    }
    if a.kind not in ALERT_TEXT:
        return gettext("Needs attention")
    return gettext(ALERT_TEXT[a.kind], **values[a.kind]())


#: the monitoring pages that need a signed-in user; their forms take the one CSRF rule (``web.deps``)
member = signed_in(page=True, who="monitoring")


def _choices(session: Session, lang: str) -> dict:
    regions = session.scalars(select(AdminUnit).where(AdminUnit.level == 1, AdminUnit.valid_to.is_(None)))
    sections = session.scalars(select(Sector).where(Sector.level == "section").order_by(Sector.code))
    return {"regions": sorted(((u.kato, u.name(lang)) for u in regions), key=lambda r: r[1]),
            "sectors": [(s.code, f"{s.code} — {s.name(lang)}") for s in sections]}


@router.get("/monitoring")
def dashboard(request: Request, year: YearQuery = None, scope: str | None = None, region: str | None = None,
              sector: str | None = None, group_by: str = "region", session: Session = Depends(get_session),
              principal: Principal = Depends(get_principal)):
    """Plan against fact for a scope, grouped; every line drills down one level, down to projects."""
    lang, gettext = _gettext(request)
    year = year or date.today().year
    if region or sector:
        scope = ",".join(f"{k}:{v}" for k, v in (("region", region), ("sector", sector)) if v)
    context = dict(year=year, group_by=group_by, groups=GROUP_TEXT, choices=_choices(session, lang), body=None)
    try:
        parsed = parse(scope)
        if group_by not in GROUP_TEXT:
            raise ScopeError(group_by)
        body = figures.plan_fact(session, principal, parsed, year, group_by)
    except (ScopeError, OrkenError):
        error = gettext("This selection cannot be shown. Choose the region, sector and grouping "
                        "from the lists.")
        return render(request, "monitoring/dashboard.html",
                      {"year": year, "group_by": group_by, "error": error, "plan_fact": None},
                      status_code=422, scope=None, error=error, **context)
    words = _scope_words(session, parsed, lang, gettext)
    return render(request, "monitoring/dashboard.html",
                  {"year": year, "group_by": group_by, "scope": str(parsed), "scope_words": words, "error": None,
                   "plan_fact": body},
                  error=None, scope=parsed, body=body, scope_words=words,
                  **{k: v for k, v in context.items() if k != "body"})


def _scope_words(session: Session, scope, lang: str, gettext) -> str:
    parts = []
    if scope.region:
        unit = session.get(AdminUnit, scope.region)
        parts.append(unit.name(lang) if unit else scope.region)
    if scope.sector:
        sector = session.get(Sector, scope.sector)
        parts.append(f"{scope.sector} — {sector.name(lang)}" if sector else scope.sector)
    if scope.programme:
        parts.append(scope.programme)
    return ", ".join(parts) or gettext("Kazakhstan")


@router.get("/monitoring/region/{kato}")
def region_view(kato: str, request: Request, year: YearQuery = None, session: Session = Depends(get_session),
                principal: Principal = Depends(get_principal)):
    lang, gettext = _gettext(request)
    unit = session.get(AdminUnit, kato)
    if unit is None:
        from orken.web.errors import page_not_found

        return page_not_found(request, "There is no such region.")
    year = year or date.today().year
    scope = parse(f"region:{kato}")
    by_district = figures.plan_fact(session, principal, scope, year, "district")
    by_sector = figures.plan_fact(session, principal, scope, year, "sector")
    alerts = []
    if principal.signed_in and principal.read_scope() != []:
        alerts = figures.project_alerts(session, principal, ProjectFilter(region=[kato]), date.today(), limit=500)
    return render(request, "monitoring/region.html",
                  {"region": {"kato": unit.kato, "name": unit.name(lang)}, "year": year, "by_district": by_district,
                   "by_sector": by_sector, "alerts": alerts[:100]},
                  unit=unit, year=year, by_district=by_district, by_sector=by_sector, alerts=alerts[:100],
                  names=_project_names(session, alerts[:100], lang))


def _project_names(session: Session, items, lang: str) -> dict[int, str]:
    from orken.db.models import Project

    ids = {getattr(i, "project_id", None) for i in items} - {None}
    if not ids:
        return {}
    return {p.id: _tagged(p, lang) for p in session.scalars(select(Project).where(Project.id.in_(ids)))}


def _tagged(p, lang: str):
    """A project's name for page content, marked with its language where it falls back to another."""
    from orken.web.pages.i18n import pick_tagged

    return pick_tagged({"kk": p.name_kk, "ru": p.name_ru, "en": p.name_en}, lang)


@router.get("/monitoring/inbox")
def inbox(request: Request, session: Session = Depends(get_session), principal: Principal = Depends(member)):
    """The inbox: quarters due and overdue, drafts, returned reports, reports to review, alerts."""
    lang, _ = _gettext(request)
    today = date.today()
    projects = todo.projects_of(session, principal)
    due = todo.due_quarters(session, principal, today, projects)
    mine, _ = service.list_reports(session, principal, state=["draft", "returned", "submitted"], limit=500)
    by_project = {p.id: p for p in projects}
    for r in mine:
        if r.project_id not in by_project:
            by_project[r.project_id] = service.get_project(session, r.project_id)
    actors = {pid: service.actor_for(principal, p) for pid, p in by_project.items()}
    drafts = [r for r in mine if r.state == State.DRAFT and actors[r.project_id].author]
    returned = [r for r in mine if r.state == State.RETURNED and actors[r.project_id].author]
    to_review = [r for r in mine if r.state == State.SUBMITTED
                 and service.can_approve(principal, r, by_project[r.project_id])]
    waiting = [r for r in mine if r.state == State.SUBMITTED and r not in to_review]
    alerts = figures.project_alerts(session, principal, ProjectFilter(), today, limit=500) \
        if principal.read_scope() != [] else []
    names = {pid: _tagged(p, lang) for pid, p in by_project.items()} | _project_names(session, alerts[:200], lang)
    lists = dict(due=[d for d in due if not d.overdue], overdue=[d for d in due if d.overdue], drafts=drafts,
                 returned=returned, to_review=to_review, waiting=waiting)
    data = {"projects": [_project_data(p) for p in projects], "due": lists["due"], "overdue": lists["overdue"],
            **{k: service.report_dicts(session, principal, lists[k])
               for k in ("drafts", "returned", "to_review", "waiting")},
            "alerts": alerts[:200], "alert_count": len(alerts)}
    tasks = quiet_tasks(session, principal, lang, names)
    data["tasks"] = tasks
    return render(request, "monitoring/inbox.html", data, projects=projects, actors=actors, names=names,
                  alerts=alerts[:200], alert_count=len(alerts), tasks=tasks, csrf_token=principal.csrf or "",
                  task_kind=lambda k: _gettext(request)[1](codes.TASK_KINDS.label(k, "Confirm the status")),
                  confirmed=request.query_params.get("confirmed"), **lists)


# --- the tasks of quiet projects (orken.tasks) ------------------------------------------------------


def quiet_tasks(session: Session, principal: Principal, lang: str, names: dict) -> list[dict]:
    """The open tasks this user sees, each with what they may do about it (confirm, change the status)."""
    from orken.domain.lifecycle import TRANSITIONS, Status
    from orken.tasks import service as tasks

    rows = tasks.list_tasks(session, principal, state="open", limit=200)
    out = []
    for t in rows:
        p = service.get_project(session, t.project_id)
        names.setdefault(p.id, _tagged(p, lang))
        may = tasks.can_confirm(session, principal, t)
        out.append({**tasks.task_dict(t), "status": p.status, "may_confirm": may,
                    "next_statuses": [str(s) for s in sorted(TRANSITIONS[Status(p.status)])] if may and p.status in codes.PROJECT_STATUSES else []})
    return out


@router.post("/monitoring/tasks/{task_id}/confirm")
def confirm_task(task_id: Id, session: Session = Depends(get_session), principal: Principal = Depends(member),
                 _csrf=Depends(form_csrf)):
    """"Status still current": a dated confirmation in the change log; the task is closed."""
    from orken.errors import Conflict
    from orken.tasks import service as tasks

    try:
        tasks.confirm(session, principal, task_id)
    except Conflict:  # confirmed meanwhile (another tab, another analyst)
        return RedirectResponse("/monitoring/inbox#tasks", status_code=303)
    return RedirectResponse(f"/monitoring/inbox?confirmed={task_id}#tasks", status_code=303)


@router.post("/monitoring/tasks/{task_id}/status")
async def change_status(task_id: Id, request: Request, session: Session = Depends(get_session),
                        principal: Principal = Depends(member), _csrf=Depends(form_csrf)):
    """A new status for the task's project through the one write path (which closes the task)."""
    from orken.registry import projects as registry
    from orken.registry.schemas import ProjectUpdate
    from orken.tasks import service as tasks

    task = tasks.get_task(session, principal, task_id)
    form = await request.form()
    try:
        data = ProjectUpdate(status=str(form.get("status", "")))
    except ValidationError:
        raise InvalidInput.one("status", "not a project status") from None
    registry.update(session, task.project_id, data, principal.audit_name, principal)
    return RedirectResponse(f"/monitoring/inbox?confirmed={task_id}#tasks", status_code=303)


# --- the report form -------------------------------------------------------------------------------


def _form_page(request, principal, project, values: dict, errors: dict, report=None, status_code=200,
               message: str | None = None, year=None, quarter=None):
    today = date.today()
    last = periods.index(*periods.last_ended(today))
    ended = [periods.from_index(i) for i in range(last, last - 12, -1)]
    data = {"project": _project_data(project), "year": year, "quarter": quarter,
            "report": service.report_dict(report) if report is not None else None, "values": values,
            "errors": errors, "message": message, "periods": ended}
    return render(request, "monitoring/report_form.html", data, status_code=status_code, project=project,
                  report=report, values=values, errors=errors, fields=REPORT_FIELDS, message=message, year=year,
                  quarter=quarter, periods_ended=ended, csrf_token=principal.csrf or "")


@router.get("/monitoring/reports/new")
def report_form(request: Request, project: IdRequired, year: YearQuery = None,
                quarter: int | None = Query(None, ge=1, le=4),
                session: Session = Depends(get_session), principal: Principal = Depends(member)):
    p = service.get_project(session, project)
    if not service.actor_for(principal, p).author:
        raise Forbidden(f"you may not report on project {project}")
    if not (year and quarter):
        year, quarter = todo.earliest_open(session, p, date.today())
    return _form_page(request, principal, p, {}, {}, year=year, quarter=quarter)


def _form_id(raw) -> int:
    """The id in a form field, or an InvalidInput (422): not digits, or beyond an integer column."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_INT:
        raise InvalidInput.one("project_id", "not the id of a project")
    return int(text)


def _read_form(form, errors: dict, gettext) -> dict:
    """The report's figures from a form: numbers as people write them (spaces, a decimal comma)."""
    values: dict = {}
    for name, _label, kind in REPORT_FIELDS:
        raw = str(form.get(name, "")).strip()
        if kind in ("money", "int", "decimal"):
            raw = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
        if not raw:
            values[name] = None
            continue
        try:
            values[name] = int(raw) if kind == "int" else Decimal(raw) if kind in ("money", "decimal") else raw
            if kind in ("money", "decimal") and not values[name].is_finite():
                raise InvalidOperation
        except (ValueError, InvalidOperation):
            errors[name] = gettext("Write a whole number.") if kind == "int" else gettext("Write a number.")
    values["is_public"] = form.get("is_public") == "1"
    return values


def _field_errors(exc: ValidationError, gettext) -> dict:
    """The report form's fields are flat: each error under its field, in the words every form uses."""
    from orken.web.pages.objects import pydantic_text

    return {str(e["loc"][0]) if e.get("loc") else "": pydantic_text(e, gettext) for e in exc.errors()}


@router.post("/monitoring/reports/new")
async def report_submit(request: Request, session: Session = Depends(get_session),
                        principal: Principal = Depends(member), _csrf=Depends(form_csrf)):
    form = await request.form()
    _, gettext = _gettext(request)
    try:
        pid = _form_id(form.get("project_id"))
        period = str(form.get("period") or f"{form.get('year', '')}-{form.get('quarter', '')}")
        year, quarter = (int(x) for x in period.split("-"))
    except (ValueError, InvalidInput):
        raise NotFound("there is no such project or quarter") from None
    project = service.get_project(session, pid)
    errors: dict = {}
    values = _read_form(form, errors, gettext)
    data = None
    if not errors:
        try:
            data = ReportIn(project_id=pid, year=year, quarter=quarter,
                            **{k: v for k, v in values.items() if v is not None})
        except ValidationError as exc:
            errors = _field_errors(exc, gettext)
    if errors:
        return _form_page(request, principal, project, values, errors, status_code=422, year=year, quarter=quarter,
                          message=gettext("The report was not saved: correct the marked fields."))
    try:
        report = service.create_report(session, principal, data)
    except service.StateConflict:
        existing = session.scalar(select(Report).where(Report.project_id == pid, Report.year == year,
                                                       Report.quarter == quarter).order_by(Report.revision.desc()))
        return _form_page(request, principal, project, values, {}, status_code=409, year=year, quarter=quarter,
                          report=None, message=gettext("A report for this quarter already exists: open it to edit "
                                                       "or correct it.") + (f" #{existing.id}" if existing else ""))
    return RedirectResponse(f"/monitoring/reports/{report.id}", status_code=303)


@router.get("/monitoring/reports/{report_id}/edit")
def report_edit(report_id: Id, request: Request, session: Session = Depends(get_session),
                principal: Principal = Depends(member)):
    report, _ = service.get_report(session, principal, report_id)
    project = service.get_project(session, report.project_id)
    if not service.actor_for(principal, project).author:
        raise Forbidden("you may not edit reports of this project")
    values = {name: getattr(report, name) for name, _l, _k in REPORT_FIELDS} | {"is_public": report.is_public}
    return _form_page(request, principal, project, values, {}, report=report, year=report.year, quarter=report.quarter)


@router.post("/monitoring/reports/{report_id}/edit")
async def report_save(report_id: Id, request: Request, session: Session = Depends(get_session),
                      principal: Principal = Depends(member), _csrf=Depends(form_csrf)):
    form = await request.form()
    _, gettext = _gettext(request)
    report, _ = service.get_report(session, principal, report_id)
    project = service.get_project(session, report.project_id)
    errors: dict = {}
    values = _read_form(form, errors, gettext)
    data = None
    if not errors:
        try:
            data = ReportUpdate(version=int(str(form.get("version") or report.version)), **values)
        except (ValidationError, ValueError) as exc:
            errors = _field_errors(exc, gettext) if isinstance(exc, ValidationError) else {"version": "?"}
    if errors:
        return _form_page(request, principal, project, values, errors, report=report, status_code=422,
                          year=report.year, quarter=report.quarter,
                          message=gettext("The report was not saved: correct the marked fields."))
    try:
        service.update_report(session, principal, report_id, data)
    except VersionConflict:
        return _form_page(request, principal, project, values, {}, report=report, status_code=409,
                          year=report.year, quarter=report.quarter,
                          message=gettext("Someone changed this report meanwhile. Reload the page to see the "
                                          "current figures."))
    except service.StateConflict:
        return RedirectResponse(f"/monitoring/reports/{report_id}?refused=state", status_code=303)
    return RedirectResponse(f"/monitoring/reports/{report_id}", status_code=303)


# --- the report page and its workflow --------------------------------------------------------------


def _previous(session: Session, principal: Principal, report: Report) -> Report | None:
    """The approved report of the quarter before (the comparison)."""
    year, quarter = periods.from_index(periods.index(report.year, report.quarter) - 1)
    prev = session.scalar(select(Report).where(Report.project_id == report.project_id, Report.year == year,
                                               Report.quarter == quarter, Report.current.is_(True),
                                               service.visible_reports(principal)))
    return prev


def _history(session: Session, report: Report) -> list[Report]:
    return list(session.scalars(select(Report).where(Report.project_id == report.project_id,
                                                     Report.year == report.year, Report.quarter == report.quarter)
                                .order_by(Report.revision)))


REFUSALS = {
    "state": N_("This action is not possible in the report's current state."),
    "stale": N_("Someone changed this report meanwhile; here it is as it stands now."),
    "comment": N_("Say why the report is returned: a comment is required."),
    "forbidden": N_("You may not do this with this report."),
}


@router.get("/monitoring/reports/{report_id}")
def report_page(report_id: Id, request: Request, refused: str | None = None, session: Session = Depends(get_session),
                principal: Principal = Depends(member)):
    _, gettext = _gettext(request)
    report, internal = service.get_report(session, principal, report_id)
    project = service.get_project(session, report.project_id)
    actor = service.actor_for(principal, project)
    revisions = _history(session, report)
    latest = revisions[-1].id == report.id
    may = {
        "edit": actor.author and report.state in (State.DRAFT, State.RETURNED),
        "submit": actor.author and report.state in (State.DRAFT, State.RETURNED),
        "approve": report.state == State.SUBMITTED and service.can_approve(principal, report, project),
        "return": report.state == State.SUBMITTED and service.can_approve(principal, report, project),
        "correct": actor.author and report.state == State.APPROVED and latest,
    }
    previous = _previous(session, principal, report)
    refusal = gettext(REFUSALS[refused]) if refused in REFUSALS else None
    data = {"page": "report", "report": service.report_dict(report, internal), "project": _project_data(project),
            "previous": service.report_dicts(session, principal, [previous])[0] if previous else None,
            "revisions": [{"id": r.id, "revision": r.revision, "state": r.state} for r in revisions],
            "may": may, "refusal": refusal}
    return render(request, "monitoring/report.html", data, report=report, project=project,
                  internal=internal, previous=previous, fields=REPORT_FIELDS,
                  revisions=revisions, may=may, csrf_token=principal.csrf or "", refusal=refusal)


@router.post("/monitoring/reports/{report_id}/{action}")
async def report_action(report_id: Id, action: str, request: Request, session: Session = Depends(get_session),
                        principal: Principal = Depends(member), _csrf=Depends(form_csrf)):
    if action not in ("submit", "approve", "return", "correct"):
        raise NotFound(f"there is no action {action!r}")
    form = await request.form()
    comment = str(form.get("comment", "")).strip() or None
    try:
        version = int(str(form.get("version", "")))
    except ValueError:
        version = None
    if action == "return" and not comment:
        return RedirectResponse(f"/monitoring/reports/{report_id}?refused=comment", status_code=303)
    if action == "approve":
        report, _ = service.get_report(session, principal, report_id)
        if not service.can_approve(principal, report, service.get_project(session, report.project_id)):
            return RedirectResponse(f"/monitoring/reports/{report_id}?refused=forbidden", status_code=303)
    try:
        result = service.act(session, principal, report_id, Action(action), version, comment)
    except VersionConflict:
        return RedirectResponse(f"/monitoring/reports/{report_id}?refused=stale", status_code=303)
    except InvalidInput:
        return RedirectResponse(f"/monitoring/reports/{report_id}?refused=comment", status_code=303)
    except service.StateConflict:
        return RedirectResponse(f"/monitoring/reports/{report_id}?refused=state", status_code=303)
    except Forbidden:
        return RedirectResponse(f"/monitoring/reports/{report_id}?refused=forbidden", status_code=303)
    target = f"/monitoring/reports/{result.id}/edit" if action == "correct" else f"/monitoring/reports/{result.id}"
    return RedirectResponse(target, status_code=303)
