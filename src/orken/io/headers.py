"""Recognising column headers written in Kazakh, Russian or English.

A header is matched as a *concept* (investment, permanent jobs, launch date...) plus an optional
*plan/fact qualifier*, so that "Инвестиции, млн тенге / факт" (a two-row header under a merged
cell), "Нақты инвестиция" and "Investment actual" all land on ``investment_actual``. A scale
word in the header ("млн тенге") becomes the column's multiplier. Unusual headers can be mapped
once and saved (``orken import map``); saved mappings are consulted first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from orken.io.parse import norm, unit_multiplier

PLAN_WORDS = {"план", "плановый", "плановая", "плановое", "планируемый", "планируемая", "планируемое", "прогноз",
              "жоспар", "жоспарлы", "жоспарланған", "planned", "plan", "target", "по плану", "жоспар бойынша"}
FACT_WORDS = {"факт", "фактический", "фактическая", "фактически", "фактическое", "освоено", "создано", "нақты",
              "игерілді", "игерілген", "игерілгені", "игерілген қаражат", "құрылған", "из них освоено", "освоенные", "actual", "fact", "achieved", "по факту"}
UNIT_WORDS = {"млн", "млрд", "трлн", "тыс", "мың", "тенге", "теңге", "тг", "kzt", "mln", "bn", "bln", "million",
              "billion", "thousand", "ед", "единиц", "бірлік", "чел", "адам", "человек", "units", "га", "ha", "в",
              "на", "в т ч", "жыл", "год", "г", "году"}

#: a currency word in a header
MONEY_WORDS = re.compile(r"(^| )(тенге|теңге|тг|kzt|usd|долл\w*|евро|eur)( |$)")

#: fields that have a plan and a fact variant
QUALIFIED = {"investment", "jobs_permanent", "jobs_construction", "launch"}

PROJECT_CONCEPTS: dict[str, list[str]] = {
    "external_id": ["external id", "external_id", "id", "код", "code", "код проекта", "идентификатор", "внешний id",
                    "внешний идентификатор", "уникальный номер", "жоба коды", "жоба id", "project id", "project code",
                    "id проекта"],
    "name": ["наименование проекта", "название проекта", "наименование", "название", "проект", "project name",
             "project", "name", "жобаның атауы", "жоба атауы", "атауы", "жоба"],
    "name_kk": ["наименование на казахском", "наименование каз", "атауы қаз", "атауы қазақша", "name kk",
                "name kazakh", "жобаның атауы қазақ тілінде"],
    "name_ru": ["наименование на русском", "наименование рус", "атауы орыс", "name ru", "name russian",
                "жобаның атауы орыс тілінде"],
    "name_en": ["наименование на английском", "name en", "name english", "english name", "атауы ағылшын"],
    "description": ["описание", "описание проекта", "сипаттама", "жоба сипаттамасы", "description"],
    "region": ["регион", "область", "облыс", "өңір", "region", "oblast", "като", "kato", "код като",
               "регион като", "облыс өңір", "область регион", "облысы", "өңірі", "облыс атауы"],
    "district": ["район", "аудан", "district", "район город", "аудан қала", "код като района", "ауданы",
                 "ауданы қаласы", "аудан қаласы", "город район", "район г", "қала аудан", "муниципалитет"],
    "settlement": ["населенный пункт", "елді мекен", "settlement", "город поселок", "местоположение", "location",
                   "орналасқан жері", "место реализации", "месторасположение", "место расположения",
                   "расположение", "адрес", "место", "локация", "мекенжай", "орналасуы", "орналасқан орны",
                   "іске асыру орны", "жоба орны", "site", "address"],
    "lat": ["широта", "ендік", "latitude", "lat"],
    "lon": ["долгота", "бойлық", "longitude", "lon", "lng"],
    "zone": ["сэз из", "сэз", "зона", "индустриальная зона", "аэа иа", "аймақ", "zone", "sez", "industrial zone"],
    "oked": ["окэд", "код окэд", "эқжж", "эқжж коды", "oked", "oked code", "nace", "отрасль", "сектор", "сала",
             "отрасль окэд", "sector", "industry", "отраслевая принадлежность", "отрасль экономики",
             "вид деятельности", "вид экономической деятельности", "сфера деятельности", "салалық тиесілігі",
             "салалық тиесілік", "салалық бағыты", "саласы", "экономика саласы", "қызмет түрі", "қызмет саласы"],
    "programmes": ["программа", "программы", "государственная программа", "бағдарлама", "programme", "program",
                   "programmes"],
    "map_level": ["уровень карты", "карта", "карта индустриализации", "карта деңгейі", "map level", "map",
                  "уровень", "деңгей"],
    "project_type": ["тип проекта", "вид проекта", "жоба түрі", "project type", "type"],
    "status": ["статус", "статус проекта", "стадия", "текущий статус", "мәртебе", "жоба мәртебесі", "күйі",
               "текущее состояние", "состояние", "состояние проекта", "ход реализации", "стадия проекта",
               "ағымдағы жағдайы", "жағдайы", "жобаның жағдайы", "іске асыру барысы", "орындалу барысы",
               "мәртебесі", "жобаның мәртебесі", "жобаның күйі", "стадия реализации", "статус реализации",
               "ағымдағы мәртебе", "іске асыру кезеңі",
               "status", "stage"],
    "investment": ["инвестиции", "объем инвестиций", "сумма инвестиций", "стоимость проекта", "стоимость",
                   "инвестиция", "инвестиция көлемі", "инвестициялар", "жоба құны", "investment", "investments",
                   "project cost", "капитальные вложения", "освоение инвестиций", "инвестиция көлемі",
                   "жобаның құны", "жалпы құны", "инвестициялар көлемі", "стоимость проекта млн тенге"],
    "currency": ["валюта", "валютасы", "currency"],
    "jobs_permanent": ["рабочие места", "постоянные рабочие места", "количество рабочих мест", "кол во рабочих мест",
                       "жұмыс орындары", "тұрақты жұмыс орындары", "жұмыс орны", "jobs", "permanent jobs",
                       "рабочих мест", "создание рабочих мест", "рабочие места постоянные", "постоянные",
                       "жұмыс орындары тұрақты", "тұрақты", "тұрақты жұмыс орны", "жаңа жұмыс орындары",
                       "жұмыс орындарының саны"],
    "jobs_construction": ["рабочие места на период строительства", "временные рабочие места",
                          "рабочие места временные", "рабочие места на период смр", "временные",
                          "на период строительства", "жұмыс орындары уақытша", "уақытша", "уақытша жұмыс орны",
                          "құрылыс кезеңінде", "құрылыс кезеңіндегі",
                          "рабочие места при строительстве", "құрылыс кезеңіндегі жұмыс орындары",
                          "уақытша жұмыс орындары", "construction jobs", "jobs construction", "temporary jobs"],
    "launch": ["срок ввода", "год ввода", "срок реализации", "дата ввода", "ввод в эксплуатацию", "срок запуска",
               "запуск", "дата запуска", "іске қосу", "іске қосу мерзімі", "іске қосу жылы", "пайдалануға беру",
               "launch", "launch date", "launch year", "commissioning", "год запуска", "іске қосу күні",
               "пайдалануға беру мерзімі", "срок ввода в эксплуатацию", "плановый срок ввода", "срок реализации проекта",
               "іске асыру мерзімі", "жүзеге асыру мерзімі", "іске асыру кезеңі", "жобаны іске асыру мерзімі"],
    "capacity": ["мощность", "производственная мощность", "проектная мощность", "мощность проекта", "мощности",
                 "қуаты", "қуат", "жобалық қуаты", "өндірістік қуаты", "жобаның қуаты", "capacity", "design capacity",
                 "production capacity"],
    "curator": ["куратор", "ответственный", "жауапты", "curator"],
    "investor": ["инвестор", "инициатор", "компания", "предприятие", "инвестор инициатор", "бастамашы",
                 "бастамашысы", "жоба бастамашысы", "инициатор проекта", "инвестор бастамашы атауы",
                 "наименование инициатора", "наименование инвестора",
                 "инвестор бастамашы", "компания атауы", "investor", "company", "initiator"],
    "investor_bin": ["бин", "бин инвестора", "бсн", "bin", "бин инициатора", "бин бсн", "бсн бин",
                     "бастамашының бсн", "бастамашы бсн"],
    "note": ["примечание", "комментарий", "ескерту", "түсініктеме", "note", "notes", "comment", "проблемные вопросы",
             "проблемы", "мәселелер"],
    "source_url": ["источник", "ссылка", "дереккөз", "source", "url", "link"],
    "row_number": ["№", "n", "no", "номер", "р с", "п п", "№ п п", "р н", "#"],
}

ZONE_CONCEPTS: dict[str, list[str]] = {
    "external_id": PROJECT_CONCEPTS["external_id"] + ["код зоны", "zone id", "аймақ коды"],
    "name": ["наименование зоны", "название зоны", "наименование", "название", "зона", "аймақ атауы", "атауы",
             "name", "zone", "zone name"],
    "name_kk": PROJECT_CONCEPTS["name_kk"], "name_ru": PROJECT_CONCEPTS["name_ru"],
    "name_en": PROJECT_CONCEPTS["name_en"],
    "kind": ["тип", "вид", "тип зоны", "вид зоны", "түрі", "аймақ түрі", "kind", "type", "zone type"],
    "region": PROJECT_CONCEPTS["region"], "district": PROJECT_CONCEPTS["district"],
    "area_ha": ["площадь", "общая площадь", "площадь га", "аумағы", "жалпы аумағы", "area", "area ha"],
    "free_area_ha": ["свободная площадь", "свободные участки", "бос аумақ", "free area", "free area ha"],
    "lat": PROJECT_CONCEPTS["lat"], "lon": PROJECT_CONCEPTS["lon"],
    "established": ["дата создания", "год создания", "создана", "құрылған күні", "құрылған жылы", "established",
                    "created"],
    "description": PROJECT_CONCEPTS["description"],
    "row_number": PROJECT_CONCEPTS["row_number"],
}

REPORT_CONCEPTS: dict[str, list[str]] = {
    # the project reported on: its external id, else its name
    "external_id": PROJECT_CONCEPTS["external_id"],
    "project": ["наименование проекта", "название проекта", "наименование", "проект", "project name", "project",
                "name", "жобаның атауы", "жоба атауы", "атауы", "жоба"],
    "period": ["период", "отчетный период", "отчетный квартал", "квартал", "период отчета", "кезең", "есепті кезең",
               "тоқсан", "есепті тоқсан", "period", "reporting period", "quarter", "report period"],
    "year": ["год", "отчетный год", "жыл", "есепті жыл", "year", "reporting year"],
    "investment_period_kzt": ["инвестиции за квартал", "за квартал", "за период", "за отчетный период", "инвестиции за период", "освоение за квартал",
                              "инвестиций за квартал", "инвестиций за период", "освоено за квартал",
                              "тоқсандағы инвестициялар", "тоқсандағы инвестиция", "кезеңдегі инвестиция",
                              "investment in the quarter", "investment in the period", "investment period",
                              "quarterly investment"],
    "investment_to_date_kzt": ["инвестиции с начала реализации", "инвестиции нарастающим итогом",
                               "инвестиций с начала реализации", "инвестиции с начала", "освоено с начала реализации",
                               "всего освоено", "инвестиции всего", "с начала реализации", "нарастающим итогом", "освоено инвестиций", "инвестиции",
                               "басынан бергі инвестициялар", "жиынтық инвестициялар", "инвестициялар",
                               "investment to date", "cumulative investment", "investment"],
    "jobs_permanent": ["постоянные рабочие места", "рабочие места", "количество рабочих мест", "создано рабочих мест",
                       "тұрақты жұмыс орындары", "жұмыс орындары", "permanent jobs", "jobs", "численность работников"],
    "jobs_temporary": ["временные рабочие места", "рабочие места временные", "жұмыс орындары уақытша", "рабочие места на период строительства", "уақытша жұмыс орындары",
                       "temporary jobs", "construction jobs"],
    "output_value_kzt": ["объем производства", "выпуск продукции", "произведено продукции", "объем выпуска",
                         "өндіріс көлемі", "өнім шығару", "шығарылған өнім", "output", "output value", "production"],
    "output_volume": ["объем в натуральном выражении", "натуральный объем", "заттай көлем", "output volume",
                      "physical output"],
    "output_unit": ["единица измерения", "ед изм", "өлшем бірлігі", "unit", "unit of measure"],
    "capacity_utilisation": ["загрузка мощности", "загрузка мощностей", "загрузка", "уровень загрузки",
                             "қуатты пайдалану", "қуат жүктемесі", "capacity utilisation", "capacity utilization",
                             "utilisation", "utilization", "загрузка производственных мощностей"],
    "exports_kzt": ["экспорт", "объем экспорта", "экспортировано", "экспорт көлемі", "экспорт", "exports", "export"],
    "support_received_kzt": ["получено господдержки", "господдержка", "меры господдержки", "государственная поддержка",
                             "мемлекеттік қолдау", "support received", "state support"],
    "problems": ["проблемы", "проблемные вопросы", "проблемные вопросы и риски", "мәселелер", "проблемалық мәселелер",
                 "problems", "issues"],
    "needs": ["что требуется", "предложения", "требуется", "необходимые меры", "қажеттіліктер", "ұсыныстар",
              "needs", "what is needed", "proposals"],
    "row_number": PROJECT_CONCEPTS["row_number"],
}

CONCEPTS = {"projects": PROJECT_CONCEPTS, "zones": ZONE_CONCEPTS, "reports": REPORT_CONCEPTS}


def _strip(key: str, words: set[str]) -> str:
    out = " ".join(w for w in key.split() if w not in words)
    for phrase in sorted((w for w in words if " " in w), key=len, reverse=True):
        out = re.sub(rf"(^| ){re.escape(phrase)}( |$)", " ", out).strip()
    return out


@dataclass
class Column:
    index: int
    header: str
    field: str
    multiplier: Decimal = Decimal(1)
    currency: str | None = None

    @property
    def letter(self) -> str:
        n, s = self.index + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            s = chr(65 + r) + s
        return s


def qualifier(key: str) -> str | None:
    words = set(key.split())
    if words & FACT_WORDS or any(f" {w} " in f" {key} " for w in FACT_WORDS if " " in w):
        return "actual"
    if words & PLAN_WORDS or any(f" {w} " in f" {key} " for w in PLAN_WORDS if " " in w):
        return "planned"
    return None


@cache
def _concept_words(entity: str) -> dict[str, tuple[str, ...]]:
    """Each concept's words as ``norm`` makes them, once (header detection tries hundreds of cells)."""
    return {name: tuple(norm(w) for w in words) for name, words in CONCEPTS[entity].items()}


