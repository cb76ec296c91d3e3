"""The official KATO classifier (NK RK 11-2025): every administrative unit down to settlements.

Pure look-ups over ``data/kato/kato.csv`` (15,594 units, Russian and Kazakh names, as published by
the Bureau of National Statistics; see ``data/kato/SOURCE.md`` and ``LICENSE``). Nothing here
touches the database: the registry's ``admin_units`` table (regions and districts with their
boundaries) is a different vintage (``data/geo``); reconcile by code.

API:

- ``get(code)`` -> ``Unit`` or None;
- ``find(name, level=None, within=None)`` -> the units a name may stand for, best first; the name
  may be Russian or Kazakh, with or without type words ("район", "ауданы", "г.", "қаласы",
  "сельский округ", "а.о." ...), in any case, with Latin look-alike letters mixed in;
- ``suggest(name, level=None, within=None, limit=3)`` -> the nearest names (fuzzy), for messages;
- ``region_in_text(text)`` -> the regions a free text names ("…Карагандинской области…");
- ``moved(code)`` -> the 2022 reform move of a unit (``Moved``) or None;
- ``fix_script(text)`` -> Latin look-alikes in Cyrillic words made Cyrillic (and the reverse);
- ``key(name)`` -> the normalised name used for matching.

A unit's ``level`` is one of ``region`` (the 17 regions and the 3 cities of republican
significance, which have ``is_city``), ``district``, ``city`` (a city of regional or district
significance, with its administration), ``rural_okrug`` (a rural or settlement okrug) and
``settlement``; Almaty's and Astana's city districts are ``district`` units of those cities.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from orken.domain.script import fix_script
from orken.i18n import LANGS, N_, base, in_script, translator

LEVELS = ("region", "district", "city", "rural_okrug", "settlement")
VERSION = "NK RK 11-2025"
CITATION = ("KATO (NK RK 11-2025), Bureau of National Statistics of the Republic of Kazakhstan, "
            "via siaarzh/kz-tax-rates (MIT)")

#: the 2022 reform: regions formed on 8 June 2022 out of part of another
REFORM_DATE = date(2022, 6, 8)
REFORM = {
    "100000000": "630000000",  # Abai, from East Kazakhstan
    "330000000": "190000000",  # Jetisu, from Almaty region
    "620000000": "350000000",  # Ulytau, from Karaganda region
}
REFORM_NOTE = N_("moved to %(new)s in the 2022 reform (was %(old)s; regions formed on 8 June 2022)")

# --- text normalisation (fix_script: orken.domain.script) ------------------------------------------------

#: type words of unit names, Russian and Kazakh, abbreviated and written out (matched on whole words
#: after punctuation became spaces)
TYPE_WORDS = [
    # ru
    "городская администрация", "городской администрации", "поселковая администрация", "сельская администрация",
    "сельский округ", "сельского округа", "поселковый округ", "аульный округ", "сельский", "округ",
    "область", "области", "обл", "район", "района", "районе", "р н", "р-н", "рн", "город", "города", "городе", "гор",
    "г а", "г", "с о", "с а", "п а", "р а", "поселок", "посёлок", "пос", "п", "село", "села", "с", "станция", "ст",
    "аул", "а", "уч", "участок", "рзд", "разъезд", "кр", "отд", "им",
    # kk
    "облысы", "облысының", "облысында", "облыс", "ауданы", "ауданының", "ауданында", "аудан", "қаласы",
    "қаласының", "қаласында", "қала", "қ", "қ ә", "а о", "а ә", "к ә", "ауылдық округі", "ауылдық округ",
    "ауылдық", "округі", "кенті", "кент", "к", "ауылы", "ауыл", "ж", "тын а", "тын", "стансасы",
    # en
    "region", "oblast", "district", "city", "town", "village", "rural district",
]
_TYPE_RE = re.compile(r"(?:^| )(?:" + "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))
                      + r")(?= |$)")
#: Russian adjective endings of unit names ("Абайский", "Карагандинской", "Нуринского")
_ADJ = re.compile(r"(ская|ской|скую|ский|ского|ском|скому|ское|ские|ских|ый|ий|ая|ой|ое|ого|ому)$")


def _plain(text: object) -> str:
    s = unicodedata.normalize("NFKC", fix_script(str(text))).casefold().replace("ё", "е")
    s = re.sub(r"[«»\"'`“”„()\[\].,;:/\\_*№]+", " ", s)
    s = re.sub(r"(?<=\w)-(?=\w)", "-", s)
    s = re.sub(r"\s*-\s*", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def _drop_types(s: str) -> str:
    prev = None
    while prev != s:
        prev, s = s, re.sub(r"\s+", " ", _TYPE_RE.sub(" ", f" {s} ")).strip()
    return s


def key(name: object) -> str:
    """The name as matched: look-alikes fixed, casefolded, punctuation and type words dropped."""
    return _drop_types(_plain(name)) or _plain(name)


def stem(name: object) -> str:
    """``key`` with a Russian adjective ending cut ("Абайский район" -> "абай", "Карагандинской" ->
    "карагандин"), so that declined and nominative forms meet."""
    words = key(name).split()
    if words and len(words[-1]) > 5:
        words[-1] = _ADJ.sub("", words[-1])
    words = [re.sub(r"(ск|н)$", "", w) if len(w) > 6 and i == len(words) - 1 else w for i, w in enumerate(words)]
    return " ".join(words)


# --- the classifier ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    code: str
    level: str  # region, district, city, rural_okrug, settlement
    name_ru: str
    name_kk: str
    parent: str | None  # the unit above (a region for a district, a district or city for an okrug...)
    region: str  # the first-level unit it lies in (itself for a region)
    district: str | None  # the second-level unit (district or city of regional significance) it lies in
    type_code: str
    is_city: bool = False  # a region that is a city of republican significance

    def name(self, lang: str = "ru") -> str:
        return in_script(lang, self.name_kk if base(lang) == "kk" and self.name_kk else self.name_ru)

    @property
    def label_ru(self) -> str:
        """The Russian name without the classifier's abbreviations ("Темиртау Г.А." -> "Темиртау")."""
        return _clean_label(self.name_ru)

    @property
    def label_kk(self) -> str:
        return _clean_label(self.name_kk)

    def label(self, lang: str = "ru") -> str:
        return in_script(lang, self.label_kk if base(lang) == "kk" else self.label_ru)


