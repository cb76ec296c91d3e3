"""Pages of monitoring and sign-in (HTML, in kk/ru/en): the plan-vs-fact dashboard with drill-down,
the curator's inbox, the report form and a region's monitoring view.

They extend the site's ``base.html`` (issue 3) when it is there, and a small layout of their own
otherwise. Forms carry the session's CSRF token; the same services as the API do the work.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.auth.service import Forbidden
from orken.db.models import AdminUnit
from orken.monitoring import figures, service
from orken.monitoring.schemas import ReportIn
from orken.monitoring.scope import ScopeError, parse
from orken.registry.errors import InvalidInput, RegistryError
from orken.registry.query import ProjectFilter
from orken.registry.schemas import MAX_INT
from orken.web.deps import get_principal, get_session
from orken.web.params import IdRequired, YearQuery

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
router = APIRouter(include_in_schema=False)
_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))

#: the words of these pages; the key is the English text
WORDS = {
    "Sign in": ("Кіру", "Войти"), "Sign out": ("Шығу", "Выйти"), "User name": ("Пайдаланушы аты", "Имя пользователя"),
    "Password": ("Құпиясөз", "Пароль"),
    "The user name or password is wrong.": ("Пайдаланушы аты немесе құпиясөз қате.", "Неверное имя или пароль."),
    "Too many attempts. Try again later.": ("Әрекет тым көп. Кейінірек қайталаңыз.",
                                            "Слишком много попыток. Повторите позже."),
    "Plan and fact": ("Жоспар мен факт", "План и факт"), "Inbox": ("Кіріс", "Входящие"),
    "Year": ("Жыл", "Год"), "Group by": ("Топтау", "Группировать"), "Scope": ("Аумақ", "Охват"),
    "Show": ("Көрсету", "Показать"), "Projects launched": ("Іске қосылған жобалар", "Запущено проектов"),
    "Investment, KZT": ("Инвестициялар, теңге", "Инвестиции, тенге"),
    "Permanent jobs": ("Тұрақты жұмыс орындары", "Постоянные рабочие места"),
    "Plan": ("Жоспар", "План"), "Fact": ("Факт", "Факт"), "Total": ("Барлығы", "Итого"),
    "Behind plan": ("Жоспардан артта", "Отставание от плана"),
    "Reports to review": ("Қарауға есептер", "Отчёты на рассмотрение"),
    "Overdue reports": ("Мерзімі өткен есептер", "Просроченные отчёты"), "Alerts": ("Ескертулер", "Оповещения"),
    "Project": ("Жоба", "Проект"), "Quarter": ("Тоқсан", "Квартал"), "State": ("Күйі", "Статус"),
    "Due": ("Мерзімі", "Срок"), "Nothing here.": ("Ештеңе жоқ.", "Ничего нет."),
    "Monitoring report": ("Мониторинг есебі", "Отчёт мониторинга"),
    "Investment in the quarter, KZT": ("Тоқсандағы инвестициялар, теңге", "Инвестиции за квартал, тенге"),
    "Investment to date, KZT": ("Басынан бергі инвестициялар, теңге", "Инвестиции с начала, тенге"),
    "Temporary jobs": ("Уақытша жұмыс орындары", "Временные рабочие места"),
    "Output, KZT": ("Өнім, теңге", "Выпуск, тенге"), "Capacity utilisation, %": ("Қуатты пайдалану, %",
                                                                                 "Загрузка мощности, %"),
    "Exports, KZT": ("Экспорт, теңге", "Экспорт, тенге"), "Problems": ("Мәселелер", "Проблемы"),
    "What is needed": ("Не қажет", "Что требуется"), "Save draft": ("Жобаны сақтау", "Сохранить черновик"),
    "Sign in to see this page.": ("Бұл бетті көру үшін кіріңіз.", "Войдите, чтобы увидеть эту страницу."),
    "Monitoring of the region": ("Өңірдің мониторингі", "Мониторинг региона"),
    "By district": ("Аудандар бойынша", "По районам"), "By sector": ("Салалар бойынша", "По отраслям"),
}


def translator(lang: str):
    column = {"kk": 0, "ru": 1}.get(lang)

    def t(text: str) -> str:
        return WORDS[text][column] if column is not None and text in WORDS else text

    return t


def _lang(request: Request) -> str:
    try:
        from orken.web.pages import i18n

        return i18n.choose(request)
    except ImportError:
        asked = request.query_params.get("lang") or request.cookies.get("orken_lang")
        return asked if asked in ("kk", "ru", "en") else "kk"


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    """Render one of these pages inside the site's layout (``base.html``) when it exists."""
    lang = _lang(request)
    context.setdefault("principal", getattr(request.state, "principal", None))
    context.update(t=translator(lang), lang=lang)
    if (TEMPLATES / "base.html").exists():
        try:
            from orken.web.pages.render import page

            data = {"page": "monitoring", **context.pop("data", {})}
            return page(request, name, data, status_code, layout="base.html", **context)
        except ImportError:
            pass
    html = _env.get_template(name).render(request=request, layout="monitoring/_standalone.html", **context)
    return HTMLResponse(html, status_code=status_code)


def _signed_in(request: Request, principal: Principal):
    if not principal.signed_in:
        return RedirectResponse(f"/auth/login?next={request.url.path}", status_code=303)
    return None


