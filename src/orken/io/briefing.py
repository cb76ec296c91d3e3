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

from sqlalchemy import select
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
from orken.domain.lifecycle import OPERATING
from orken.reference.geo import ATTRIBUTION
from orken.registry import query
from orken.errors import NotFound
from orken.registry.query import ProjectFilter

TEXT = {
    "kk": {
        "kind": "АНЫҚТАМА", "about_region": "{name} бойынша индустрияландыру жобаларының іске асырылуы туралы",
        "about_country": "Қазақстан Республикасы бойынша индустрияландыру жобаларының іске асырылуы туралы",
        "as_of": "{date} жағдай бойынша", "key": "Негізгі көрсеткіштер", "projects": "Жобалар саны",
        "launched_total": "оның ішінде іске қосылғаны", "inv_plan": "Инвестициялар, жоспар, млрд теңге",
        "inv_fact": "Инвестициялар, нақты, млрд теңге", "jobs_plan": "Тұрақты жұмыс орындары, жоспар",
        "jobs_fact": "Тұрақты жұмыс орындары, нақты", "planfact": "Жоспар мен нақты",
        "indicator": "Көрсеткіш", "plan": "Жоспар", "fact": "Нақты", "pct": "Орындалуы, %",
        "by_status": "Мәртебесі бойынша", "by_group_region": "Аудандар бойынша", "by_group_country": "Өңірлер бойынша",
        "launched_year": "{year} жылы іске қосылған жобалар", "due_year": "{year} жылы іске қосылуы тиіс жобалар",
        "zones": "Арнайы экономикалық және индустриялық аймақтар", "problems": "Проблемалық мәселелер",
        "map": "Жобалардың орналасу картасы", "sources": "Дереккөздер", "none": "Жоқ",
        "name": "Атауы", "status": "Мәртебе", "investment": "Инвестиция, млн теңге", "jobs": "Жұмыс орны",
        "launch": "Іске қосу", "kind_col": "Түрі", "area": "Аумағы, га", "count": "Жобалар",
        "overdue": "іске қосу мерзімі өтіп кетті ({date})", "suspended": "жоба тоқтатылған",
        "support_overdue": "мемлекеттік қолдау шарасы мерзімінде орындалмады ({date})",
        "sample_note": "Ескерту: деректердің бір бөлігі демонстрациялық (үлгі) деректер.",
        "footer": "Orken — Қазақстанның индустрияландыру картасы", "page": "бет",
        "chart_inv": "Инвестициялар, млрд теңге", "generated": "Қалыптастырылған күні",
        "pf_title": "{year} жылғы жоспар мен нақты ({quarters})",
        "pf_launches": "Іске қосылған жобалар, бірлік", "pf_investment": "Инвестициялар, млрд теңге",
        "pf_jobs": "Тұрақты жұмыс орындары", "pf_output": "Өнім шығару, млрд теңге", "pf_expected": "Күтілгені, %",
        "pf_note": "Нақты — бекітілген мониторинг есептері бойынша ({reports} есеп, {quarters}); жоспар — "
                   "нысаналы көрсеткіштер, олар жоқ жерде {year} жылы іске қосылатын жобалардың жоспарлары.",
        "pf_target": "нысаналы көрсеткіш", "pf_projects_plan": "жобалар жоспары",
        "pf_by_group": "Инвестициялар мен жұмыс орындары: жоспар мен нақты",
        "g_inv_plan": "Инвестиция, жоспар", "g_inv_fact": "Инвестиция, нақты", "g_jobs_plan": "Жұмыс орны, жоспар",
        "g_jobs_fact": "Жұмыс орны, нақты", "g_unit": "Инвестициялар — млрд теңгемен, жұмыс орындары — тұрақты.",
        "registry_total": "Тізілім бойынша барлығы (іске асырудың бүкіл мерзімі)",
        "quarters_1": "I тоқсан", "quarters_n": "I–{roman} тоқсандар", "quarters_none": "есептер әлі жоқ",
        "report_problem": "мониторинг есебінде ({period}): {text}",
    },
    "ru": {
        "kind": "СПРАВКА", "about_region": "о ходе реализации проектов индустриализации: {name}",
        "about_country": "о ходе реализации проектов индустриализации в Республике Казахстан",
        "as_of": "по состоянию на {date}", "key": "Основные показатели", "projects": "Количество проектов",
        "launched_total": "в том числе запущено", "inv_plan": "Инвестиции, план, млрд тенге",
        "inv_fact": "Инвестиции, факт, млрд тенге", "jobs_plan": "Постоянные рабочие места, план",
        "jobs_fact": "Постоянные рабочие места, факт", "planfact": "План и факт",
        "indicator": "Показатель", "plan": "План", "fact": "Факт", "pct": "Исполнение, %",
        "by_status": "По статусам", "by_group_region": "По районам и городам", "by_group_country": "По регионам",
        "launched_year": "Проекты, запущенные в {year} году", "due_year": "Проекты к запуску в {year} году",
        "zones": "Специальные экономические и индустриальные зоны", "problems": "Проблемные вопросы",
        "map": "Карта размещения проектов", "sources": "Источники", "none": "Нет",
        "name": "Наименование", "status": "Статус", "investment": "Инвестиции, млн тенге", "jobs": "Раб. места",
        "launch": "Запуск", "kind_col": "Тип", "area": "Площадь, га", "count": "Проекты",
        "overdue": "срок запуска прошёл ({date})", "suspended": "проект приостановлен",
        "support_overdue": "мера господдержки не исполнена в срок ({date})",
        "sample_note": "Примечание: часть данных — демонстрационные (образец).",
        "footer": "Orken — Карта индустриализации Казахстана", "page": "стр.",
        "chart_inv": "Инвестиции, млрд тенге", "generated": "Дата формирования",
        "pf_title": "План и факт на {year} год ({quarters})",
        "pf_launches": "Запуск проектов, ед.", "pf_investment": "Инвестиции, млрд тенге",
        "pf_jobs": "Постоянные рабочие места", "pf_output": "Выпуск продукции, млрд тенге", "pf_expected": "Ожидалось, %",
        "pf_note": "Факт — по утверждённым отчётам мониторинга ({reports} отч., {quarters}); план — целевые "
                   "показатели, а где их нет — планы проектов с запуском в {year} году.",
        "pf_target": "целевой показатель", "pf_projects_plan": "планы проектов",
        "pf_by_group": "Инвестиции и рабочие места: план и факт",
        "g_inv_plan": "Инвестиции, план", "g_inv_fact": "Инвестиции, факт", "g_jobs_plan": "Раб. места, план",
        "g_jobs_fact": "Раб. места, факт", "g_unit": "Инвестиции — в млрд тенге, рабочие места — постоянные.",
        "registry_total": "Всего по реестру (за весь срок реализации)",
        "quarters_1": "I квартал", "quarters_n": "I–{roman} кварталы", "quarters_none": "отчётов ещё нет",
        "report_problem": "в отчёте мониторинга ({period}): {text}",
    },
}
STATUS_NAMES = {
    "kk": {"planned": "жоспарланған", "under_construction": "салынуда", "launched": "іске қосылды",
           "at_design_capacity": "жобалық қуатта", "suspended": "тоқтатылған", "restoring": "қалпына келтірілуде",
           "cancelled": "жойылған"},
    "ru": {"planned": "планируется", "under_construction": "строительство", "launched": "запущен",
           "at_design_capacity": "на проектной мощности", "suspended": "приостановлен",
           "restoring": "восстановление", "cancelled": "отменён"},
}
ZONE_KINDS = {
    "kk": {"sez": "АЭА", "industrial_zone": "индустриялық аймақ", "small_industrial_zone": "шағын индустриялық аймақ",
           "industrial_park": "индустриялық парк", "technopark": "технопарк"},
    "ru": {"sez": "СЭЗ", "industrial_zone": "индустриальная зона", "small_industrial_zone": "малая индустриальная зона",
           "industrial_park": "индустриальный парк", "technopark": "технопарк"},
}
MONTHS = {"kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
                 "қараша", "желтоқсан"],
          "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                 "ноября", "декабря"]}


