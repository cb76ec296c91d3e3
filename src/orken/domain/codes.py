"""Every code list of Orken, defined once: the code, its display label and the words people write for it.

A ``Vocabulary`` is an ordered list of ``Code`` entries. Each entry's ``label`` is a gettext msgid
(marked ``N_``; ``orken.i18n.translator(lang)(entry.label)`` writes it in a language), its
``synonyms`` are the words a spreadsheet cell or a form says for it (matched after
``orken.domain.vocabulary.key``), and ``marker`` (statuses) is the pattern that says it inside running
text. The API's schemas (``Literal[VOCABULARY.codes]``), the importer, the extractor's and news
highlighter's word lists, the briefings, the pages and the exports read from here; adding a code is
one line here plus its kk/ru/en catalog entries (``tests/web/test_i18n.py`` checks every label).

Pure: no database, no web (only the ground ``orken.i18n`` for the ``N_`` marker).
"""

from __future__ import annotations

from dataclasses import dataclass

from orken.domain.units import UNITS as _UNITS
from orken.i18n import Msgid, N_


@dataclass(frozen=True)
class Code:
    code: str
    #: the display label: a gettext msgid
    label: Msgid
    #: the words people write for it (import cells, forms), in kk, ru and en
    synonyms: tuple[str, ...] = ()
    #: a regular expression that says it inside running text (news), if any
    marker: str | None = None
    #: a shorter label (tables of a briefing), if any
    short: Msgid | None = None


class Vocabulary:
    """An ordered, immutable list of codes with their labels."""

    def __init__(self, name: str, entries: list[Code]):
        self.name = name
        self.entries = tuple(entries)
        self._by_code = {e.code: e for e in self.entries}
        if len(self._by_code) != len(self.entries):
            raise ValueError(f"{name}: a code is listed twice")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Code:
        return self._by_code[code]

    def label(self, code: str | None, default: Msgid | str | None = None):
        """The label msgid of ``code`` (``default`` for an unknown code)."""
        entry = self._by_code.get(code)  # type: ignore[arg-type]
        return entry.label if entry else default

    def labels(self) -> dict[str, Msgid]:
        return {e.code: e.label for e in self.entries}

    def short_labels(self) -> dict[str, Msgid]:
        return {e.code: e.short or e.label for e in self.entries}

    def synonyms(self) -> dict[str, list[str]]:
        """code -> its words (the shape of ``orken.domain.vocabulary``'s ``*_WORDS`` tables)."""
        return {e.code: list(e.synonyms) for e in self.entries}

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {list(self.codes)})"


def _plain(name: str, pairs: list[tuple[str, Msgid]]) -> Vocabulary:
    return Vocabulary(name, [Code(code, label) for code, label in pairs])


# --- projects ------------------------------------------------------------------------------------

