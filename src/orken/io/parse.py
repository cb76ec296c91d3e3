"""Reading values the way people type them in Kazakhstan's spreadsheets.

Numbers: "1 234,5", "1.234.567,00", "572,9 млрд", "12 млн тг", "3,5 bn"; dates: Excel dates,
"31.12.2024", "2024-12-31", "12/2024", "2024", "декабрь 2024", "желтоқсан 2024"; places by name in any
language or by KATO code; sectors by OKED code or name; statuses by their kk/ru/en label.
Every parser raises ``ValueError`` with the message key of ``orken.io.messages``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit, Programme, Sector, Zone
from orken.domain import scales, vocabulary
from orken.domain.script import fix_script


class ParseError(ValueError):
    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(key)


def norm(text: object) -> str:
    """Casefolded text with spaces, quotes and punctuation collapsed, Latin look-alike letters in
    Cyrillic words made Cyrillic (and the reverse): the key for matching names."""
    return _norm(text if isinstance(text, str) else str(text))


_PUNCT = re.compile(r"[«»\"'“”„`´().,;:/\\\-–—_№#]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # the same regions, statuses and headers come back on every row
def _norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", fix_script(text)).casefold().replace("ё", "е")
    return _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip()


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- numbers ---------------------------------------------------------------------------------------

def _multiplier_patterns() -> list[tuple[re.Pattern, Decimal]]:
    """One pattern per scale (largest first) from the one table, ``orken.domain.scales``."""
    out: dict[Decimal, list[str]] = {}
    for w in scales.SCALE_WORDS:
        out.setdefault(w.value, []).append(re.escape(w.text) + (r"\w*" if w.form == "stem" else ""))
    return [(re.compile("(" + "|".join(alts) + r")\.?$"), value) for value, alts in sorted(out.items(), reverse=True)]


MULTIPLIERS = _multiplier_patterns()
#: a number written with digits, signs and separators only: no currency or scale word to strip
_DIGITS = re.compile(r"[0-9 .,'\u2019\u202f+\-]*")


def plain_number(text: str) -> bool:
    """Whether a cell's text is digits, signs and separators only (no scale or currency word in it)."""
    return _DIGITS.fullmatch(text.strip()) is not None


CURRENCY_WORDS = re.compile(r"(тенге|теңге|тг|₸|kzt|tenge)\.?$")

#: a foreign currency written in an amount's cell ("$80 млн", "12 млн долл. США", "5 млн евро"): its code
#: and the words or sign, which the number is read without
_CELL_CURRENCIES = (
    ("USD", re.compile(r"\bus\$|\$|(?:\b(?:ақш|сша)\s+)?\b(?:usd|долл\w*|dollars?)(?:\s*\.?\s*(?:сша|ақш))?\.?", re.I)),
    ("EUR", re.compile(r"€|\b(?:eur|euro|евро)\b\.?", re.I)),
    ("RUB", re.compile(r"₽|\b(?:rub|руб\w*|рубл\w*)\.?", re.I)),
    ("CNY", re.compile(r"¥|\b(?:cny|юан\w*|yuan)\.?", re.I)),
)


def cell_currency(text: str) -> tuple[str | None, str]:
    """The foreign currency an amount's text names, and the text without it; (None, text) for none (tenge
    words stay: ``parse_decimal`` reads them)."""
    if _DIGITS.fullmatch(text):  # most amount cells: digits and separators, no word or sign at all
        return None, text
    for code, pattern in _CELL_CURRENCIES:
        if pattern.search(text):
            return code, _SPACES.sub(" ", pattern.sub(" ", text)).strip()
    return None, text


@lru_cache(maxsize=4096)
def unit_multiplier(text: str) -> Decimal:
    """The multiplier a header or value announces: 'млн тенге' -> 10^6, 'млрд' -> 10^9."""
    words = norm(text).split()
    for word in words:
        for pattern, factor in MULTIPLIERS:
            if pattern.fullmatch(word) and word not in ("m", "k", "tn"):
                return factor
    return Decimal(1)


