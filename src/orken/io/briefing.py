"""The content of a briefing on a region or the whole country: figures, lists, problems, sources.

Rendering is separate (``briefing_pdf``, ``briefing_xlsx``); both take the dict built here.
Plan vs fact comes from the registry's planned and actual investment and jobs. Quarterly
monitoring reports (issue 4, ``orken.monitoring``) are not part of the briefing yet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit, Document, Project, Sector, Source, SupportMeasure, Zone
from orken.domain.lifecycle import OPERATING
from orken.reference.geo import ATTRIBUTION
from orken.registry import query
from orken.registry.errors import NotFound
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

    def t(self, key: str, **kw) -> str:
        return TEXT[self.lang][key].format(**kw)

    @property
    def title(self) -> str:
        if self.kato is None:
            return self.t("about_country")
        return self.t("about_region", name=self.place)


def _row(p: Project, lang: str) -> dict:
    return {"name": p.name(lang), "status": STATUS_NAMES[lang].get(p.status, p.status),
            "investment": millions(p.investment_planned_kzt), "jobs": integer(p.jobs_permanent_planned),
            "launch": (p.launch_actual or p.launch_planned).strftime("%m.%Y") if (p.launch_actual or p.launch_planned)
            else "—", "sample": p.is_sample}


def gather(session: Session, kato: str | None, lang: str = "ru", today: date | None = None) -> Briefing:
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
    stmt = f.apply(select(Project)).order_by(Project.sort_name)
    b = Briefing(lang, today, kato, place, unit, totals, by_status, by_group)
    suspended, overdue = [], []
    project_ids = []
    for p in session.scalars(stmt).unique():
        project_ids.append(p.id)
        b.has_sample |= p.is_sample
        if p.launch_actual and p.launch_actual.year == today.year:
            b.launched.append(_row(p, lang))
        elif not p.launch_actual and p.launch_planned and p.launch_planned.year == today.year and \
                p.status not in OPERATING and p.status != "cancelled":
            b.due.append(_row(p, lang))
        if p.status == "suspended":
            suspended.append(f"{p.name(lang)} — {b.t('suspended')}")
        elif (p.launch_planned and p.launch_planned < today and p.status not in OPERATING
              and p.status != "cancelled"):
            overdue.append(f"{p.name(lang)} — {b.t('overdue', date=p.launch_planned.strftime('%d.%m.%Y'))}")
        lat, lon = p.lat, p.lon
        if lat is None:
            centre = session.get(AdminUnit, p.district_kato or p.region_kato)
            lat, lon = (centre.lat, centre.lon) if centre else (None, None)
        if lat is not None:
            b.points.append((lon, lat, p.status))
    late_support = session.execute(
        select(SupportMeasure, Project).join(Project, Project.id == SupportMeasure.project_id)
        .where(SupportMeasure.project_id.in_(project_ids or [-1]), SupportMeasure.status.in_(["overdue", "committed"]),
               SupportMeasure.due < today)).all()
    b.problems = suspended + overdue + [
        f"{p.name(lang)} — {b.t('support_overdue', date=s.due.strftime('%d.%m.%Y'))}" for s, p in late_support]
    zstmt = select(Zone).order_by(Zone.kind, Zone.name_ru)
    if kato:
        zstmt = zstmt.where(Zone.region_kato == kato)
    counts = Counter(pid for pid in session.scalars(
        select(Project.zone_id).where(Project.zone_id.is_not(None), Project.id.in_(project_ids or [-1]))))
    for z in session.scalars(zstmt).unique():
        b.zones.append({"name": z.name(lang), "kind": ZONE_KINDS[lang].get(z.kind, z.kind),
                        "area": integer(z.area_ha) if z.area_ha is not None else "—", "projects": counts.get(z.id, 0)})
    docs = session.execute(
        select(Document.title, Document.publisher, Document.date, Document.url).join(
            Source, Source.document_id == Document.id).where(Source.project_id.in_(project_ids or [-1])).distinct())
    for title, publisher, when, url in docs:
        parts = [x for x in (title, publisher, when.strftime("%d.%m.%Y") if when else None, url) if x]
        b.sources.append(". ".join(parts))
    urls = session.scalars(select(Source.url).where(Source.project_id.in_(project_ids or [-1]),
                                                    Source.url.is_not(None), Source.document_id.is_(None)).distinct())
    b.sources += sorted(urls)
    b.sources = sorted(set(b.sources))[:40]
    b.sources.append("Orken: " + ("жобалар тізілімі" if lang == "kk" else "реестр проектов") + ". " + ATTRIBUTION)
    return b


def sector_names(session: Session, lang: str) -> dict[str, str]:
    return {s.code: s.name(lang) for s in session.scalars(select(Sector))}
