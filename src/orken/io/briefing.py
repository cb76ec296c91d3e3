"""The content of a briefing on a region or the whole country: figures, lists, problems, sources.

Rendering is separate (``briefing_pdf``, ``briefing_xlsx``); both take the dict built here.

Plan vs fact is that of the monitoring module (``orken.monitoring.figures.plan_fact``) for the
year of the latest ended quarter: the fact is what the *approved* monitoring reports say (drafts
and submitted reports do not count), the plan is the target set for the region or country, else
what the projects planned to launch that year add up to. The registry's own planned and actual
investment and jobs over the projects' whole life stay beside it, as the registry's totals. The
reports counted are those the reader may see (``principal``; the command line sees all), and the
problems the approved reports name are listed for readers of internal data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orken.db.models import (
    AdminUnit,
    Document,
    Project,
    Sector,
    Source,
    SupportMeasure,
    Zone,
)
from orken.domain import codes
from orken.domain.lifecycle import OPERATING
from orken import i18n
from orken.i18n import N_, translator
from orken.reference.geo import ATTRIBUTION
from orken.registry import query
from orken.errors import NotFound
from orken.registry.query import ProjectFilter

#: the briefing's words: key -> msgid of the catalogs (context "briefing"), with ``%(name)s`` placeholders
TEXT = {
    "kind": N_("BRIEFING", context="briefing"),
    "about_region": N_("on the implementation of industrialization projects: %(name)s", context="briefing"),
    "about_country": N_("on the implementation of industrialization projects in the Republic of Kazakhstan",
                        context="briefing"),
    "as_of": N_("as of %(date)s", context="briefing"),
    "key": N_("Key figures", context="briefing"),
    "projects": N_("Number of projects", context="briefing"),
    "launched_total": N_("of which launched", context="briefing"),
    "inv_plan": N_("Investment, plan, bn tenge", context="briefing"),
    "inv_fact": N_("Investment, actual, bn tenge", context="briefing"),
    "jobs_plan": N_("Permanent jobs, plan", context="briefing"),
    "jobs_fact": N_("Permanent jobs, actual", context="briefing"),
    "planfact": N_("Plan and actual", context="briefing"),
    "indicator": N_("Indicator", context="briefing"),
    "plan": N_("Plan", context="briefing"),
    "fact": N_("Actual", context="briefing"),
    "pct": N_("Fulfilment, %", context="briefing"),
    "by_status": N_("By status", context="briefing"),
    "by_group_region": N_("By district and city", context="briefing"),
    "by_group_country": N_("By region", context="briefing"),
    "launched_year": N_("Projects launched in %(year)s", context="briefing"),
    "due_year": N_("Projects due to launch in %(year)s", context="briefing"),
    "zones": N_("Special economic and industrial zones", context="briefing"),
    "problems": N_("Problems", context="briefing"),
    "map": N_("Map of the projects", context="briefing"),
    "sources": N_("Sources", context="briefing"),
    "none": N_("None", context="briefing"),
    "name": N_("Name", context="briefing"),
    "status": N_("Status", context="briefing"),
    "investment": N_("Investment, mn tenge", context="briefing"),
    "jobs": N_("Jobs", context="briefing"),
    "launch": N_("Launch", context="briefing"),
    "kind_col": N_("Kind", context="briefing"),
    "area": N_("Area, ha", context="briefing"),
    "count": N_("Projects", context="briefing"),
    "overdue": N_("the launch date has passed (%(date)s)", context="briefing"),
    "suspended": N_("the project is suspended", context="briefing"),
    "support_overdue": N_("a state support measure was not delivered on time (%(date)s)", context="briefing"),
    "sample_note": N_("Note: part of the data is demonstration (sample) data.", context="briefing"),
    "footer": N_("Orken — the industrialization map of Kazakhstan", context="briefing"),
    "page": N_("page", context="briefing"),
    "chart_inv": N_("Investment, bn tenge", context="briefing"),
    "generated": N_("Generated on", context="briefing"),
    "pf_title": N_("Plan and actual for %(year)s (%(quarters)s)", context="briefing"),
    "pf_launches": N_("Projects launched, units", context="briefing"),
    "pf_investment": N_("Investment, bn tenge", context="briefing"),
    "pf_jobs": N_("Permanent jobs", context="briefing"),
    "pf_output": N_("Output, bn tenge", context="briefing"),
    "pf_expected": N_("Expected, %", context="briefing"),
    "pf_note": N_("Actual: from the approved monitoring reports (%(reports)s reports, %(quarters)s); plan: the "
                  "targets, and where there are none, the plans of the projects launching in %(year)s.",
                  context="briefing"),
    "pf_target": N_("target", context="briefing"),
    "pf_projects_plan": N_("plans of the projects", context="briefing"),
    "pf_by_group": N_("Investment and jobs: plan and actual", context="briefing"),
    "g_inv_plan": N_("Investment, plan", context="briefing"),
    "g_inv_fact": N_("Investment, actual", context="briefing"),
    "g_jobs_plan": N_("Jobs, plan", context="briefing"),
    "g_jobs_fact": N_("Jobs, actual", context="briefing"),
    "g_unit": N_("Investment in bn tenge; jobs are permanent jobs.", context="briefing"),
    "registry_total": N_("Registry total (over the whole implementation)", context="briefing"),
    "quarters_1": N_("quarter I", context="briefing"),
    "quarters_n": N_("quarters I–%(roman)s", context="briefing"),
    "quarters_none": N_("no reports yet", context="briefing"),
    "report_problem": N_("in a monitoring report (%(period)s): %(text)s", context="briefing"),
}
#: a project status and a zone kind as a briefing writes them (lower case, short)
STATUS_NAMES = {code: N_(code.replace("_", " "), context="briefing status") for code in codes.PROJECT_STATUSES.codes}
ZONE_KINDS = codes.ZONE_KINDS.short_labels()
MONTHS = (N_("January", context="month, in a date"), N_("February", context="month, in a date"),
          N_("March", context="month, in a date"), N_("April", context="month, in a date"),
          N_("May", context="month, in a date"), N_("June", context="month, in a date"),
          N_("July", context="month, in a date"), N_("August", context="month, in a date"),
          N_("September", context="month, in a date"), N_("October", context="month, in a date"),
          N_("November", context="month, in a date"), N_("December", context="month, in a date"))
#: the languages a briefing is written in: every interface language (``kk-Latn`` too)
LANGS = i18n.LANGS


def label_in(label: dict | None, lang: str) -> str | None:
    """A kk/ru/en label of a statistics line in ``lang`` (in its script), falling back to Russian."""
    label = label or {}
    return i18n.in_script(lang, label.get(i18n.base(lang)) or label.get("ru")) or None


def words(lang: str, key: str, **values) -> str:
    """The briefing's word ``key`` in ``lang``, placeholders filled."""
    return translator(lang)(TEXT[key], **values)