#: a cell number with more integer digits is no amount or count anyone writes (and 1e999999999 overflows sums)
MAX_DIGITS = 30


def parse_decimal(value: object) -> Decimal:
    """A decimal from a cell: numbers as is, text in local formats, with an optional scale word."""
    if isinstance(value, bool):
        raise ParseError("number", value=value)
    if isinstance(value, int | float | Decimal):
        # a float: the shortest text that reads back as the cell's float
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not result.is_finite() or result.adjusted() >= MAX_DIGITS:
            raise ParseError("number", value=str(value))
        return result
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    factor = Decimal(1)
    text = _SPACES.sub(" ", text)
    # strip a currency word, then a scale word, from the end (a cell of digits and separators has none)
    for _ in range(0 if _DIGITS.fullmatch(text) else 2):
        parts = text.rsplit(" ", 1)
        tail = parts[-1]
        if CURRENCY_WORDS.fullmatch(tail) and len(parts) == 2:
            text = parts[0]
            continue
        for pattern, f in MULTIPLIERS:
            m = pattern.search(text)
            if m and m.start() > 0:
                factor = f
                text = text[:m.start()].strip()
                break
    number = text.replace(" ", "").replace("\u202f", "").replace("'", "").replace("\u2019", "")  # 1'234 1’234
    if number.count(",") == 1 and number.count(".") == 0:
        number = number.replace(",", ".")
    elif number.count(",") >= 1 and number.count(".") == 1 and number.rfind(".") > number.rfind(","):
        number = number.replace(",", "")  # 1,234,567.5
    elif number.count(".") >= 1 and number.count(",") == 1 and number.rfind(",") > number.rfind("."):
        number = number.replace(".", "").replace(",", ".")  # 1.234.567,5
    elif number.count(".") > 1 and "," not in number:
        number = number.replace(".", "")  # 1.234.567
    elif number.count(",") > 1 and "." not in number:
        number = number.replace(",", "")  # 1,234,567
    try:
        result = Decimal(number)
    except InvalidOperation:
        raise ParseError("number", value=str(value)) from None
    if not result.is_finite() or result.adjusted() >= MAX_DIGITS:
        raise ParseError("number", value=str(value))
    return result * factor if factor != 1 else result  # (a product rounds to the context's 28 digits)


#: integers read from cells are counts and years; beyond this they are typos (and 1e999999999 would not fit memory)
MAX_INT_DIGITS = 18


def parse_int(value: object) -> int:
    number = parse_decimal(value)
    if number.adjusted() >= MAX_INT_DIGITS or number != number.to_integral_value():
        raise ParseError("integer", value=str(value))
    return int(number)


#: a count with an aside in brackets: "150 (врем. 300)", "60 (в т.ч. 10 местных)", "40 (құрылыс кезеңінде 120)"
_ASIDE = re.compile(r"^\s*([\d\s\u202f.,]+?)\s*\((.+)\)\s*$")
#: words of an aside that make its number the jobs during construction
TEMPORARY = re.compile(r"(врем|период\s+стр|на\s+стр|стр-ва|смр|уақытша|құрылыс|temporary|construction)", re.I)


#: a BIN written in the investor's cell: "ТОО «X» (БИН 190740012345)", "X, BIN: …", "190740012345 ТОО X"
_BIN_IN_NAME = re.compile(r"[\s,;]*[(\[]?\s*(?:(?:бин|bin|бсн|иин|жсн|iin)\s*[:№.]?\s*)?(?<!\d)(\d{12})(?!\d)\s*[)\]]?[\s,;]*",
                          re.IGNORECASE)