#: words people shorten with a hyphen in headers ("Кол-во раб. мест"), as ``norm`` writes them
HYPHENATED = {"кол во": "количество", "к во": "количество", "стр ва": "строительства", "стр во": "строительство",
              "произ во": "производство", "пр во": "производство"}
_ABBREVIATED = re.compile(r"(\w{3,})\.")


def match(header: str, entity: str, saved: dict[str, str] | None = None) -> str | None:
    """The field a header stands for, or None."""
    key = norm(header)
    if not key:
        return None
    if saved and key in saved:
        return saved[key]
    return _match(key, entity) or _match_abbreviated(key, header, entity)


def _match_abbreviated(key: str, header: str, entity: str) -> str | None:
    """A header with shortened words ("Кол-во раб. мест", "Произв. мощность"): a word of three letters
    or more written with a full stop stands for any word it begins ("раб" for "рабочих"); the concept
    whose word (of the same length in words) it then spells is the field."""
    short = {norm(w) for w in _ABBREVIATED.findall(header)} - UNIT_WORDS
    for text, full in HYPHENATED.items():
        key = re.sub(rf"(^| ){text}( |$)", rf"\g<1>{full}\g<2>", key)
    if not short and key == norm(header):
        return None
    found = _match(key, entity)
    if found or not short:
        return found
    words, best, spelled = key.split(), 0, None
    for phrases in _concept_words(entity).values():
        for phrase in phrases:
            parts = phrase.split()
            if len(parts) < 2 or len(parts) > len(words) or len(parts) <= best:
                continue
            for start in range(len(words) - len(parts) + 1):
                window = words[start:start + len(parts)]
                if all(w == c or (w in short and c.startswith(w)) for w, c in zip(window, parts)) \
                        and any(w in short for w in window):  # the phrase of most words wins
                    best, spelled = len(parts), " ".join(words[:start] + parts + words[start + len(parts):])
                    break
    return _match(spelled, entity) if spelled else None