def status_name(code: str, lang: str) -> str:
    return translator(lang)(STATUS_NAMES[code]) if code in STATUS_NAMES else code


def long_date(d: date, lang: str) -> str:
    gettext = translator(lang)
    return gettext(N_("%(day)s %(month)s %(year)s", context="long date"), day=d.day,
                   month=gettext(MONTHS[d.month - 1]), year=d.year)


def billions(value: Decimal | str | None) -> str:
    v = Decimal(value or 0) / Decimal(10 ** 9)
    return f"{v:,.1f}".replace(",", " ").replace(".", ",")


def millions(value: Decimal | str | None) -> str:
    if value is None:
        return "—"
    v = Decimal(value) / Decimal(10 ** 6)
    return f"{v:,.1f}".replace(",", " ").replace(".", ",")


def integer(value) -> str:
    return f"{int(value or 0):,}".replace(",", " ")


@dataclass
class Briefing:
    lang: str
    today: date
    kato: str | None
    place: str
    unit: AdminUnit | None
    totals: dict
    by_status: list[dict]
    by_group: list[dict]
    launched: list[dict] = field(default_factory=list)
    due: list[dict] = field(default_factory=list)
    zones: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    points: list[tuple[float, float, str]] = field(default_factory=list)
    has_sample: bool = False
    #: plan vs fact of the monitoring module: {"year", "quarter", "reports", "total": line, "items": [line...]}
    planfact: dict = field(default_factory=dict)

    def t(self, key: str, **kw) -> str:
        return words(self.lang, key, **kw)

    @property
    def title(self) -> str:
        if self.kato is None:
            return self.t("about_country")
        return self.t("about_region", name=self.place)