#: the project lifecycle (``orken.domain.lifecycle.Status``; its transitions live there)
PROJECT_STATUSES = Vocabulary("project status", [
    Code("planned", N_("Planned"), synonyms=(
            "planned", "plan", "pipeline", "запланирован", "запланировано", "планируется", "планируемый", "план",
            "проект", "перспективный", "перспективные", "в планах", "на стадии псд", "разработка псд", "псд",
            "на стадии разработки псд", "проектирование", "на стадии проектирования", "подготовительный этап",
            "подготовительные работы", "предынвестиционная стадия", "поиск инвестора", "на стадии согласования",
            "ведется поиск инвестора", "инвестор іздестірілуде", "инвестор іздеуде", "инвесторды іздеу",
            "жоспарланған", "жоспарлануда", "жоспарда", "жоба", "жобалау", "жсқ әзірлеу", "жсқ", "болжамды",
            "перспективалы", "дайындық кезеңі", "new",
        ), marker=r"жоспарлан\w*|салынады|планиру\w*|будет построен\w*|намечен\w*"),
    Code("under_construction", N_("Under construction"), synonyms=(
            "under construction", "construction", "in progress", "being implemented", "implementation",
            "строительство", "строится", "стройка", "реализация", "реализуется", "в стадии реализации",
            "на стадии реализации", "в процессе реализации", "на стадии строительства", "ведется строительство",
            "ведутся смр", "смр", "строительно монтажные работы", "монтаж оборудования", "монтаж",
            "пусконаладочные работы", "пнр", "в работе", "на стадии смр", "құрылыс", "салынуда",
            "құрылысы жүргізілуде", "іске асырылуда", "іске асыру", "іске асырылу үстінде",
            "құрылыс монтаж жұмыстары", "құрылыс жүруде", "жүзеге асырылуда",
        ), marker=r"салынуда|салынып жатыр|құрылысы жүр\w*|строится|строятся|ведется строительство|ведётся строительство|строительство"),
    Code("launched", N_("Launched"), synonyms=(
            "launched", "commissioned", "operating", "completed", "done", "in operation", "запущен", "запущено",
            "запущена", "введен", "введено", "введена", "введен в эксплуатацию", "введено в эксплуатацию",
            "запущен в эксплуатацию", "ввод в эксплуатацию", "реализован", "реализовано", "завершен", "завершено",
            "действующий", "действующее", "функционирует", "работает", "эксплуатация", "открыт", "открыто",
            "іске қосылды", "іске қосылған", "пайдалануға берілді", "пайдалануға берілген", "жұмыс істеп тұр",
            "жұмыс істейді", "аяқталды", "іске асырылды", "іске асырылған", "ашылды",
        ), marker=r"іске қосыл\w*|пайдалануға беріл\w*|ашылды|запущен\w*|введен\w* в эксплуатацию|введён\w* в эксплуатацию|открыт\w*|начал\w* работ\w*"),
    Code("at_design_capacity", N_("At design capacity"), synonyms=(
            "at design capacity", "full capacity", "на проектной мощности", "выведен на проектную мощность",
            "вышел на проектную мощность", "проектная мощность", "жобалық қуатқа шықты", "жобалық қуатта",
            "жобалық қуатына шықты",
        ), marker=r"жобалық қуатына шық\w*|вышел\w* на проектную мощность"),
    Code("suspended", N_("Suspended"), synonyms=(
            "suspended", "on hold", "frozen", "stalled", "приостановлен", "приостановлено", "заморожен",
            "заморожено", "простаивает", "простой", "остановлен", "тоқтатылған", "тоқтатылды",
            "уақытша тоқтатылған", "тоқтап тұр", "мұздатылған",
        ), marker=r"тоқтап тұр|тоқтатыл\w*|приостановлен\w*|заморожен\w*|простаива\w*"),
    Code("restoring", N_("Restoring"), synonyms=(
            "restoring", "restarting", "восстановление", "возобновление", "возобновлен", "реанимация",
            "қалпына келтіру", "қайта жаңғырту", "қайта іске қосу",
        ), marker=r"қалпына келтіріл\w*|восстанавлива\w*|возобнов\w*"),
    Code("cancelled", N_("Cancelled"), synonyms=(
            "cancelled", "canceled", "withdrawn", "отменен", "отменено", "исключен", "исключено",
            "исключен из карты", "аннулирован", "отказ инвестора", "жойылды", "күшін жойған", "алынып тасталды",
            "бас тартылды",
        ), marker=r"бас тартыл\w*|отменен\w*|отменён\w*|аннулирован\w*"),
])
MAP_LEVELS = Vocabulary("map level", [
    Code("republican", N_("Republican"), synonyms=(
            "republican", "республиканский", "республиканская карта", "республикалық", "рк",
        )),
    Code("regional", N_("Regional"), synonyms=(
            "regional", "региональный", "региональная карта", "өңірлік", "областной", "облыстық",
        )),
])
PROJECT_TYPES = Vocabulary("project type", [
    Code("new", N_("New", context="project type"), synonyms=(
            "new", "новый", "новое производство", "жаңа",
        )),
    Code("expansion", N_("Expansion", context="project type"), synonyms=(
            "expansion", "расширение", "кеңейту",
        )),
    Code("modernisation", N_("Modernisation", context="project type"), synonyms=(
            "modernisation", "modernization", "модернизация", "жаңғырту",
        )),
    Code("restart", N_("Restart", context="project type"), synonyms=(
            "restart", "перезапуск", "возобновление производства", "қайта іске қосу",
        )),
])

# --- zones -----------------------------------------------------------------------------------------