@cache
def _longest_first(entity: str) -> tuple[tuple[str, str], ...]:
    """The concept words of more than three letters, longest first (of the same length, in the order of
    ``CONCEPTS``), each with spaces around it, and its concept: the first found in a header is its concept."""
    words = [(nw, name) for name, phrases in _concept_words(entity).items() for nw in phrases if len(nw) > 3]
    return tuple((f" {nw} ", name) for nw, name in sorted(words, key=lambda w: -len(w[0])))


@cache  # header detection tries each cell of the first rows as the upper and the lower row
def _match(key: str, entity: str) -> str | None:
    concepts = _concept_words(entity)
    qual = qualifier(key)
    base = _strip(_strip(key, PLAN_WORDS | FACT_WORDS), UNIT_WORDS)
    # currency code inside the header (e.g. "инвестиции, млн USD") is not part of the concept
    base = _strip(base, {"usd", "eur", "rub", "cny", "долл", "долларов", "сша", "евро", "руб"})
    base = " ".join(w for w in base.split() if not w.isdigit())  # the date of a figure ("на 01.10.2025")
    candidates = [c for c in (base, key) if c]  # a header of unit words only ("год") is matched whole
    concept = None
    for text in candidates:
        for name, words in concepts.items():
            if text in words:
                concept = name
                break
        if concept:
            break
    if concept is None:  # the longest concept word found whole in the header (``norm`` made both single-spaced),
        # without its unit words or with them ("год ввода" in "Год ввода в эксплуатацию")
        padded_base, padded_key = f" {base} ", f" {key} "
        for padded, name in _longest_first(entity):
            if padded in padded_base or padded in padded_key:
                concept = name
                break
    if concept is None and entity == "projects" and qual and MONEY_WORDS.search(key):
        concept = "investment"  # "Освоено на 01.10.2025, млн тенге": money planned or spent is the investment's
    if concept is None:
        return None
    if entity == "projects" and concept in QUALIFIED:
        return f"{concept}_{qual or 'planned'}"
    return concept