#: rows listed at most in each list of a briefing (launched, due, problems); the rest are counted
#: in a last line "… (+N)": a national briefing of 100,000 projects stays a note of a few pages
MAX_LISTED = 200
_ROW_COLUMNS = ("id", "name_kk", "name_ru", "name_en", "status", "launch_actual", "launch_planned",
                "investment_planned_kzt", "jobs_permanent_planned", "is_sample", "lat", "lon", "district_kato",
                "region_kato")


class _Row:
    """A project row with the attributes and ``name()`` the briefing reads from a ``Project``."""

    __slots__ = _ROW_COLUMNS

    def __init__(self, row) -> None:
        for key, value in zip(_ROW_COLUMNS, row):
            setattr(self, key, value)

    name = Project.name


def _listed(items: list, more: Counter, kind: str, item) -> None:
    if len(items) < MAX_LISTED:
        items.append(item)
    else:
        more[kind] += 1


def _row(p: Project, lang: str) -> dict:
    return {"name": p.name(lang), "status": status_name(p.status, lang),
            "investment": millions(p.investment_planned_kzt), "jobs": integer(p.jobs_permanent_planned),
            "launch": (p.launch_actual or p.launch_planned).strftime("%m.%Y") if (p.launch_actual or p.launch_planned)
            else "—", "sample": p.is_sample}


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
NO_DISTRICT = N_("district not given", context="briefing")


def quarters_text(b: Briefing) -> str:
    q = b.planfact.get("quarter")
    if not b.planfact.get("reports"):
        return b.t("quarters_none")
    return b.t("quarters_1") if q == 1 else b.t("quarters_n", roman=ROMAN[q])


def _plan_fact(session: Session, b: Briefing, principal) -> None:
    """Plan vs fact of the year of the latest ended quarter, from the approved monitoring reports."""
    from sqlalchemy import func

    from orken.monitoring import figures, periods
    from orken.monitoring.models import Report
    from orken.monitoring.scope import parse
    from orken.monitoring.service import visible_reports

    year, _ = periods.last_ended(b.today)
    scope = parse(f"region:{b.kato}" if b.kato else None)
    group = "district" if b.kato else "region"
    # the whole year's plan; the fact of the quarters approved so far; the share expected by today
    body = figures.plan_fact(session, principal, scope, year, group, quarter=4, today=b.today)
    counted = select(func.count(Report.id), func.max(Report.quarter)).join(Project, Project.id == Report.project_id) \
        .where(Report.current.is_(True), Report.year == year, visible_reports(principal))
    if b.kato:
        counted = counted.where(Project.region_kato == b.kato)
    reports, quarter = session.execute(counted).one()
    labels = {}
    for line in body["items"]:
        label = line.get("label") or {}
        labels[line["key"]] = (label_in(label, b.lang) or line["key"]) if line["key"] else (
            translator(b.lang)(NO_DISTRICT))
    b.planfact = {"year": year, "quarter": quarter, "reports": reports or 0,
                  "expected": body.get("expected_percent"), "total": body["total"],
                  "items": [{**line, "name": labels[line["key"]]} for line in body["items"]]}