def split_bin(text: str) -> tuple[str, str | None]:
    """An investor's cell as its name and the BIN written in it (None when it has none): sheets that
    have no BIN column often put it in the name's cell, in brackets or after a label; one number of
    exactly twelve digits is taken (it is checked as any BIN is, by the caller)."""
    found = _BIN_IN_NAME.findall(text)
    if len(found) != 1:
        return text, None
    name = _BIN_IN_NAME.sub(" ", text, count=1)
    return _SPACES.sub(" ", name).strip(" ,;-–—"), found[0]


def parse_jobs(value: object) -> tuple[int, int | None, str | None]:
    """A jobs cell: (the count, the jobs during construction an aside gives or None, an aside left unread
    or None) — "150 (врем. 300)" -> (150, 300, None); "60 (в т.ч. 10 местных)" -> (60, None, "в т.ч. …")."""
    if isinstance(value, str) and "(" in value:
        m = _ASIDE.match(value)
        if m:
            count, aside = parse_int(m.group(1)), m.group(2).strip()
            if TEMPORARY.search(aside):
                numbers = re.findall(r"\d[\d\s\u202f]*", aside)
                if len(numbers) == 1:
                    return count, parse_int(numbers[0]), None
            return count, None, aside
    return parse_int(value), None, None


# --- dates -------------------------------------------------------------------------------------------

