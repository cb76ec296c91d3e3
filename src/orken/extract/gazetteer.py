"""Location gazetteer: regions, districts and cities with KATO codes, in Kazakh and
Russian, matched in all case forms (Kazakh suffixes, Russian adjective/noun endings).

Sources: ``orken/reference/data/geo/adm1.geojson`` and ``adm2.geojson`` (read-only)
plus ``extract/data/settlements.csv`` for cities and settlements.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .components import component
from .doc import Doc, Entity, Token

_LATIN_FIX = str.maketrans({"i": "і", "I": "І"})
_RU_GEN = {"Чимкент": "Шымкент"}
REGION_WORDS_KK = ("облыс",)
REGION_WORDS_RU = ("област", "обл")
DISTRICT_WORDS_KK = ("аудан",)
DISTRICT_WORDS_RU = ("район", "р-н")
CITY_WORDS = ("қала", "город", "г")


@dataclass(frozen=True)
class Place:
    name: str  # canonical name (as in the source)
    words: tuple[str, ...]  # lower-cased stems to match, one per token
    type: str  # region | district | settlement | country
    kato: str | None
    lang: str


def _norm(s: str) -> str:
    s = s.translate(_LATIN_FIX) if re.search(r"[А-Яа-яЁё]", s) else s
    return s.replace("ё", "е").replace("Ё", "Е")


def _stems(name: str, lang: str) -> tuple[str, ...]:
    # a hyphenated name is one token, as the tokeniser reads it ("Восточно-Казахстанской", "Усть-Каменогорске")
    words = re.sub(r"\s*-\s*", "-", _norm(name).lower()).split()
    out = []
    for w in words:
        if lang == "ru":
            for end in ("ская", "ский", "ская", "ское", "ая", "ый", "ий", "ое"):
                if w.endswith(end) and len(w) - len(end) >= 4:
                    w = w[: -len(end)] + ("ск" if end.startswith("ск") else "")
                    break
            else:
                if w[-1:] in "аяь" and len(w) > 4:
                    w = w[:-1]
        out.append(w)
    return tuple(out)


def _geo(name: str) -> list[dict]:
    ref = resources.files("orken.reference") / "data" / "geo" / name
    with ref.open("r", encoding="utf-8") as f:
        return [feat["properties"] for feat in json.load(f)["features"]]


_REPUBLICAN_CITIES = ("71", "75", "79")
_JOT_STEMS: set[str] = set()


def _kato_towns() -> list[tuple[str, str, str]]:
    """(KATO code, Kazakh name, Russian name) of each town ("г.Каратау", "Қаратау қ.") of the packaged KATO."""
    ref = resources.files("orken.reference") / "data" / "kato" / "kato.csv"
    out = []
    with ref.open("r", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            ru, kk = r["name_ru"], r["name_kk"]
            if ru.startswith("г.") and kk.endswith(" қ.") and r["level"] != "oblast":
                out.append((r["kato"], kk[:-3].strip(), ru[2:].strip()))
    return out


@lru_cache(maxsize=1)
def places() -> list[Place]:
    out: list[Place] = []
    for p in _geo("adm1.geojson"):
        kato = p["KATO"]
        kk = re.sub(r"\s*\(.*\)", "", p["ADM1_KK"])
        ru = _RU_GEN.get(p["ADM1_RU"], p["ADM1_RU"])
        city = "(" in p["ADM1_KK"]
        out.append(Place(kk, _stems(kk, "kk"), "settlement" if city else "region", kato, "kk"))
        out.append(Place(ru, _stems(ru, "ru"), "settlement" if city else "region", kato, "ru"))
        if ru != p["ADM1_RU"]:  # keep the source spelling ("Чимкент") as an alias
            out.append(Place(p["ADM1_RU"], _stems(p["ADM1_RU"], "ru"), "settlement", kato, "ru"))
    for p in _geo("adm2.geojson"):
        kato = p["KATO"]
        # a unit numbered below 30 is a city of regional significance, except in the three cities of republican
        # status, whose units are their districts ("Қаратау ауданы" of Shymkent is no town)
        is_city = int(kato[2:4]) < 30 and kato[:2] not in _REPUBLICAN_CITIES
        typ = "settlement" if is_city else "district"
        for lang, nm in (("kk", p["ADM2_KK"]), ("ru", p["ADM2_RU"])):
            out.append(Place(nm, _stems(nm, lang), typ, kato, lang))
    # Russian names in -ай/-ей lose the й in case forms ("в Костанае", "в Семее"): an alias stem (a short one only
    # with a case ending: _JOT_STEMS)
    for pl in list(out):
        if pl.lang == "ru" and len(pl.words) == 1 and pl.words[0].endswith("й") and len(pl.words[0]) >= 5:
            out.append(Place(pl.name, (pl.words[0][:-1],), pl.type, pl.kato, "ru"))
            if len(pl.words[0]) == 5:
                _JOT_STEMS.add(pl.words[0][:-1])
    regions = {pl.words for pl in out if pl.type == "region"}
    for kato, kk, ru in _kato_towns():  # every town of the official classifier (KATO), but one named like a region
        for lang, nm in (("kk", kk), ("ru", ru)):
            if _stems(nm, lang) not in regions:
                out.append(Place(nm, _stems(nm, lang), "settlement", kato, lang))
    # Russian spellings of Kazakh names vary ы/и ("Ордабасынский"/"Ордабасинский"): an alias stem
    for pl in list(out):
        if pl.lang == "ru" and pl.type == "district" and any("ы" in w for w in pl.words):
            out.append(Place(pl.name.replace("ы", "и"), tuple(w.replace("ы", "и") for w in pl.words), pl.type, pl.kato,
                             "ru"))
    data = resources.files("orken.extract") / "data" / "settlements.csv"
    with data.open("r", encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for r in rows:
            for lang in ("kk", "ru"):
                nm = r[f"name_{lang}"]
                out.append(Place(nm, _stems(nm, lang), r["type"], r["kato"], lang))
    out.append(Place("Қазақстан", ("қазақстан",), "country", "000000000", "kk"))
    out.append(Place("Казахстан", ("казахстан",), "country", "000000000", "ru"))
    return out


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Place]]:
    idx: dict[str, list[Place]] = {}
    for p in places():
        idx.setdefault(p.words[0][:3], []).append(p)
    return idx


_KK_CASE = re.compile(r"^(?:[-']?)(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|а|е|ны|ні|ды|ді|ты|ті|н|да|де|та|те|"
                      r"нда|нде|дан|ден|тан|тен|нан|нен|дағы|дегі|тағы|тегі|ндағы|ндегі|лық|лік|дық|дік|тық|тік|"
                      r"лықтар|ліктер|лар|лер|ы|і|сы|сі|мен|бен|пен)*$")


def _word_ok(stem: str, token: str, lang: str) -> bool:
    t = _norm(token).lower()
    if not t.startswith(stem):
        return False
    rest = t[len(stem):]
    if not rest:
        return True
    if lang == "ru":
        if stem in _JOT_STEMS:
            return rest in ("я", "ю", "е", "ем")  # "Семее", "Семея", not "Семенов"
        return len(rest) <= 4 and rest.isalpha()
    return bool(_KK_CASE.match(rest))


def _kind_after(toks: list[Token], j: int) -> str | None:
    if j >= len(toks):
        return None
    w = toks[j].text.lower()
    if w.startswith(REGION_WORDS_KK) or w.startswith(REGION_WORDS_RU):
        return "region"
    if w.startswith(DISTRICT_WORDS_KK) or w.startswith(DISTRICT_WORDS_RU):
        return "district"
    if w.startswith("қала") or w in ("город", "г"):
        return "settlement"
    return None


def find_locations(toks: list[Token], base: int = 0) -> list[Entity]:
    """Places among ``toks``; ``base`` is the index of ``toks[0]`` in the document's tokens."""
    out: list[Entity] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind != "word" or not t.text[:1].isupper() or (i and toks[i - 1].text in "«“„\"'"):
            i += 1
            continue  # quoted names ("Сарыарқа" СКК) are companies, not places
        key = _norm(t.text).lower()[:3]
        best: tuple[int, Place] | None = None
        for p in _index().get(key, []):
            n = len(p.words)
            if i + n <= len(toks) and all(_word_ok(w, toks[i + k].text, p.lang) for k, w in enumerate(p.words)):
                if best is None or n > len(best[1].words) or _prefer(p, toks, i + n, best[1]):
                    best = (n, p)
        if best:
            n, p = best
            j = i + n
            kind = _kind_after(toks, j)
            end = toks[j].end if kind else toks[j - 1].end
            typ, kato = p.type, p.kato
            if kind and kind != typ:
                alt = _lookup_kind(p, kind)
                if alt:
                    typ, kato = alt.type, alt.kato
            out.append(Entity(t.start, end, "LOC", "", kato, typ, tok_start=base + i, tok_end=base + j + (1 if kind else 0)))
            i = j + (1 if kind else 0)
        else:
            i += 1
    return out


_RANK = {"region": 0, "settlement": 1, "district": 2, "country": 3}


def _prefer(p: Place, toks: list[Token], j: int, cur: Place) -> bool:
    if len(p.words) != len(cur.words):
        return False
    kind = _kind_after(toks, j)
    if kind is not None:
        return p.type == kind and cur.type != kind
    return _RANK.get(p.type, 9) < _RANK.get(cur.type, 9)


def _lookup_kind(p: Place, kind: str) -> Place | None:
    for q in _index().get(p.words[0][:3], []):
        if q.words == p.words and q.type == kind:
            return q
    return None


@component("gazetteer", requires=("doc.tokens",), assigns=("spans.places",))
def tag_locations(doc: Doc) -> Doc:
    """Places (``spans["places"]``, label LOC, with KATO code and type), sentence by sentence."""
    places: list[Entity] = []
    for s in doc.sentences:
        for e in find_locations(doc.tokens[s.tok_start:s.tok_end], s.tok_start):
            e.text = doc.text[e.start:e.end]
            places.append(e)
    doc.spans["places"] = places
    return doc