ZONE_KINDS = Vocabulary("zone kind", [
    Code("sez", N_("Special economic zone"), synonyms=(
            "sez", "сэз", "арнайы экономикалық аймақ", "аэа", "специальная экономическая зона",
            "special economic zone",
        ), marker=r"специальн\w*\s+экономическ\w*\s+зон\w*|арнайы\s+экономикал\w*\s+айма\w*|special\s+economic\s+zones?|\bсэз\b|\bаэа\b|\bsez\b",
        short=N_("SEZ", context="zone kind, short")),
    Code("industrial_zone", N_("Industrial zone"), synonyms=(
            "industrial zone", "индустриальная зона", "индустриялық аймақ", "из",
        ), marker=r"индустриал\w*\s+зон\w*|индустриял\w*\s+айма\w*|индустриалд\w*\s+айма\w*|industrial\s+zones?|\bиз\b|\biz\b",
        short=N_("industrial zone", context="zone kind, short")),
    Code("small_industrial_zone", N_("Small industrial zone"), synonyms=(
            "small industrial zone", "малая индустриальная зона", "шағын индустриялық аймақ", "миз",
        ), marker=r"мал\w*\s+индустриал\w*\s+зон\w*|шағын\s+индустриял\w*\s+айма\w*|small\s+industrial\s+zones?",
        short=N_("small industrial zone", context="zone kind, short")),
    Code("industrial_park", N_("Industrial park"), synonyms=(
            "industrial park", "индустриальный парк", "индустриялық парк",
        ), marker=r"индустриальн\w*\s+парк\w*|индустриял\w*\s+парк\w*|индустриалд\w*\s+парк\w*|industrial\s+parks?",
        short=N_("industrial park", context="zone kind, short")),
    Code("technopark", N_("Technopark"), synonyms=(
            "technopark", "технопарк",
        ), marker=r"технопарк\w*|technoparks?",
        short=N_("technopark", context="zone kind, short")),
])

INFRA_KINDS = _plain("infrastructure kind", [
    ("power", N_("Power")), ("gas", N_("Gas")), ("water", N_("Water")), ("rail", N_("Railway")), ("road", N_("Road")),
    ("heat", N_("Heating")), ("sewerage", N_("Sewerage")),
])
INFRA_STATES = _plain("infrastructure state", [
    ("available", N_("available")), ("under_construction", N_("under construction")), ("planned", N_("planned")),
    ("absent", N_("none")),
])
#: the legal regime of a zone (``orken.domain.sites``)
ZONE_REGIMES = _plain("zone regime", [("sez_regime", N_("SEZ regime")), ("iz_regime", N_("Industrial zone regime"))])
ZONE_INCENTIVES = _plain("zone incentive", [
    ("cit", N_("Corporate income tax")), ("land_tax", N_("Land tax")), ("property_tax", N_("Property tax")),
    ("vat", N_("VAT")), ("customs", N_("Customs (free customs zone)")), ("tax", N_("Tax benefits")),
    ("land_plot", N_("Land plot")), ("infrastructure", N_("Infrastructure")),
])

# --- organisations ---------------------------------------------------------------------------------

ORG_KINDS = _plain("organisation kind", [
    ("investor", N_("Investor")), ("operator", N_("Operator")), ("joint_venture", N_("Joint venture")),
    ("management_company", N_("Management company")), ("development_institution", N_("Development institution")),
    ("akimat", N_("Akimat")), ("contractor", N_("Contractor")),
])
#: an organisation's role in a project
ORG_ROLES = _plain("organisation role", [
    ("investor", N_("Investor")), ("operator", N_("Operator")), ("contractor", N_("Contractor")),
    ("joint_venture", N_("Joint venture")), ("management_company", N_("Management company")),
    ("partner", N_("Partner")),
])

# --- state support ---------------------------------------------------------------------------------

SUPPORT_KINDS = _plain("support kind", [
    ("infrastructure", N_("Infrastructure")), ("subsidy", N_("Subsidy")), ("tax_preference", N_("Tax preference")),
    ("customs_preference", N_("Customs preference")), ("investment_contract", N_("Investment contract")),
    ("land_plot", N_("Land plot")),
])
SUPPORT_STATUSES = _plain("support status", [
    ("committed", N_("committed")), ("delivered", N_("delivered")), ("overdue", N_("overdue")),
    ("cancelled", N_("cancelled")),
])

#: the period of a production capacity (``orken.domain.units.Period``): "t per year"
CAPACITY_PERIODS = _plain("capacity period", [("year", N_("year")), ("day", N_("day")), ("shift", N_("shift"))])