MONTHS = vocabulary.MONTHS
#: the word for "year" between a year and its month: "2025 ж. желтоқсан", "2025 жылғы наурыз", "2025 жылдың
#: желтоқсаны", "2025 г. декабрь", "2025 года декабрь"
YEAR_WORD = r"ж\.?|г\.?|жылғы|жылдың|жылы|года|год"
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date:
    """A date from a cell. A month or a year alone means its first day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1900 <= value <= 2100 and float(value).is_integer():
            return date(int(value), 1, 1)
        if 20000 < value < 80000:  # an Excel serial date stored as a number
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ParseError("date", value=str(value))
    text = str(value).strip().casefold().rstrip(".")
    text = re.sub(r"\s*(г|ж|год|жыл|года|жылы)\.?$", "", text).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?", text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})", text)
        if m:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2})[./](\d{4})", text)
        if m:
            return date(int(m[2]), int(m[1]), 1)
        m = re.fullmatch(r"(\d{4})", text)
        if m and 1900 <= int(m[1]) <= 2100:
            return date(int(m[1]), 1, 1)
        m = re.fullmatch(r"(\d{1,2})?\s*([^\d\s]+)\s+(\d{4})", text)
        if m and vocabulary.month(m[2]):
            return date(int(m[3]), vocabulary.month(m[2]), int(m[1] or 1))
        m = re.fullmatch(rf"(\d{{4}})\s*(?:{YEAR_WORD})?\s*(\d{{1,2}})?\s*([^\d\s]+)", text)
        if m and vocabulary.month(m[3]):
            return date(int(m[1]), vocabulary.month(m[3]), int(m[2] or 1))
    except ValueError:
        pass
    raise ParseError("date", value=str(value))


def parse_launch(value: object) -> tuple[date, str]:
    """A launch date and the precision it is given to ("year", "quarter", "month", "day"): "2025",
    "2025 г." -> the year; "IV кв. 2025", "4 тоқсан 2025", "2025 Q4" -> the quarter (its first day);
    "12.2026", "декабрь 2026", "желтоқсан 2026" -> the month; a full date -> the day."""
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1900 <= value <= 2100 and float(value).is_integer():
            return date(int(value), 1, 1), "year"
        return parse_date(value), "day"
    raw = str(value)
    text = unicodedata.normalize("NFKC", fix_script(raw)).casefold().strip().rstrip(".")
    text = re.sub(r"\s*(г|гг|ж|жж|год|годы|жыл|года|жылы|жылдары|году|year)\.?$", "", text).strip()
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return date(int(text), 1, 1), "year"
    # a span of years ("2025-2026 гг.", the implementation period) launches in its last year
    m = re.fullmatch(r"(\d{4})\s*[-–—/]\s*(\d{4})", text)
    if m and 1900 <= int(m[1]) <= int(m[2]) <= min(2100, int(m[1]) + 15):
        return date(int(m[2]), 1, 1), "year"
    # by or at the end of a year: "до конца 2026 года", "конец 2026", "2026 жылдың соңына дейін", "end of 2026"
    m = re.fullmatch(rf"(?:до\s+|до\s+конц[аеу]\s+|конц[аеу]\s+|конец\s+|окончани[еяю]\s+|end of\s+|by\s+)(\d{{4}})(?:\s*(?:{YEAR_WORD}))?", text) \
        or re.fullmatch(rf"(\d{{4}})\s*(?:{YEAR_WORD})?\s*(?:соң|аяғ)\w*(?:\s+дейін)?", text) \
        or re.fullmatch(r"(?:в|во|на|к|in)\s+(\d{4})", text) \
        or re.fullmatch(r"(\d{4})\s*(?:жыл|ж)?\w*\s+(?:дейін|қарай)", text)  # "в 2026 году", "2027 жылға дейін"
    if m and 1900 <= int(m[1]) <= 2100:
        return date(int(m[1]), 1, 1), "year"
    # a half-year is recorded as its last quarter, the deadline it states ("I полугодие 2026" -> 2026 Q2)
    year = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    if year and re.search(r"полугоди|жартыжылдық|жарты|half|\bh[12]\b", text):
        rest = text.replace(year[0], " ")
        first = re.search(r"(?<!\w)(1|i|перв\w*|бірінші|h1|first)(?!\w)", rest)
        second = re.search(r"(?<!\w)(2|ii|втор\w*|екінші|h2|second)(?!\w)", rest)
        if bool(first) != bool(second) and 1900 <= int(year[1]) <= 2100:
            return date(int(year[1]), 10 if second else 4, 1), "quarter"
    if re.search(r"(?<!\w)(кв|квартал\w*|тоқсан\w*|q|quarter|qtr)\b|\bq\d|\dq\d|\d\s*q\b", text):
        try:
            year, quarter = parse_quarter(raw)
        except ParseError:
            raise ParseError("date", value=raw) from None
        return date(year, 3 * quarter - 2, 1), "quarter"
    m = re.fullmatch(r"(\d{1,2})[./-](\d{4})", text)
    if m and 1 <= int(m[1]) <= 12:
        return date(int(m[2]), int(m[1]), 1), "month"
    m = re.fullmatch(r"([^\d\s.]+)\.?\s+(\d{4})", text) or re.fullmatch(rf"(\d{{4}})\s*(?:{YEAR_WORD})?\s*([^\d\s.]+)", text)
    if m:
        word, year = (m[1], m[2]) if not m[1].isdigit() else (m[2], m[1])
        if vocabulary.month(word):
            return date(int(year), vocabulary.month(word), 1), "month"
    return parse_date(value), "day"


# --- capacities ------------------------------------------------------------------------------------

#: the extractor's physical units that a project's capacity is given in (its own codes in ``domain.units``)
CAPACITY_UNITS = {"t": "t", "m2": "m2", "ha": "ha", "km": "km", "MW": "MW", "MWh": "MWh", "l": "l", "unit": "unit"}
#: a rate's words left beside the product ("в год", "жылына", "per year")
_RATE_WORDS = re.compile(r"(?<!\w)(в|за|per|a|на)\s+(год|сутки|смену|день|year|day|shift)(?!\w)|"
                         r"/\s*(год|г|сут\w*|день|дн|смену|час|ч|жыл|тәул\w*|year|yr|day|d|shift|h)(?!\w)\.?|"
                         r"(?<!\w)(жылына|тәулігіне|ауысымына|күніне|ежегодно|annually)(?!\w)", re.I)


def parse_capacities(text: str) -> list[dict]:
    """The capacities a cell states ("240 тыс. тонн ферросплавов в год", "жылына 20 мың тонна мақта талшығы",
    "110 МВт", "120 тыс. т цемента и 50 тыс. т клинкера"): quantity, unit, period and the product written
    after each figure, read by the news extractor's number and unit grammar; [] when it states none."""
    return [dict(c, product=dict(c["product"]) if c["product"] else None) for c in _capacities(str(text).strip())]