def header_currency(header: str) -> str | None:
    key = norm(header)
    for code, words in {"USD": ("usd", "долл", "долларов", "$"), "EUR": ("eur", "евро", "€"),
                        "RUB": ("rub", "руб"), "CNY": ("cny", "юань")}.items():
        if any(re.search(rf"(^| ){re.escape(w)}", key) or w in header for w in words):
            return code
    return None


@dataclass
class HeaderLayout:
    columns: list[Column]
    header_rows: list[int]  # 1-based row numbers of the header
    unknown: list[str] = field(default_factory=list)

    def fields(self) -> set[str]:
        return {c.field for c in self.columns}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _layout(rows: list[tuple[int, list]], entity: str, saved: dict[str, str] | None,
            found: dict[str, str | None] | None = None) -> HeaderLayout:
    """Columns from one header row, or from a two-row header whose upper cells are merged; ``found``:
    the fields of the headers already matched (``detect`` tries each row alone and with its neighbours)."""
    found = {} if found is None else found
    width = max(len(r) for _, r in rows)
    texts = []
    for _, values in rows:
        cells = [_text(v) for v in values] + [""] * (width - len(values))
        texts.append(cells)
    if len(texts) == 2:
        upper, lower = texts
        filled, last = [], ""
        for i, cell in enumerate(upper):
            # a merged cell holds its text in its first column only: carry it right over the sub-headers
            last = cell or (last if lower[i] else "")
            filled.append(last)
        # (a header merged down over both rows is read in both: once)
        combined = [f"{u} {l}".strip() if l and l != u else u for u, l in zip(filled, lower)]
    else:
        combined = texts[0]
    columns, unknown, taken = [], [], set()
    for i, header in enumerate(combined):
        if not header:
            continue
        if header not in found:
            found[header] = match(header, entity, saved)
        field_ = found[header]
        if field_ and field_ not in taken:
            taken.add(field_)
            columns.append(Column(i, header, field_, unit_multiplier(header), header_currency(header)))
        else:
            unknown.append(header)
    return HeaderLayout(columns, [n for n, _ in rows], unknown)


def detect(first_rows: list[tuple[int, list]], entity: str, saved: dict[str, str] | None = None) -> HeaderLayout | None:
    """The header among the first rows of a sheet: the row (or pair of rows) naming most fields."""
    best, best_score, found = None, 1, {}
    for i in range(len(first_rows)):
        for span in (1, 2):
            chunk = first_rows[i:i + span]
            if len(chunk) < span or not any(_text(v) for v in chunk[0][1]):
                continue
            if span == 2 and sum(1 for v in chunk[0][1] if _text(v)) < 2:
                continue  # a title above the header, not the upper row of a two-row header
            layout = _layout(chunk, entity, saved, found)
            fields = layout.fields() - {"row_number"}
            score = len(fields) + (2 if fields & {"name", "name_kk", "name_ru", "name_en", "project"} else 0)
            if score > best_score:
                best, best_score = layout, score
    return best