def _report_problems(session: Session, b: Briefing, principal, project_ids: list[int]) -> list[str]:
    """The problems named by the latest approved report of each project (an internal field: only for
    those the policy lets read the report's internal fields, ``monitoring.service.can_read_report``)."""
    from orken.monitoring.models import Report
    from orken.monitoring.service import can_read_report

    latest: dict[int, tuple] = {}
    rows = session.execute(select(Report, Project).join(Project, Project.id == Report.project_id).where(
        Report.project_id.in_(project_ids), Report.current.is_(True), Report.problems.is_not(None))
        .order_by(Report.year, Report.quarter))
    for r, p in rows:
        if not can_read_report(principal, r, p)[1]:
            continue
        latest[p.id] = (p.name(b.lang), translator(b.lang)(N_("%(roman)s quarter %(year)s", context="briefing"),
                                                           roman=ROMAN[r.quarter], year=r.year),
                        r.problems.strip())
    return [f"{name} — {b.t('report_problem', period=period, text=text)}"
            for name, period, text in sorted(latest.values()) if text]


def _lists(session: Session, f: ProjectFilter, b: Briefing) -> tuple[list[str], list[str], Counter]:
    """The briefing's lists, each the first ``MAX_LISTED`` by name with the rest counted, and its map
    points: Core selects of the few columns used, each list filtered and cut in SQL (a national
    briefing no longer reads 100,000 projects into Python to keep 200 of them)."""
    from sqlalchemy import and_, exists, not_

    conn = session.connection()
    today, lang = b.today, b.lang
    year_start, next_year = date(today.year, 1, 1), date(today.year + 1, 1, 1)
    not_done = not_(Project.status.in_([str(s) for s in OPERATING] + ["cancelled"]))
    kinds = {
        "launched": and_(Project.launch_actual >= year_start, Project.launch_actual < next_year),
        "due": and_(Project.launch_actual.is_(None), Project.launch_planned >= year_start,
                    Project.launch_planned < next_year, not_done),
        "suspended": Project.status == "suspended",
        "overdue": and_(Project.status != "suspended", Project.launch_planned < today, not_done),
    }
    more: Counter = Counter()
    found: dict[str, list] = {}
    for kind, condition in kinds.items():
        stmt = f.apply(select(*(getattr(Project, c) for c in _ROW_COLUMNS)).where(condition))
        found[kind] = [_Row(r) for r in conn.execute(stmt.order_by(Project.sort_name, Project.id).limit(MAX_LISTED))]
        if len(found[kind]) == MAX_LISTED:
            total = conn.scalar(f.apply(select(func.count()).select_from(Project).where(condition)))
            more["problems" if kind in ("suspended", "overdue") else kind] += total - MAX_LISTED
    b.launched = [_row(p, lang) for p in found["launched"]]
    b.due = [_row(p, lang) for p in found["due"]]
    suspended = [f"{p.name(lang)} — {b.t('suspended')}" for p in found["suspended"]]
    overdue = [f"{p.name(lang)} — {b.t('overdue', date=p.launch_planned.strftime('%d.%m.%Y'))}"
               for p in found["overdue"]]
    b.has_sample = bool(conn.scalar(select(exists(f.apply(select(Project.id).where(Project.is_sample.is_(True)))))))
    centres = {k: (lat, lon) for k, lat, lon in conn.execute(select(AdminUnit.kato, AdminUnit.lat, AdminUnit.lon))}
    points = f.apply(select(Project.lat, Project.lon, Project.district_kato, Project.region_kato, Project.status))
    for lat, lon, district, region, status in conn.execute(points.order_by(Project.sort_name, Project.id)):
        if lat is None:
            lat, lon = centres.get(district or region, (None, None))
        if lat is not None:
            b.points.append((lon, lat, status))
    for name, items in (("launched", b.launched), ("due", b.due)):
        if more[name]:
            items.append({"name": f"… (+{more[name]})", "status": "", "investment": "", "jobs": "", "launch": "",
                          "sample": False})
    return suspended, overdue, more


def check_region(session: Session, kato: str) -> AdminUnit:
    """The region of a regional briefing; NotFound unless ``kato`` is a region's code."""
    unit = session.get(AdminUnit, kato)
    if unit is None or unit.level != 1:
        raise NotFound(f"{kato} is not a region KATO code")
    return unit