def long_date(d: date, lang: str) -> str:
    if lang == "kk":
        return f"{d.year} жылғы {d.day} {MONTHS['kk'][d.month - 1]}"
    return f"{d.day} {MONTHS['ru'][d.month - 1]} {d.year} г."


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
        return TEXT[self.lang][key].format(**kw)

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
    return {"name": p.name(lang), "status": STATUS_NAMES[lang].get(p.status, p.status),
            "investment": millions(p.investment_planned_kzt), "jobs": integer(p.jobs_permanent_planned),
            "launch": (p.launch_actual or p.launch_planned).strftime("%m.%Y") if (p.launch_actual or p.launch_planned)
            else "—", "sample": p.is_sample}


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


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
        labels[line["key"]] = (label.get(b.lang) or label.get("ru") or line["key"]) if line["key"] else (
            "ауданы көрсетілмеген" if b.lang == "kk" else "район не указан")
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
        latest[p.id] = (p.name(b.lang), f"{ROMAN[r.quarter]} {'тоқсан' if b.lang == 'kk' else 'кв.'} {r.year}",
                        r.problems.strip())
    return [f"{name} — {b.t('report_problem', period=period, text=text)}"
            for name, period, text in sorted(latest.values()) if text]


def gather(session: Session, kato: str | None, lang: str = "ru", today: date | None = None,
           principal=None) -> Briefing:
    """The briefing's content. ``principal``: the reader (None: the command line, which sees everything)."""
    from orken.auth.policy import system_principal

    if lang not in TEXT:
        raise ValueError("a briefing is written in kk or ru")
    today = today or date.today()
    unit = None
    if kato is not None:
        unit = session.get(AdminUnit, kato)
        if unit is None or unit.level != 1:
            raise NotFound(f"{kato} is not a region KATO code")
    place = unit.name(lang) if unit else ("Қазақстан" if lang == "kk" else "Казахстан")
    if unit and unit.kind == "region":
        place = f"{place} облысы" if lang == "kk" else f"{place} область"
    f = ProjectFilter(region=[kato] if kato else [])
    totals_rows = query.stats(session, f, "status")
    totals = {k: sum(Decimal(r[k]) if "kzt" in k else r[k] for r in totals_rows)
              for k in ("projects", "investment_planned_kzt", "investment_actual_kzt", "jobs_permanent_planned",
                        "jobs_permanent_actual")}
    totals["launched"] = sum(r["projects"] for r in totals_rows if r["key"] in OPERATING)
    by_status = [{**r, "label": STATUS_NAMES[lang].get(r["key"], r["key"])} for r in totals_rows]
    group = "district" if kato else "region"
    by_group = []
    for r in query.stats(session, f, group):
        label = (r["label"] or {}).get(lang) or (r["label"] or {}).get("ru") or r["key"] or (
            "ауданы көрсетілмеген" if lang == "kk" else "район не указан")
        by_group.append({**r, "name": label})
    by_group.sort(key=lambda r: Decimal(r["investment_planned_kzt"]), reverse=True)
    # plain rows of the few columns used, not ORM objects (a national briefing reads every project),
    # and the selection as a subquery, never a list of ids (100,000 ids exceed SQLite's variables)
    stmt = f.apply(select(*(getattr(Project, c) for c in _ROW_COLUMNS))).order_by(Project.sort_name)
    chosen = f.apply(select(Project.id)).scalar_subquery()
    project_ids = chosen
    b = Briefing(lang, today, kato, place, unit, totals, by_status, by_group)
    centres = {k: (lat, lon) for k, lat, lon in session.execute(select(AdminUnit.kato, AdminUnit.lat, AdminUnit.lon))}
    suspended, overdue = [], []
    more = Counter()
    for p in map(_Row, session.execute(stmt)):
        b.has_sample |= bool(p.is_sample)
        if p.launch_actual and p.launch_actual.year == today.year:
            _listed(b.launched, more, "launched", _row(p, lang))
        elif not p.launch_actual and p.launch_planned and p.launch_planned.year == today.year and \
                p.status not in OPERATING and p.status != "cancelled":
            _listed(b.due, more, "due", _row(p, lang))
        if p.status == "suspended":
            _listed(suspended, more, "problems", f"{p.name(lang)} — {b.t('suspended')}")
        elif (p.launch_planned and p.launch_planned < today and p.status not in OPERATING
              and p.status != "cancelled"):
            _listed(overdue, more, "problems",
                    f"{p.name(lang)} — {b.t('overdue', date=p.launch_planned.strftime('%d.%m.%Y'))}")
        lat, lon = p.lat, p.lon
        if lat is None:
            lat, lon = centres.get(p.district_kato or p.region_kato, (None, None))
        if lat is not None:
            b.points.append((lon, lat, p.status))
    for name, items in (("launched", b.launched), ("due", b.due)):
        if more[name]:
            items.append({"name": f"… (+{more[name]})", "status": "", "investment": "", "jobs": "", "launch": "",
                          "sample": False})
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
    counts = Counter(pid for pid in session.scalars(
        select(Project.zone_id).where(Project.zone_id.is_not(None), Project.id.in_(project_ids))))
    for z in session.scalars(zstmt).unique():
        b.zones.append({"name": z.name(lang), "kind": ZONE_KINDS[lang].get(z.kind, z.kind),
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
    b.sources.append("Orken: " + ("жобалар тізілімі" if lang == "kk" else "реестр проектов") + ". " + ATTRIBUTION)
    return b


def sector_names(session: Session, lang: str) -> dict[str, str]:
    return {s.code: s.name(lang) for s in session.scalars(select(Sector))}