@lru_cache(maxsize=4096)
def _capacities(text: str) -> tuple[dict, ...]:
    from orken.extract.records import product_name

    doc = _capacity_pipeline()(text[:500])
    facts = [f for f in doc.facts if f.unit in CAPACITY_UNITS and f.value is not None]
    out = []
    for i, f in enumerate(facts):
        end = facts[i + 1].start if i + 1 < len(facts) else len(text)
        rest = _RATE_WORDS.sub(" ", text[f.end:end])
        rest = re.sub(r"(?<!\w)(и|және|а также|and)\s*$", " ", rest.strip(" ,;.–—-()"), flags=re.I).strip(" ,;.–—-()")
        lang = doc.lang if doc.lang in ("kk", "ru") else "ru"
        product = {lang: product_name(rest, lang)} if rest and not rest.isdigit() else None
        out.append({"quantity": Decimal(str(f.value)), "unit": CAPACITY_UNITS[f.unit], "period": f.period,
                    "product": product})
    return tuple(out)


@lru_cache(maxsize=1)
def _capacity_pipeline():
    from orken.extract.pipeline import Pipeline

    return Pipeline(disable=["ner", "records"])


# --- reference look-ups -----------------------------------------------------------------------------

REGION_WORDS = re.compile(
    r"\b(область|обл|облысы|region|oblast|район|р н|ауданы|аудан|district|город|г|қаласы|қ|city|"
    r"городская администрация|г а|қа)\b"
)


def _place_key(text: str) -> str:
    return re.sub(r"\s+", " ", REGION_WORDS.sub(" ", norm(text))).strip()


def _stems(text: str) -> str:
    """The first letters of each word: declensions and wording variants of a name meet ("прочих
    неметаллических минеральных продуктов" and "прочей неметаллической минеральной продукции")."""
    return " ".join(w[:5] if len(w) > 5 else w for w in vocabulary.key(text).split() if len(w) > 2)


@lru_cache(maxsize=1)
def _sector_word_stems() -> list[tuple[frozenset[str], str]]:
    return [(frozenset(_stems(w).split()), c) for w, c in vocabulary.SECTORS.items() if _stems(w)]