def _clean_label(name: str) -> str:
    s = re.sub(r"\s*(Г\.А\.|Қ\.Ә\.)\s*$", "", name).strip()
    s = re.sub(r"^(г\.|с\.|п\.)\s*", "", s)
    return re.sub(r"\s+(қ\.|а\.)$", "", s).strip()


def _level(kato_level: str, type_code: str, name_ru: str) -> str:
    if kato_level == "oblast":
        return "region"
    if kato_level == "district":
        return "city" if type_code in ("1", "3") or "Г.А." in name_ru else "district"
    if kato_level == "sub_district":
        low = name_ru.casefold()
        if re.match(r"^г\.\s*\w", low) or "г.а." in low:
            return "city"
        if "район" in low:
            return "district"
        return "rural_okrug"
    return "settlement"


@cache
def units() -> dict[str, Unit]:
    """Every unit by its 9-digit code."""
    path = files("orken.reference").joinpath("data", "kato", "kato.csv")
    with path.open("r", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes = {r["kato"] for r in rows}
    out: dict[str, Unit] = {}
    for r in rows:
        code = r["kato"]
        level = _level(r["level"], r["type_code"], r["name_ru"])
        parent = None
        if r["level"] != "oblast":
            for prefix in ((6, 4, 2) if r["level"] == "settlement" else (4, 2) if r["level"] == "sub_district"
                           else (2,)):
                candidate = code[:prefix] + "0" * (9 - prefix)
                if candidate != code and candidate in codes:
                    parent = candidate
                    break
        region = code[:2] + "0000000"
        second = code[:4] + "00000"
        district = second if r["level"] in ("sub_district", "settlement") and second in codes and second != region \
            else (code if r["level"] == "district" else None)
        out[code] = Unit(code, level, r["name_ru"], r["name_kk"], parent, region, district, r["type_code"],
                         r["level"] == "oblast" and r["type_code"] == "1")
    return out


def get(code: object) -> Unit | None:
    return units().get(str(code).strip())


@cache
def _index() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    by_key: dict[str, list[str]] = {}
    by_stem: dict[str, list[str]] = {}
    for u in units().values():
        for name in (u.name_ru, u.name_kk):
            for table, k in ((by_key, key(name)), (by_stem, stem(name))):
                if k:
                    codes = table.setdefault(k, [])
                    if u.code not in codes:
                        codes.append(u.code)
    return by_key, by_stem


_RANK = {"region": 0, "city": 1, "district": 2, "rural_okrug": 3, "settlement": 4}


def _within(u: Unit, within: str | None) -> bool:
    if within is None:
        return True
    node: Unit | None = u
    while node is not None:
        if node.code == within:
            return True
        node = units().get(node.parent) if node.parent else None
    return False


def _levels(level: str | Iterable[str] | None) -> set[str] | None:
    if level is None:
        return None
    return {level} if isinstance(level, str) else set(level)


def find(name: object, level: str | Iterable[str] | None = None, within: str | None = None) -> list[Unit]:
    """The units ``name`` may stand for, most important first (region, city, district, okrug,
    settlement), optionally only of ``level`` (a level or several) and inside unit ``within``.

    The exact normalised name is tried first, then the name with its adjective ending cut; a
    9-digit code is looked up as a code."""
    text = str(name).strip()
    levels = _levels(level)
    if re.fullmatch(r"\d{9}", text):
        u = get(text)
        return [u] if u and (levels is None or u.level in levels) and _within(u, within) else []
    by_key, by_stem = _index()
    hint = _type_hint(text)
    for table, k in ((by_key, key(text)), (by_stem, stem(text))):
        found = [units()[c] for c in table.get(k, [])]
        found = [u for u in found if (levels is None or u.level in levels) and _within(u, within)]
        if hint and any(_fits(u, hint) for u in found):
            found = [u for u in found if _fits(u, hint)]
        if found:
            return sorted(found, key=lambda u: (_RANK[u.level], u.code))
    return []


def _fits(u: Unit, hint: set[str]) -> bool:
    if "city" in hint:  # "г. Алматы": the city, not the region of the same name
        return u.level == "city" or u.is_city
    return u.level in hint


def _type_hint(text: str) -> set[str] | None:
    """The levels a type word in the name asks for ("г. Абай" a city, "Абайский район" a district)."""
    s = f" {_plain(text)} "
    if re.search(r" (област\w*|обл|облыс\w*|region|oblast) ", s):
        return {"region"}
    if re.search(r" (район\w*|р-н|р н|аудан\w*|district) ", s):
        return {"district"}
    if re.search(r" (с о|сельск\w* округ\w*|а о|ауылдық округ\w*|п а|с а|а ә) ", s):
        return {"rural_okrug"}
    if re.search(r" (г|город\w*|гор|қ|қала\w*|city|г а|қ ә) ", s) or re.match(r"^\s*г-?\s", s):
        return {"city", "region"}
    if re.search(r" (с|село|п|пос[её]лок|аул|ауыл\w*|а|к|кент\w*|ст|village) ", s):
        return {"settlement"}
    return None


def suggest(name: object, level: str | Iterable[str] | None = None, within: str | None = None,
            limit: int = 3) -> list[Unit]:
    """The units whose names are nearest to ``name`` (rapidfuzz), for "did you mean" messages."""
    from rapidfuzz import fuzz, process

    levels = _levels(level)
    pool: dict[str, str] = {}
    for u in units().values():
        if (levels is None or u.level in levels) and _within(u, within):
            for n in (u.name_ru, u.name_kk):
                pool[f"{u.code}|{n}"] = key(n)
    hits = process.extract(key(name), pool, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60)
    out: list[Unit] = []
    for _, _, k in hits:
        u = units()[k.split("|", 1)[0]]
        if u not in out:
            out.append(u)
    return out[:limit]


_REGION_BEFORE = re.compile(r"([\w-]+)\s+(?:област\w*|обл\b|облыс\w*)")
_REGION_AFTER = re.compile(r"(?:област\w*|облыс\w*)\s+([\w-]+)")
_CITY_PHRASE = re.compile(r"(?:\bг\.?\s*|\bгород\w*\s+)([\w-]+)|([\w-]+)\s+(?:қаласы\w*|қ\.)")


def region_in_text(text: object) -> list[Unit]:
    """The regions (and cities of republican significance) a free text names, in order:
    "Перечень проектов Карагандинской области" -> [Karaganda region]; "Қарағанды облысының" too."""
    s = fix_script(unicodedata.normalize("NFKC", str(text))).casefold().replace("ё", "е")
    out: list[Unit] = []
    words = [(m.start(), m.group(1)) for m in _REGION_BEFORE.finditer(s)]
    words += [(m.start(), m.group(1)) for m in _REGION_AFTER.finditer(s)]
    for _, word in sorted(words):
        for u in find(f"{word} область", level="region"):
            if u not in out and not u.is_city:
                out.append(u)
    for m in _CITY_PHRASE.finditer(s):
        word = m.group(1) or m.group(2)
        for u in find(word, level="region") or find(re.sub(r"(ы|а|е|у|ой)$", "а", word), level="region"):
            if u.is_city and u not in out:
                out.append(u)
    return out


# --- the 2022 reform --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moved:
    unit: Unit
    old_region: str
    new_region: str
    date: date = REFORM_DATE

    def note(self, lang: str = "en") -> str:
        new, old = units()[self.new_region], units()[self.old_region]
        return translator(lang if lang in LANGS else "en")(REFORM_NOTE, new=new.label(lang), old=old.label(lang))


def moved(code: object) -> Moved | None:
    """How a unit moved in the 2022 reform: the units of Abai, Jetisu and Ulytau regions were in
    East Kazakhstan, Almaty and Karaganda regions before 8 June 2022 (e.g. Жезказган, Сатпаев ->
    Ulytau; Семей -> Abai; Талдыкорган -> Jetisu)."""
    u = get(code)
    if u is None or u.region not in REFORM:
        return None
    return Moved(u, REFORM[u.region], u.region)


def region_before_reform(code: object) -> str | None:
    """The region a unit lay in before the 2022 reform (its current region if it did not move)."""
    u = get(code)
    if u is None:
        return None
    return REFORM.get(u.region, u.region)
