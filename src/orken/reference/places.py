"""Resolving a place *as reported* (region, district or city, settlement) to the deepest unit known.

This is the one place where reported place names become KATO codes and a **location precision**
(the GEM / World Bank convention): ``point`` (coordinates given), ``settlement`` (the place is a
named city or settlement whose unit is known), ``district`` (a district or city of regional
significance), ``region`` (only the first-level unit). A record is never refused for an unknown
place: it is placed at the level that could be resolved, and the unresolved words are returned in
``unresolved`` so the caller can keep them on the record.

Names are matched against the shipped boundaries (regions and districts, kk/ru/en) after
normalising transliteration (Zh/J, y/i, Kh/H, doubled letters, "district", "ауданы", "г." ...), plus
the small table ``ALIASES`` of names reported in the press that the boundaries spell differently or
that changed (Kapshagay -> Konaev, Zelenov -> Baiterek, Petropavlovsk -> Petropavl ...).
Settlements below the district level are found in the official KATO classifier
(``orken.reference.kato``) through the hook ``settlement_lookup`` (``kato_settlement`` by default):
only inside the record's own region (and district, when it is known), and only where the name is
one settlement's; a rural okrug, a list of places or an ambiguous name is not made a settlement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from orken.domain import codes
from orken.reference import geo

PRECISIONS = codes.LOCATION_PRECISIONS.codes

#: words that say "this is a district" (or an area around a place) rather than the city itself
_AREA_WORDS = re.compile(
    r"\b(district|rayon|raion|area|rural zone|rural district|region|oblast|environs|outskirts|"
    r"район|р-н|ауданы|аудан|округ|окрестности|маңы|область|облысы|обл)\b", re.I)
_NOISE = re.compile(r"\b(city|town|g|г|gorod|город|қаласы|қала|station|станция|near|около|близ|маңында)\b\.?", re.I)

#: reported spellings (normalised keys, see ``key``) -> the English name in the boundaries
ALIASES: dict[str, str] = {
    "kapshagai": "konaiev", "kapshagay": "konaiev", "konaev": "konaiev", "kapchagai": "konaiev",
    "zhanasemei": "zharasemei",  # the boundaries' English name has a typo
    "zelenov": "baiterek", "zelenovski": "baiterek",  # renamed 2018
    "petropavl": "petropavlovsk", "oral": "uralsk", "oskemen": "ustkamenogorsk",
    "turkistan": "turkestan", "otyrar": "otrar", "zhetisai": "zhetysai", "rudni": "rudnyi",
    "saran": "saran", "osakarovka": "osakarov", "shieli": "shieli", "karagandy": "karaganda",
    "syrdaria": "syrdariya", "syrdarya": "syrdariya", "moiynkum": "moiynkum", "mangistau": "mangistau",
    "kordai": "korday", "bukharzhyrau": "bukharzhyrau", "semipalatinsk": "semei",
    "oktyabrski": "karaganda",  # a city district of Karaganda (the boundaries stop at the city)
}
#: other names of first-level units (old names, other spellings) -> a name the boundaries use
#: aliases that name a part of a city (a former city district), not the whole city
CITY_PARTS = {"oktyabrski"}
REGION_ALIASES: dict[str, str] = {
    "Nur-Sultan": "Astana", "Akmolinsk": "Astana", "Jetisu": "Zhetysu", "Jambyl": "Zhambyl", "Karaganda": "Karagandy",
    "Mangistau": "Mangystau", "South Kazakhstan": "Turkestan", "Chimkent": "Shymkent", "Abai": "Abay",
}


def key(text: str | None) -> str:
    """A spelling-insensitive key: Latin transliteration variants and Cyrillic forms fold together."""
    if not text:
        return ""
    s = text.casefold().replace("ё", "е")
    s = re.sub(r"\(.*?\)", " ", s)
    s = _AREA_WORDS.sub(" ", s)
    s = _NOISE.sub(" ", s)
    s = s.translate(_CYR)
    s = re.sub(r"(ский|ской|ская|ский|skiy|skii|sky|ski|skaya|inskiy)$", "", s.strip())
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"^ye", "e", s)
    for a, b in (("zh", "j"), ("dzh", "j"), ("kh", "h"), ("yy", "i"), ("iy", "i"), ("ay", "ai"), ("ey", "ei"),
                 ("oy", "oi"), ("y", "i"), ("q", "k"), ("ts", "c"), ("w", "v")):
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s).replace("iu", "u")
    return s.removesuffix("ski").removesuffix("sk") if s.endswith(("ski", "sk")) and len(s) > 7 else s


_CYR = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
})


@dataclass(frozen=True)
class Place:
    region_kato: str | None
    district_kato: str | None
    settlement: str | None
    precision: str | None  # point, settlement, district, region; None when not even the region is known
    lat: float | None = None
    lon: float | None = None
    #: words of the report that could not be placed (kept on the record as reported)
    unresolved: str | None = None
    #: how the deepest level was reached (``name``, ``alias``, ``city``, ``coordinates``, ``settlement_lookup``)
    method: str | None = None


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, dict[str, list[str]]]]:
    regions: dict[str, str] = {}
    districts: dict[str, dict[str, list[str]]] = {}
    for u in geo.units().values():
        names = (u.name_en, u.name_ru, u.name_kk)
        if u.level == 1:
            for n in names:  # "Almaty" is the city; "Almaty region" is the region (see region_code)
                k = key(n) + ("" if u.kind == "city" else "/region")
                regions.setdefault(k, u.kato)
        else:
            table = districts.setdefault(u.parent, {})
            for n in names:
                codes = table.setdefault(key(n), [])
                if u.kato not in codes:
                    codes.append(u.kato)
    return regions, districts


_REGION_ALIASES: dict[str, str] = {}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {key(k): key(v) for k, v in ALIASES.items()}


def region_code(name: str | None) -> str | None:
    if not _REGION_ALIASES:
        _REGION_ALIASES.update({key(a): key(b) for a, b in REGION_ALIASES.items() if key(a) != key(b)})
    if not name:
        return None
    if re.fullmatch(r"\d{9}", name.strip()):
        return name.strip() if name.strip() in geo.units() else None
    regions, _ = _index()
    k = key(name)
    if k in _REGION_ALIASES:
        k = _REGION_ALIASES[k]
    says_region = bool(re.search(r"region|oblast|облыс|област|обл\.", name, re.I))
    if says_region:
        return regions.get(k + "/region") or regions.get(k)
    return regions.get(k) or regions.get(k + "/region")


def _pick(codes: list[str], text: str) -> str:
    """Of units sharing a name (Kostanay city and Kostanay district), the one the text means."""
    if len(codes) > 1:
        kinds = {c: geo.units()[c].kind for c in codes}
        wanted = ("district", "city_district") if _AREA_WORDS.search(text) else ("city",)
        for c in codes:
            if kinds[c] in wanted:
                return c
    return codes[0]


def _district(region: str, text: str) -> tuple[str | None, str | None]:
    _, districts = _index()
    table = districts.get(region, {})
    candidates = [text] + [p for p in re.split(r"[/,;]| or | и ", text) if p.strip()]
    aliases = _aliases()
    for c in candidates:
        k = key(c)
        if not k:
            continue
        if k in table:
            return _pick(table[k], c), "name"
        if k in aliases and aliases[k] in table:
            return _pick(table[aliases[k]], c), "alias"
    return None, None


#: words that make a reported name an area (a rural okrug) or several places, not one settlement
_OKRUG_WORDS = re.compile(r"\b(rural district|rural okrug|okrug|округ\w*|с\.\s?о\.|а\.\s?о\.|ауылдық)", re.I)
_NEAR = re.compile(r"\b(near|around|outskirts|около|близ|вблизи|маңы\w*)\b", re.I)


@lru_cache(maxsize=1)
def _settlements() -> dict[str, dict[str, list[str]]]:
    """Settlements of the KATO classifier per region, by the spelling-insensitive ``key`` of their
    Russian and Kazakh names (so "Ushtobe", "Уштобе" and "Үштөбе" meet)."""
    from orken.reference import kato

    out: dict[str, dict[str, list[str]]] = {}
    for u in kato.units().values():
        if u.level != "settlement":
            continue
        table = out.setdefault(u.region, {})
        for n in (u.name_ru, u.name_kk):
            k = key(kato.key(n))
            if k and u.code not in table.setdefault(k, []):
                table[k].append(u.code)
    return out


def kato_settlement(region: str, district: str | None, name: str) -> tuple[str, float | None, float | None] | None:
    """The district of the one KATO settlement of that name in ``region`` (inside ``district`` when
    the district is known), or None: a name that is a rural okrug, a list of places, a name found in
    no or several districts, or one whose district the shipped boundaries do not have, stays
    unresolved (the caller keeps it at the level it reached). "A / B" (two names of one place) is
    tried name by name. The classifier has no coordinates."""
    from orken.reference import kato

    if _OKRUG_WORDS.search(name) or "," in name or ";" in name:
        return None
    table = _settlements().get(region, {})
    for part in [name] + [p for p in name.split("/") if p.strip()] if "/" in name else [name]:
        text = _NEAR.sub(" ", re.sub(r"\(.*?\)", " ", part))
        codes = table.get(key(kato.key(text)), [])
        districts = {kato.units()[c].district for c in codes}
        if district is not None:
            districts &= {district}
        if len(districts) == 1:
            found = districts.pop()
            if found and found in geo.units():
                return found, None, None
    return None


#: the hook for settlements below the district level: (region, district or None, name) -> KATO code
#: of the settlement's district (and, when known, coordinates); the official KATO classifier
#: (``kato_settlement``) by default
settlement_lookup: Callable[[str, str | None, str], tuple[str, float | None, float | None] | None] | None = \
    kato_settlement


def resolve(region: str | None, district_or_city: str | None = None, settlement: str | None = None,
            lat: float | None = None, lon: float | None = None) -> Place:
    """The deepest place the reported names reach (see the module docstring)."""
    if lat is not None and lon is not None:
        r, d = geo.locate(lat, lon)
        if r:
            return Place(r, d, settlement, "point", lat, lon, method="coordinates")
    units = geo.units()
    rcode = region_code(region)
    if rcode is None:
        return Place(None, None, settlement, None, unresolved=", ".join(x for x in (region, district_or_city,
                                                                                     settlement) if x) or None)
    unresolved = []
    dcode, method, precision = None, None, "region"
    if district_or_city:
        dcode, method = _district(rcode, district_or_city)
        if dcode:
            unit = units[dcode]
            says_area = bool(_AREA_WORDS.search(district_or_city)) or bool(re.search(r"\bnear\b|около|близ",
                                                                                    district_or_city, re.I))
            precision = "settlement" if unit.kind == "city" and not says_area else "district"
            if method == "alias" and key(district_or_city) in {key(k) for k in CITY_PARTS}:
                precision = "district"  # a part of the city (an old city district), not the city itself
        elif key(district_or_city) == key(units[rcode].name_en) and units[rcode].kind == "city":
            precision, method = "settlement", "city"  # "Astana" reported for the city of Astana
        else:
            unresolved.append(district_or_city)
    elif units[rcode].kind == "city":
        precision, method = "settlement", "city"  # a city of republican significance is one settlement
    if settlement:
        found = settlement_lookup(rcode, dcode, settlement) if settlement_lookup else None
        if found:
            dcode, flat, flon = found
            # a place "near" a settlement is known to that settlement's district, not to the settlement
            near = bool(_NEAR.search(settlement))
            return Place(rcode, dcode, settlement, "district" if near else "settlement", flat, flon,
                         "; ".join(unresolved + ([settlement] if near else [])) or None, "settlement_lookup")
        if dcode is None:
            dcode, m = _district(rcode, settlement)  # a settlement that is itself a city of regional significance
            if dcode:
                precision, method = ("settlement" if units[dcode].kind == "city" else "district"), m
        if dcode is None or units[dcode].kind != "city" or key(settlement) != key(units[dcode].name_en):
            unresolved.append(settlement)
            # a named place that could not be found: the deepest known level is its district (or region)
            precision = "district" if dcode else "region"
    return Place(rcode, dcode, settlement, precision, None, None, "; ".join(unresolved) or None, method)