class Reference:
    """Look-ups of places, sectors, programmes and zones, loaded once per import."""

    def __init__(self, session: Session):
        self.units: dict[str, AdminUnit] = {u.kato: u for u in session.scalars(select(AdminUnit))}
        self.by_name: dict[tuple[int, str], list[str]] = {}
        for u in self.units.values():
            for name in (u.name_kk, u.name_ru, u.name_en):
                if name:
                    for key in {norm(name), _place_key(name)}:
                        codes = self.by_name.setdefault((u.level, key), [])
                        if u.kato not in codes:
                            codes.append(u.kato)
        self.sectors: dict[str, Sector] = {s.code: s for s in session.scalars(select(Sector))}
        self.sector_names = {norm(n): s.code for s in self.sectors.values()
                             for n in (s.name_kk, s.name_ru, s.name_en) if n}
        self.programmes = {p.code: p for p in session.scalars(select(Programme))}
        self.programme_names = {norm(n): p.code for p in self.programmes.values()
                                for n in (p.name_kk, p.name_ru, p.name_en, p.code) if n}
        self.session = session
        self._zones: dict[str, int] | None = None
        self._sector_cache: dict[str, object] = {}
        self._division_stems: dict[str, str] | None = None

    def attach(self, session: Session) -> None:
        """Put the reference rows back into ``session`` after ``expunge_all``: they are the rows the
        registry services ``session.get`` for every record (without this, one SELECT each time)."""
        session.add_all([*self.units.values(), *self.sectors.values(), *self.programmes.values()])

    def region(self, value: object) -> str:
        return self._unit(value, 1, "region")

    def district(self, value: object, region: str | None) -> str:
        text = str(value).strip()
        if re.fullmatch(r"\d{9}", text):
            unit = self.units.get(text)
            if unit is None or unit.level != 2:
                raise ParseError("district", value=text)
            if region and unit.parent_kato != region:
                raise ParseError("district_region", value=text)
            return text
        codes = self.by_name.get((2, norm(text))) or self.by_name.get((2, _place_key(text))) or []
        if region:
            inside = [c for c in codes if self.units[c].parent_kato == region]
            if codes and not inside:
                raise ParseError("district_region", value=text)
            codes = inside
        if len(codes) != 1:
            raise ParseError("district", value=text)
        return codes[0]

    def _unit(self, value: object, level: int, key: str) -> str:
        text = str(int(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value).strip()
        if re.fullmatch(r"\d{9}", text):
            unit = self.units.get(text)
            if unit is not None and unit.level == level:
                return text
            raise ParseError(key, value=text)
        codes = self.by_name.get((level, norm(text))) or self.by_name.get((level, _place_key(text))) or []
        if len(codes) > 1:  # Алматы the city or Алматы the region: "г." / "облысы" decides, else the region
            city = bool(re.search(r"(^| )(г|город|қаласы|қ|city)( |$)", norm(text)))
            codes = [c for c in codes if (self.units[c].kind == "city") == city] or codes
        if len(codes) != 1:
            raise ParseError(key, value=text)
        return codes[0]

    def sector(self, value: object) -> str:
        """An OKED code (e.g. '24', '24.10', '24.10.1') from a code or a section/division name."""
        return self.sector_match(value)[0]

    def sector_match(self, value: object) -> tuple[str, str | None]:
        """(OKED code, the division name it was matched to when the cell was not a code or an exact
        name: sector words people write, "металлургия", "АПК", or a division name worded a little
        differently; the caller reports the match)."""
        if isinstance(value, float) and not isinstance(value, bool):
            value = f"{value:.2f}" if not value.is_integer() else f"{int(value):02d}"
        text = str(value).strip()
        m = re.match(r"^(\d{2}(?:\.\d{1,2}(?:\.\d{1,2})?)?)\b", text)
        if m and m[1][:2] in self.sectors:
            return m[1], None
        m = re.fullmatch(r"(\d)", text)
        if m:
            code = "0" + m[1]
            if code in self.sectors:
                return code, None
        code = self.sector_names.get(norm(text))
        if code and code.isdigit():
            return code, None
        cached = self._sector_cache.get(text)
        if cached is None:
            cached = self._sector_cache[text] = self._sector_fuzzy(text)
        if isinstance(cached, ParseError):
            raise cached
        return cached

    def _sector_fuzzy(self, text: str):
        from rapidfuzz import fuzz, process

        code = vocabulary.SECTORS.get(vocabulary.key(text))
        if code is None:  # the sector words inside a longer phrase ("предприятия АПК")
            words = f" {vocabulary.key(text)} "
            code = next((c for w, c in sorted(vocabulary.SECTORS.items(), key=lambda x: -len(x[0]))
                         if f" {w} " in words), None)
        if code is None:  # the sector words in other forms ("сүт өнімдерін өндіру"): the one whose stems
            # all occur in the cell, the most stems first ("металл емес минералдық ..." over "металлургия")
            stems = set(_stems(text).split())
            best = max(((len(ws), c) for ws, c in _sector_word_stems() if ws <= stems), default=None)
            code = best[1] if best else None
        if code and code in self.sectors:
            return code, self._sector_label(code)
        if self._division_stems is None:
            self._division_stems = {}
            for s in self.sectors.values():
                if s.code.isdigit():
                    for n in (s.name_kk, s.name_ru, s.name_en):
                        if n:
                            self._division_stems[f"{s.code}|{n}"] = _stems(n)
        hits = process.extract(_stems(text), self._division_stems, scorer=fuzz.token_sort_ratio, limit=3,
                               score_cutoff=50)
        if hits and hits[0][1] >= 88:
            code = hits[0][2].split("|", 1)[0]
            return code, self._sector_label(code)
        if hits:
            hint = "; ".join(f"{h[2].split('|', 1)[0]} {self._sector_label(h[2].split('|', 1)[0])}"
                             for h in hits[:3])
            return ParseError("sector_hint", value=text, hint=hint)
        return ParseError("sector", value=text)

    def _sector_label(self, code: str) -> str:
        s = self.sectors[code]
        return s.name_ru or s.name_en or code

    def section_of(self, text: object) -> str | None:
        """A section letter given by letter or name (a sector column that names a whole section)."""
        t = str(text).strip()
        if len(t) == 1 and t.upper() in self.sectors:
            return t.upper()
        code = self.sector_names.get(norm(t))
        return code if code and code.isalpha() else None

    def programme(self, value: object) -> str:
        text = str(value).strip()
        if text in self.programmes:
            return text
        code = self.programme_names.get(norm(text))
        if code is None:
            raise ParseError("programme", value=text)
        return code

    def zone(self, value: object) -> int:
        if self._zones is None:
            self._zones = {}
            for z in self.session.scalars(select(Zone)):
                for key in (z.external_id, z.name_kk, z.name_ru, z.name_en):
                    if key:
                        self._zones.setdefault(norm(key), z.id)
        found = self._zones.get(norm(value))
        if found is None:
            raise ParseError("zone", value=str(value))
        return found


# --- choices ------------------------------------------------------------------------------------------

# the coded values' words live in ``orken.domain.vocabulary``
STATUS_WORDS = vocabulary.STATUS_WORDS
STATUSES = vocabulary.STATUSES
MAP_LEVELS = vocabulary.table(vocabulary.MAP_LEVEL_WORDS)
PROJECT_TYPES = vocabulary.table(vocabulary.PROJECT_TYPE_WORDS)
ZONE_KINDS = vocabulary.table(vocabulary.ZONE_KIND_WORDS)


def status(value: object) -> str:
    """A project status from a cell: its kk/ru/en words, else the stems of a longer phrase."""
    found = vocabulary.status(value)
    if found is None:
        raise ParseError("status", value=str(value),
                         choices=", ".join(str(s) for s in vocabulary.STATUS_WORDS))
    return found


def choice(value: object, table: dict[str, str], key: str = "choice") -> str:
    found = table.get(norm(value)) or table.get(vocabulary.key(value))
    if found is None:
        raise ParseError(key, value=str(value), choices=", ".join(sorted(set(table.values()))))
    return found


KAZAKH_LETTERS = set("әғқңөұүһі")


#: what only Russian writes among Cyrillic words without Kazakh letters: its prepositions and conjunctions,
#: and the endings of its adjectives and of its nouns in -ция, -ство, -ние ("Завод по производству",
#: "Тепличный комплекс"); a Kazakh name without its own letters has none ("Цемент зауыты")
_RUSSIAN = re.compile(r"(?<![а-яё])(?:по|для|и|в|во|на|с|со|из|от|до|при|под)(?![а-яё])"
                      r"|[а-яё]{2}(?:ого|его|ому|ему|ый|ий|ой|ая|яя|ое|ее|ые|ие|ых|их|ция|ции|ство|ства|ние|ния)(?![а-яё])"
                      r"|[ёщъэ]")


_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-я]")