def gather(session: Session, kato: str | None, lang: str = "ru", today: date | None = None,
           principal=None) -> Briefing:
    """The briefing's content. ``principal``: the reader (None: the command line, which sees everything)."""
    from orken.auth.policy import system_principal

    if lang not in LANGS:
        raise ValueError(f"a briefing is written in one of {', '.join(LANGS)}")
    today = today or date.today()
    unit = check_region(session, kato) if kato is not None else None
    gettext = translator(lang)
    place = unit.name(lang) if unit else gettext(N_("Kazakhstan", context="briefing"))
    if unit and unit.kind == "region":
        place = gettext(N_("%(name)s region", context="briefing"), name=place)
    f = ProjectFilter(region=[kato] if kato else [])
    totals_rows = query.stats(session, f, "status")
    totals = {k: sum(Decimal(r[k]) if "kzt" in k else r[k] for r in totals_rows)
              for k in ("projects", "investment_planned_kzt", "investment_actual_kzt", "jobs_permanent_planned",
                        "jobs_permanent_actual")}
    totals["launched"] = sum(r["projects"] for r in totals_rows if r["key"] in OPERATING)
    by_status = [{**r, "label": status_name(r["key"], lang)} for r in totals_rows]
    group = "district" if kato else "region"
    by_group = []
    for r in query.stats(session, f, group):
        label = label_in(r["label"], lang) or r["key"] or gettext(NO_DISTRICT)
        by_group.append({**r, "name": label})
    by_group.sort(key=lambda r: Decimal(r["investment_planned_kzt"]), reverse=True)
    # the selection as a subquery, never a list of ids (100,000 ids exceed SQLite's variables)
    chosen = f.apply(select(Project.id)).scalar_subquery()
    project_ids = chosen
    b = Briefing(lang, today, kato, place, unit, totals, by_status, by_group)
    suspended, overdue, more = _lists(session, f, b)
    late_support = session.execute(
        select(SupportMeasure, Project).join(Project, Project.id == SupportMeasure.project_id)
        .where(SupportMeasure.project_id.in_(project_ids), SupportMeasure.status.in_(["overdue", "committed"]),
               SupportMeasure.due < today)).all()
    b.problems = suspended + overdue + [
        f"{p.name(lang)} — {b.t('support_overdue', date=s.due.strftime('%d.%m.%Y'))}" for s, p in late_support]
    if more["problems"]:
        b.problems.append(f"… (+{more['problems']})")
    reader = principal or system_principal("briefing")  # the command line reads everything
    b.problems += _report_problems(session, b, reader, project_ids)
    _plan_fact(session, b, reader)
    zstmt = select(Zone).order_by(Zone.kind, Zone.name_ru)
    if kato:
        zstmt = zstmt.where(Zone.region_kato == kato)
    counts = dict(session.execute(select(Project.zone_id, func.count()).where(
        Project.zone_id.is_not(None), Project.id.in_(project_ids)).group_by(Project.zone_id)).all())
    for z in session.scalars(zstmt).unique():
        b.zones.append({"name": z.name(lang), "kind": gettext(ZONE_KINDS[z.kind]) if z.kind in ZONE_KINDS else z.kind,
                        "area": integer(z.area_ha) if z.area_ha is not None else "—", "projects": counts.get(z.id, 0)})
    docs = session.execute(
        select(Document.title, Document.publisher, Document.date, Document.url).join(
            Source, Source.document_id == Document.id).where(Source.project_id.in_(project_ids)).distinct())
    for title, publisher, when, url in docs:
        parts = [x for x in (title, publisher, when.strftime("%d.%m.%Y") if when else None, url) if x]
        b.sources.append(". ".join(parts))
    urls = session.scalars(select(Source.url).where(Source.project_id.in_(project_ids),
                                                    Source.url.is_not(None), Source.document_id.is_(None)).distinct())
    b.sources += sorted(urls)
    b.sources = sorted(set(b.sources))[:40]
    b.sources.append("Orken: " + gettext(N_("the project registry", context="briefing")) + ". " + ATTRIBUTION)
    return b


def sector_names(session: Session, lang: str) -> dict[str, str]:
    return {s.code: s.name(lang) for s in session.scalars(select(Sector))}