@router.get("/monitoring")
def dashboard(request: Request, year: YearQuery = None, scope: str | None = None, group_by: str = "region",
              session: Session = Depends(get_session), principal: Principal = Depends(get_principal)):
    """Plan against fact for a scope, grouped; every line drills down one level, down to projects."""
    year = year or date.today().year
    try:
        parsed = parse(scope)
        body = figures.plan_fact(session, principal, parsed, year, group_by)
    except (ScopeError, RegistryError) as exc:
        return render(request, "monitoring/dashboard.html", status_code=422, body=None, error=str(exc), year=year,
                      scope=scope or "", group_by=group_by)
    return render(request, "monitoring/dashboard.html", body=body, error=None, year=year, scope=str(parsed),
                  group_by=group_by, groups=[g for g in figures.GROUPS if g not in ("year",)])


@router.get("/monitoring/region/{kato}")
def region_view(kato: str, request: Request, year: YearQuery = None, session: Session = Depends(get_session),
                principal: Principal = Depends(get_principal)):
    unit = session.get(AdminUnit, kato)
    if unit is None:
        return render(request, "monitoring/dashboard.html", status_code=404, body=None, error=f"no region {kato}",
                      year=year, scope="", group_by="district")
    year = year or date.today().year
    scope = parse(f"region:{kato}")
    by_district = figures.plan_fact(session, principal, scope, year, "district")
    by_sector = figures.plan_fact(session, principal, scope, year, "sector")
    alerts = []
    if principal.signed_in and principal.read_scope() != []:
        alerts = figures.project_alerts(session, principal, ProjectFilter(region=[kato]), date.today(), limit=500)
    return render(request, "monitoring/region.html", unit=unit, year=year, by_district=by_district,
                  by_sector=by_sector, alerts=alerts[:100])


@router.get("/monitoring/inbox")
def inbox(request: Request, session: Session = Depends(get_session), principal: Principal = Depends(get_principal)):
    """The curator's inbox: reports to review, overdue reports and alerts of their projects."""
    redirect = _signed_in(request, principal)
    if redirect:
        return redirect
    submitted, _ = service.list_reports(session, principal, state=["submitted"], limit=200)
    to_review = [r for r in submitted if service.actor_for(principal, service.get_project(session, r.project_id)).reviewer]
    overdue, _ = service.list_reports(session, principal, overdue=True, limit=200)
    alerts = figures.project_alerts(session, principal, ProjectFilter(), date.today(), limit=500) \
        if principal.read_scope() != [] else []
    return render(request, "monitoring/inbox.html", to_review=to_review, overdue=overdue, alerts=alerts[:200])


@router.get("/monitoring/reports/new")
def report_form(request: Request, project: IdRequired, year: YearQuery = None,
                quarter: int | None = Query(None, ge=1, le=4),
                session: Session = Depends(get_session), principal: Principal = Depends(get_principal)):
    redirect = _signed_in(request, principal)
    if redirect:
        return redirect
    p = service.get_project(session, project)
    if not service.actor_for(principal, p).author:
        raise Forbidden(f"you may not report on project {project}")
    today = date.today()
    return render(request, "monitoring/report_form.html", project=p, year=year or today.year,
                  quarter=quarter or (today.month - 1) // 3 + 1, csrf_token=principal.csrf or "", errors=[])


def _form_id(raw) -> int:
    """The id in a form field, or an InvalidInput (422): not digits, or beyond an integer column."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_INT:
        raise InvalidInput.one("project_id", "not the id of a project")
    return int(text)


FIELDS = ("investment_period_kzt", "investment_to_date_kzt", "jobs_permanent", "jobs_temporary", "output_value_kzt",
          "capacity_utilisation", "exports_kzt", "problems", "needs")


@router.post("/monitoring/reports/new")
async def report_submit(request: Request, session: Session = Depends(get_session),
                        principal: Principal = Depends(get_principal)):
    redirect = _signed_in(request, principal)
    if redirect:
        return redirect
    form = await request.form()
    if principal.via != "session" or not secrets.compare_digest(str(form.get("csrf_token", "")), principal.csrf or ""):
        raise Forbidden("the form has expired (CSRF check failed); reload the page")
    principal.extra["csrf_ok"] = True
    values = {}
    try:
        for name in FIELDS:
            raw = str(form.get(name, "")).strip().replace(" ", "").replace(",", ".") if name not in (
                "problems", "needs") else str(form.get(name, "")).strip()
            if raw:
                values[name] = int(raw) if name.startswith("jobs") else raw if name in ("problems", "needs") \
                    else Decimal(raw)
        data = ReportIn(project_id=int(form["project_id"]), year=int(form["year"]), quarter=int(form["quarter"]),
                        **values)
    except (ValueError, KeyError, InvalidOperation) as exc:
        p = service.get_project(session, _form_id(form.get("project_id")))
        return render(request, "monitoring/report_form.html", status_code=422, project=p, year=form.get("year"),
                      quarter=form.get("quarter"), csrf_token=principal.csrf, errors=[str(exc)])
    report = service.create_report(session, principal, data)
    return RedirectResponse(f"/api/v1/reports/{report.id}", status_code=303)