def name_language(text: str, sheet: str | None = None) -> str:
    """kk for text with Kazakh letters, en for Latin text, ru for Russian words; Cyrillic text that is
    neither is in the sheet's language (``sheet``: "kk" for a sheet whose headers are Kazakh), else ru."""
    lower = text.casefold()
    if not KAZAKH_LETTERS.isdisjoint(lower):
        return "kk"
    if _LATIN.search(lower) and not _CYRILLIC.search(lower):
        return "en"
    if sheet == "kk" and not _RUSSIAN.search(lower):
        return "kk"
    return "ru"


def sheet_language(headers: list[str]) -> str | None:
    """"kk" when most of a sheet's recognised headers are written in Kazakh (with its letters), else None."""
    kazakh = sum(1 for h in headers if KAZAKH_LETTERS & set(h.casefold()))
    return "kk" if headers and kazakh * 2 > len(headers) else None


# --- reporting periods (quarters) ----------------------------------------------------------------

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
QUARTER_WORDS = r"(?:q|кв|квартал|квартала|тоқсан|тоқсаны|тоқсанның|quarter|qtr)"
YEAR_WORDS = r"(?:г|гг|год|года|году|ж|жыл|жылы|жылғы|жылдың|year)?"


def _quarter_number(text: str) -> int | None:
    text = text.strip().rstrip("-")
    if text.isdigit():
        n = int(text)
    else:
        n = ROMAN.get(text.replace("і", "i").replace("\u0456", "i"))
    return n if n in (1, 2, 3, 4) else None


