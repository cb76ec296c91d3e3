"""Measure classification from the unit and the lemmas around a quantity.

Measures (the ``measure`` field of a fact):
- investment: money invested in a project or sector (капитал салымы, инвестиция, құны).
- spending: budget money allocated or spent (бюджет, бөлінді, выделено, освоено).
- output_value: value of goods produced or sold, money (өнім өндірілді, продукции на).
- output_volume: physical quantity produced, shipped or exported (tonnes, pieces, MWh).
- capacity: design capacity of a plant (қуаты, мощность, "жылына N тонна" at a plant, MW).
- jobs: jobs created or people employed; permanent unless said otherwise.
- jobs_temporary: temporary jobs, e.g. during construction (уақытша, временных).
- area: land or floor area (ha, m2).
- length: roads, pipelines, lines (km).
- count_projects / count_enterprises / count_participants / count_facilities: counts.
- growth_percent: a change in percent (өсті, артты, рост, увеличился).
- share_percent: a share in percent (үлесі, доля, составляет).
- resources: mineral reserves (қоры, запасы).
- population: inhabitants (тұрғын, халқы, население).
- count_people: other counts of people.
"""
from __future__ import annotations

import re

from .doc import Doc, Quantity
from .tokenize import clean_word

MONEY = {"KZT", "USD", "EUR", "RUB", "CNY"}
TEMPORARY_PHRASES = ("период строительства", "время строительства", "құрылыс кезінде", "құрылыс кезеңінде",
                     "құрылыс жұмыстары кезінде", "уақытша", "временн")

# Lemma prefixes (Kazakh and Russian) that suggest a measure.
CUES: dict[str, tuple[str, ...]] = {
    "investment": ("инвестиц", "инвест", "салым", "вложен", "капитал", "құны", "құн", "стоимост", "тартыл",
                   "привлеч", "жалпы құны", "жоба", "проект"),
    "spending": ("бюджет", "бөлін", "выдел", "жұмсал", "израсход", "освоен", "игеріл", "қаржыланд",
                 "финансир", "субсид", "грант", "трансферт", "қаражат"),
    "output_value": ("өнім", "продукц", "тауар", "сатыл", "реализ", "товар", "экспорт", "өндірілген",
                     "өндірілді", "произвед", "производств", "обрабатывающ", "выпущ", "айналым", "оборот", "көрсетілген қызмет"),
    "capacity": ("қуат", "мощност", "жобалық", "проектн", "өткізу", "пропускн"),
    "output_volume": ("өндір", "шығар", "произв", "выпуск", "экспорт", "жөнелт", "отгру", "жина", "собра",
                      "өңде", "переработ"),
    "jobs_temporary": ("уақытша", "временн", "құрылыс кезең", "период строит"),
    "jobs": ("жұмыс", "рабоч", "еңбек", "трудоустр", "занят", "қамтыл", "работ", "қызметкер", "сотрудник"),
    "population": ("халық", "халқ", "тұрғын", "населен", "жител"),
    "count_participants": ("қатысушы", "участник", "кәсіпкер", "предприним", "резидент"),
    "resources": ("қор", "запас", "ресурс"),
    "growth_percent": ("өс", "арт", "рост", "вырос", "вырас", "увелич", "прирост", "ұлғай", "төменде", "сниз",
                       "снижен", "қыскар", "қысқар", "сокращ"),
    "share_percent": ("үлес", "дол", "құрай", "состав"),
}


def _cues_near(lemmas: list[str], measure: str) -> int:
    stems = CUES[measure]
    return sum(1 for lm in lemmas if lm.startswith(stems))


def classify(doc: Doc, q: Quantity) -> tuple[str | None, float]:
    """Return (measure, confidence) or (None, 0) when the quantity is not a fact."""
    s_idx = doc.sentence_of_token(q.tok_start)
    s = doc.sentences[s_idx]
    toks = doc.tokens
    window = toks[max(s.tok_start, q.tok_start - 6):min(s.tok_end, q.tok_end + 6)]
    near = [t.lemma for t in window] + [clean_word(t.text).lower() for t in window]
    sent = [t.lemma for t in toks[s.tok_start:s.tok_end]]
    around = near + near + sent  # near words count three times

    def best(cands: tuple[str, ...], default: str | None) -> tuple[str | None, float]:
        scores = {m: _cues_near(around, m) for m in cands}
        m = max(cands, key=lambda c: scores[c])
        if scores[m] == 0:
            return default, 0.55
        return m, min(0.95, 0.65 + 0.1 * scores[m])

    u = q.unit
    if u in MONEY:
        m, c = best(("investment", "spending", "output_value"), "investment")
        if m == "output_value" and _cues_near(near, "investment") > _cues_near(near, "output_value"):
            m = "investment"
        return m, c
    if u == "%":
        return best(("growth_percent", "share_percent"), "share_percent")
    if u == "person":
        if q.hint == "jobs_temporary":
            return "jobs_temporary", 0.9
        if q.hint == "population":
            return "population", 0.8
        before = re.split(r"[,;–—]", doc.text[max(s.start, q.start - 60):q.start])[-1]
        after = re.split(r"[,;–—]", doc.text[q.end:min(s.end, q.end + 60)])[0]
        clause = (before + " " + after).lower()
        if not q.text.lower().count("постоянн") and (
                _cues_near(near, "jobs_temporary") or any(c in clause for c in TEMPORARY_PHRASES)):
            return "jobs_temporary", 0.8
        if q.hint == "jobs":
            return "jobs", 0.9
        return best(("jobs", "population", "count_participants"), "count_people")
    if u in ("ha", "m2"):
        return "area", 0.85
    if u == "km":
        return "length", 0.8
    if u == "MW":
        return "capacity", 0.85
    if u in ("t", "l", "MWh") or (u == "unit" and q.hint in (None, "output_volume")):
        if _cues_near(near, "resources"):
            return "resources", 0.75
        if _cues_near(near, "capacity") or (_plant_near(near) and (_has_period(doc, q) or _producing(near))):
            return "capacity", 0.75
        m, c = best(("output_volume",), "output_volume")
        return m, c
    if u == "unit" and q.hint:
        return q.hint, 0.7
    return None, 0.0


def _plant_near(lemmas: list[str]) -> bool:
    return any(lm.startswith(("зауыт", "завод", "фабрик", "цех", "кәсіпорын", "предприят", "шығаратын",
                              "выпускать", "производить")) for lm in lemmas)


def _producing(lemmas: list[str]) -> bool:
    """Participles "шығаратын/өндіретін" (that produces) describe a plant's capacity."""
    return any(lm.startswith(("шығаратын", "өндіретін", "выпускающ", "производящ")) for lm in lemmas)


def _has_period(doc: Doc, q: Quantity) -> bool:
    from .context import period_of
    return period_of(doc, q) is not None