#: how exactly a launch date is known: the date means its whole year, quarter, month or the day
DATE_PRECISIONS = _plain("date precision", [
    ("year", N_("year", context="date precision")), ("quarter", N_("quarter", context="date precision")),
    ("month", N_("month", context="date precision")), ("day", N_("day", context="date precision")),
])

# --- places and sources ----------------------------------------------------------------------------

#: how exactly a project is placed on the map
LOCATION_PRECISIONS = _plain("location precision", [
    ("point", N_("exact point")), ("settlement", N_("settlement")), ("district", N_("district")),
    ("region", N_("region only")),
])
SOURCE_KINDS = _plain("source kind", [
    ("corpus", N_("Compiled records")), ("public", N_("public reporting")), ("document", N_("Document")),
    ("news", N_("News")), ("official", N_("Official source")),
])

# --- monitoring ------------------------------------------------------------------------------------

#: the states of a monitoring report (``orken.monitoring.workflow.State``)
REPORT_STATES = _plain("report state", [
    ("draft", N_("Draft")), ("submitted", N_("Submitted")), ("approved", N_("Approved")), ("returned", N_("Returned")),
])
PORTFOLIO_KINDS = _plain("portfolio kind", [("pool", N_("Pool of projects")), ("portfolio", N_("Portfolio"))])
#: the measures a fact read from the news is about (the review queue)
MEASURES = _plain("measure", [
    ("investment", N_("Investment", context="measure")), ("jobs", N_("Jobs", context="measure")),
    ("jobs_temporary", N_("Temporary jobs", context="measure")), ("capacity", N_("Capacity", context="measure")),
    ("status", N_("Status", context="measure")), ("output_value", N_("Output value", context="measure")),
    ("output_volume", N_("Output volume", context="measure")), ("area", N_("Area", context="measure")),
    ("launch", N_("Launch date", context="measure")),
])

#: the states of a fact read from the news in the review queue (``orken.news.models.REVIEW_STATES``)
FACT_REVIEW_STATES = _plain("fact review state", [
    ("pending", N_("Pending", context="review")), ("accepted", N_("Accepted", context="review")),
    ("rejected", N_("Rejected", context="review")),
])

# --- people ----------------------------------------------------------------------------------------

#: the roles of user accounts (``orken.auth.policy.Role``)
USER_ROLES = _plain("user role", [
    ("administrator", N_("Administrator")), ("centre_analyst", N_("Analyst of the centre")),
    ("sector_analyst", N_("Sector analyst")), ("region_analyst", N_("Regional analyst")),
    ("curator", N_("Curator")), ("investor", N_("Investor")), ("public", N_("Public (not signed in)")),
])

#: the tasks of a quiet project (``orken.tasks``): no news, report or edit for 12 months, then 24
TASK_KINDS = _plain("task kind", [
    ("confirm_status", N_("Confirm the status")), ("likely_shelved", N_("Likely shelved: confirm the status")),
])
#: why a task was closed
TASK_CLOSINGS = _plain("task closing", [
    ("confirmed", N_("Status confirmed")), ("status_changed", N_("Status changed")), ("edited", N_("Project edited")),
    ("activity", N_("New news or report")), ("not_checked", N_("Status no longer checked")),
])

#: units of measure of capacities and output (defined with their factors in ``orken.domain.units``)
UNITS = Vocabulary("unit", [Code(u.code, u.label) for u in _UNITS.values()])

#: every vocabulary by name (the i18n test walks them all)
VOCABULARIES: dict[str, Vocabulary] = {v.name: v for v in (
    PROJECT_STATUSES, MAP_LEVELS, PROJECT_TYPES, ZONE_KINDS, INFRA_KINDS, INFRA_STATES, ZONE_REGIMES, ZONE_INCENTIVES,
    ORG_KINDS, ORG_ROLES, CAPACITY_PERIODS, SUPPORT_KINDS, SUPPORT_STATUSES, LOCATION_PRECISIONS, DATE_PRECISIONS,
    SOURCE_KINDS, REPORT_STATES, PORTFOLIO_KINDS, MEASURES, FACT_REVIEW_STATES, USER_ROLES, UNITS,
    TASK_KINDS, TASK_CLOSINGS,
)}