def parse_quarter(value: object, year: int | None = None) -> tuple[int, int]:
    """A reporting quarter (year, quarter) from a cell.

    "2024 Q3", "Q3 2024", "3Q2024", "3-тоқсан 2024", "2024 жылғы 3-тоқсан", "III кв. 2024",
    "3 квартал 2024 г."; a date (or "30.09.2024") means the quarter it falls in. With ``year``
    (from a separate year column) the cell may name the quarter alone: "3", "III", "Q3", "3 кв.".
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.year, (value.month - 1) // 3 + 1
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if year is not None and float(value).is_integer() and 1 <= value <= 4:
            return year, int(value)
        raise ParseError("period", value=str(value))
    raw = str(value)
    text = unicodedata.normalize("NFKC", raw).casefold().replace("\u0456", "i").strip().rstrip(".")
    text = re.sub(r"[\s.,_/]+", " ", text).replace("–", "-").replace("—", "-").strip()
    q_num = r"(\d|iv|iii|ii|i)"
    patterns = [
        # 2024 Q3, 2024-Q3, 2024 жылғы 3-тоқсан, 2024 г 3 квартал
        rf"(?P<y>\d{{4}})\s*-?\s*{YEAR_WORDS}\s*-?\s*(?:{QUARTER_WORDS}\s*-?\s*{q_num}|{q_num}\s*-?\s*(?:шi|шы|ий|й|ый)?\s*{QUARTER_WORDS})",
        # Q3 2024, 3Q2024, III кв 2024, 3-тоқсан 2024 ж, 3 квартал 2024 года
        rf"(?:{QUARTER_WORDS}\s*-?\s*{q_num}|{q_num}\s*-?\s*(?:шi|шы|ий|й|ый)?\s*{QUARTER_WORDS})\s*-?\s*(?P<y>\d{{4}})\s*{YEAR_WORDS}",
    ]
    for pattern in patterns:
        m = re.fullmatch(pattern, text)
        if m:
            digits = [g for g in m.groups() if g and g != m["y"]]
            n = _quarter_number(digits[0]) if digits else None
            if n:
                return int(m["y"]), n
    if year is not None:
        m = re.fullmatch(rf"(?:{QUARTER_WORDS}\s*-?\s*{q_num}|{q_num}\s*-?\s*(?:шi|шы|ий|й|ый)?\s*(?:{QUARTER_WORDS})?)",
                         text)
        if m:
            n = _quarter_number(next(g for g in m.groups() if g))
            if n:
                return year, n
    try:
        d = parse_date(raw)
    except ParseError:
        raise ParseError("period", value=raw) from None
    if re.fullmatch(r"\d{4}", text):  # a year alone is not a quarter
        raise ParseError("period", value=raw)
    return d.year, (d.month - 1) // 3 + 1
