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

import bisect
import re
from functools import lru_cache

from .doc import Doc, Quantity
from .tokenize import clean_word

MONEY = {"KZT", "USD", "EUR", "RUB", "CNY"}
TEMPORARY_PHRASES = ("период строительства", "время строительства", "құрылыс кезінде", "құрылыс кезеңінде",
                     "құрылыс жұмыстары кезінде", "уақытша", "временн")

# Lemma prefixes (Kazakh and Russian) that suggest a measure.
CUES: dict[str, tuple[str, ...]] = {
    "investment": ("инвестиц", "инвест", "салым", "вложен", "капитал", "құны", "құн", "стоимост", "тартыл",
                   "привлеч", "жалпы құны", "жоба", "проект"),
    "spending": ("бюджет", "биюджет", "бөлін", "выдел", "жұмсал", "израсход", "освоен", "игеріл", "қаржыланд",
                 "финансир", "субсид", "грант", "трансферт"),
    "output_value": ("өнім", "продукц", "тауар", "сатыл", "реализ", "товар", "экспорт", "өндірілген",
                     "өндірілді", "произвед", "производств", "обрабатывающ", "выпущ", "айналым", "оборот", "көрсетілген қызмет",
                     "выручк", "түсім", "табыс"),
    "capacity": ("қуат", "мощност", "жобалық", "проектн", "өткізу", "пропускн", "өнімділі", "производительн",
                 "сыйымд", "вместим", "сақта", "хранен", "рассчитан", "арналған"),
    "output_volume": ("өндір", "шығар", "произв", "выпуск", "экспорт", "жөнелт", "отгру", "жина", "собра",
                      "өңде", "переработ"),
    "jobs_temporary": ("уақытша", "временн", "құрылыс кезең", "период строит"),
    "jobs": ("жұмыс", "рабоч", "еңбек", "трудоустр", "труд", "занят", "қамтыл", "работ", "қызметкер", "сотрудник",
             "персонал", "штат", "қызметкерлер саны"),
    "population": ("халық", "халқ", "тұрғын", "населен", "жител"),
    "count_participants": ("қатысушы", "участник", "кәсіпкер", "предприним", "резидент"),
    "resources": ("қор", "запас", "ресурс"),
    "growth_percent": ("өс", "арт", "рост", "вырос", "вырас", "увелич", "прирост", "ұлғай", "төменде", "сниз",
                       "снижен", "қыскар", "қысқар", "сокращ"),
    "share_percent": ("үлес", "дол", "құрай", "состав"),
}


#: words that begin like a measure's cue but are another word ("запасных частей": spare parts, not reserves)
NOT_CUES: dict[str, tuple[str, ...]] = {"resources": ("запасн", "қорға", "қорша", "қорыт", "қорық")}


def _cues_near(lemmas: list[str], measure: str) -> int:
    stems = CUES[measure]
    nots = NOT_CUES.get(measure)
    if nots:
        return sum(1 for lm in lemmas if lm.startswith(stems) and not lm.startswith(nots))
    return sum(1 for lm in lemmas if lm.startswith(stems))


def classify(doc: Doc, q: Quantity) -> tuple[str | None, float]:
    """Return (measure, confidence) or (None, 0) when the quantity is not a fact."""
    s_idx = doc.sentence_of_token(q.tok_start)
    s = doc.sentences[s_idx]
    toks = doc.tokens
    window = toks[max(s.tok_start, q.tok_start - 6):min(s.tok_end, q.tok_end + 6)]
    near = [t.lemma for t in window] + [clean_word(t.text).lower() for t in window]
    # Russian cue stems are written for surface forms (participles "выпущено", "обрабатывающей"), which a
    # dictionary lemmatiser turns into infinitives: the sentence is read by its words, the window by both.
    sent = [clean_word(t.text).lower() if doc.lang == "ru" else t.lemma for t in toks[s.tok_start:s.tok_end]]
    around = near + near + sent  # near words count three times

    def best(cands: tuple[str, ...], default: str | None) -> tuple[str | None, float]:
        scores = {m: _cues_near(around, m) for m in cands}
        m = max(cands, key=lambda c: scores[c])
        if scores[m] == 0:
            return default, 0.55
        return m, min(0.95, 0.65 + 0.1 * scores[m])

    if q.unit not in (None, "%") and _difference(doc, q, s):
        return None, 0.0  # "что на 1,1 млн тонн больше", "былтырғыдан 5 мың тоннаға көп": a difference, not a level
    if _denied(doc, q, s):
        return None, 0.0  # "опровергли информацию о выделении 50 млрд тенге": a figure reported and denied
    u = q.unit
    ca, cb = _clause(doc, q)
    clause_words = [t.text.lower().replace("ё", "е") for t in toks[ca:cb] if t.kind == "word"]
    ante = q.attrs.get("antecedent")
    if ante is not None and ante.unit == u and ante is not q and not _own_verb(doc, q):
        return classify(doc, ante)  # "из них 350 – местные жители": a verbless part measures what its whole does
    nxt = q.attrs.get("change_to")
    if nxt is not None and u == nxt.unit and u not in MONEY and u != "%":
        return classify(doc, nxt)  # "көлемі 4,5 млн тоннадан 6 млн тоннаға дейін артады": both ends one measure
    if u in MONEY:
        if any(w.startswith(SALARY) for w in clause_words):
            return None, 0.0  # wages are not investment figures
        m, c = best(("investment", "spending", "output_value"), "investment")
        if m == "output_value" and _cues_near(near, "investment") > _cues_near(near, "output_value"):
            m = "investment"
        if m == "output_value" and _investing_verb(doc, clause_words) \
                and not any(w.startswith(SALES_STEMS) for w in clause_words):
            m = "investment"  # "вложила в модернизацию производства 4,2 млрд": money put in, not goods sold
        return m, c
    if u == "%":
        if any(w.startswith(INTEREST) for w in clause_words) \
                or (q.percent_suffix or "").lower().lstrip("-") in ("бен", "пен", "мен"):
            return None, 0.0  # "под 6% годовых", "жылдық 6%-бен": an interest rate, not a share or a change
        m, c = _percent(doc, q, clause_words)
        if m is None:
            m, c = best(("growth_percent", "share_percent"), "share_percent")
        if m == "growth_percent" and _decrease(doc, q):
            q.value = -abs(q.value)  # "6,2%-ға төмендеді", "на 3,2% меньше"
        return m, c
    if u == "person":
        if any(w.startswith(VIEWING) for w in clause_words):
            return None, 0.0  # "видеожазбасын 3 400 адам көрді", "трансляцию посмотрели 2 тыс. человек": an audience
        if q.hint == "jobs_temporary":
            return "jobs_temporary", 0.9
        if q.hint == "population":
            joined = " ".join(clause_words)
            if any(w.startswith(EMPLOY) for w in clause_words) or any(p in joined for p in JOB_PHRASES):
                return "jobs", 0.75  # "трудоустроено 340 местных жителей"
            return "population", 0.8
        before = re.split(r"[,;–—]", doc.text[max(s.start, q.start - 60):q.start])[-1]
        after = re.split(r"[,;–—]", doc.text[q.end:min(s.end, q.end + 60)])[0]
        clause = (before + " " + after).lower()
        right_before = " ".join(t.text.lower() for t in toks[max(s.tok_start, q.tok_start - 2):q.tok_start])
        permanent = any(w in q.text.lower() for w in ("постоянн", "тұрақты"))
        temp_word = any(w in (q.text.lower() + " " + right_before) for w in ("уақытша", "временн"))
        building = any(w.startswith(CONSTRUCTION) for w in clause_words) \
            and not any(w.startswith(AFTER_WORDS) for w in clause_words)
        if not permanent and (temp_word or building or any(c in clause for c in TEMPORARY_PHRASES[:5])):
            return "jobs_temporary", 0.8
        if any(w.startswith(TRAINING) for w in clause_words):
            return "count_people", 0.7
        if q.hint == "jobs":
            return "jobs", 0.9
        if any(w.startswith(PERMANENT) for w in clause_words) \
                and not any(w.startswith(("прожива", "населен", "тұрат", "тұрады", "тұратын")) for w in clause_words):
            return "jobs", 0.8  # "на постоянной основе – 250 специалистов", "тұрақты негізде 40 маман"
        return best(("jobs", "population", "count_participants"), "count_people")
    # "выпуск 30 млн кв. м плит", "жылына 2 млн шаршы метр әйнек шығарады": goods measured in m², not land
    goods_m2 = u == "m2" and any(w.startswith(OUTPUT_STEMS + ("произвел", "изготов", "выпуст")) for w in clause_words) \
        and not any(w.startswith(AREA_WORDS) for w in near)
    if u in ("ha", "m2") and not goods_m2:
        return "area", 0.85
    if u == "km":
        if _distance(doc, q):
            return None, 0.0  # "в 40 км от Караганды", "Қарағандыдан 40 шақырым жерде": where, not a length
        if _dimension(doc, q):
            return None, 0.0  # "скважин глубиной до 3 тыс. метров", "биіктігі 120 метр": a size, not a length built
        if any(w.startswith(OUTPUT_STEMS) for w in clause_words):
            return "output_volume", 0.7  # "выпуск кабельной продукции ... 45 тыс. км"
        return "length", 0.8
    if u == "MW":
        return "capacity", 0.85
    if u in ("t", "l", "MWh") or goods_m2 or (u == "unit" and q.hint in (None, "output_volume")):
        if u == "t" and _per_hectare(doc, q):
            return None, 0.0  # "14 центнеров с гектара", "гектарынан 18 центнер": a yield, not a quantity made
        par = _parallel(doc, q, s)
        if par is not None:
            return par  # "мощность первой очереди – 150 тыс. тонн, второй – еще 250 тыс. тонн": the same measure
        if _cues_near(near, "resources"):
            return "resources", 0.75
        if doc.lang == "ru" and any(w.startswith("запас") and not w.startswith("запасн") for w in clause_words) \
                and not _cues_near(near, "capacity") and not _facility_for(doc, q):
            return "resources", 0.7  # "Запасы оксида лития на месторождении оцениваются в 110 тыс. тонн"
        if _capacity_head(doc, q):
            return "capacity", 0.85  # "мощностью 3 000 тракторов в год", "мощность – 60 млн бутылок": named so
        if _past_output(doc, clause_words):
            return "output_volume", 0.8  # what was made: "өңдеді", "произвела", "выпустили"
        if _cues_near(near, "capacity") or (_plant_near(near) and (_has_period(doc, q) or _producing(near))) \
                or _facility_for(doc, q):
            return "capacity", 0.75
        if _has_period(doc, q) and not any(w.startswith(EXPORT_STEMS) for w in clause_words):
            return "capacity", 0.7  # a rate per year/day/shift that is not a past result: what it can make
        m, c = best(("output_volume",), "output_volume")
        return m, c
    if u == "unit" and q.hint and q.hint != "level":
        return q.hint, 0.7
    return None, 0.0


INVEST_RU = ("влож", "вкладыва", "инвестир", "направил", "направлен", "направит", "направят", "потрачен", "затрачен")
SALES_STEMS = ("реализ", "продаж", "продал", "продан", "выручк", "экспорт", "отгру", "сатыл", "сатт", "түсім",
               "произвел", "произвед", "выпущ", "выпустил", "өндірілді", "өндірді", "шығарылды", "шығарды")
COMPLETION = ("выполнен", "готовност", "готов", "завершен", "заверш", "построен", "реализован", "орындал", "аяқтал",
              "дайын", "салынд")


def _investing_verb(doc: Doc, words: list[str]) -> bool:
    return doc.lang == "ru" and any(w.startswith(INVEST_RU) for w in words)


VIEWING = ("көрді", "көрген", "көрілді", "тамашала", "просмотр", "посмотрел", "посмотрит", "смотрел", "увидел",
           "лайк", "подписч", "жазылушы")
JOB_PHRASES = ("жұмыс орн", "жұмыс орын", "рабочие мест", "рабочих мест", "рабочее мест", "жұмысқа")
PERMANENT = ("постоянн", "тұрақты", "штатн")
INTEREST = ("годовых", "ставк", "мөлшерлеме", "пайызбен", "%-бен", "процентн")
EMPLOY = ("трудоустр", "жұмысқа орналас", "жұмысқа алын", "жұмыспен қамт", "занят", "работа", "работу", "работой",
          "жұмыс орн", "жұмыс орын")
SALARY = ("жалақы", "жалақ", "зарплат", "заработн", "оклад")
CONSTRUCTION = ("құрылыс", "строит", "стройк", "стройплощад", "монтаж")
AFTER_WORDS = ("кейін", "после", "аяқталған", "завершен", "қосылғанда", "запуска")
TRAINING = ("даярла", "оқыт", "оқудан", "обучен", "обучил", "подготов", "переподготов", "курс")
OUTPUT_STEMS = ("выпуск", "производ", "өндір", "шығар", "выпущ", "произвед")
EXPORT_STEMS = ("экспорт", "жөнелт", "отгру", "поставл")
# Production verbs whose past forms report a result (output), not a capacity.
_PROD_KK = ("өндір", "шығар", "өңде", "жөнелт", "экспортта", "тасымалда", "жина", "ұқсата", "өсір", "қайта өңде",
            "құрастыр", "дайында", "балқыт")
_PAST_KK = ("ды", "ді", "ты", "ті", "ылды", "ілді", "лды", "лді", "ған", "ген", "ылған", "ілген", "лған", "лген",
            "дық", "дік", "тық", "тік")
_PROD_RU = ("произв", "выпуст", "выпущ", "перевал", "переработ", "отгруз", "отгруж", "экспортир", "собра", "добы",
            "выработ", "изготов", "намолот", "прошл")
_PAST_RU = ("ла", "ло", "ли", "ил", "ал", "ел", "ено", "ено", "ано", "ены", "аны", "ен", "ан", "ят", "ено")


DENIAL_RU = ("опроверг", "опроверж", "не подтверд", "не подтвержд", "не соответству", "недостоверн", "ложн", "фейк")
_DENIAL_RU_RE = re.compile(r"\b(?:" + "|".join(DENIAL_RU) + ")")
DENIAL_KK = ("жоққа шығар", "теріске шығар", "расталмады", "растамады", "расталмаған", "жалған", "шындыққа жанаспа")
CONTRAST_RU = ("но", "однако", "а", "при", "зато", "тогда")
REPORTED_KK = ("деген", "туралы")


_MORE_LESS_RU = ("больше", "меньше", "выше", "ниже", "превыша", "превысил", "уступа")
_MORE_LESS_KK = ("артық", "көп", "кем", "аз", "жоғары", "төмен")


def _difference(doc: Doc, q: Quantity, s) -> bool:
    """A difference between two figures: Russian "на N ... больше/меньше", Kazakh "N тоннаға көп/артық"
    (a dative figure before a comparative)."""
    toks = doc.tokens
    nxt = clean_word(toks[q.tok_end].text).lower() if q.tok_end < s.tok_end else ""
    if doc.lang == "ru":
        prev = toks[q.tok_start - 1].text.lower() if q.tok_start > s.tok_start else ""
        return prev == "на" and nxt.startswith(_MORE_LESS_RU)
    last = clean_word(toks[q.tok_end - 1].text).lower()
    return last.endswith(("ға", "ге", "қа", "ке")) and nxt in _MORE_LESS_KK and q.qualifier == "exact"


@lru_cache(maxsize=4096)
def _has_denial(sentence: str, ru: bool) -> bool:
    low = sentence.lower()
    return _DENIAL_RU_RE.search(low) is not None if ru else any(d in low for d in DENIAL_KK)


def _denied(doc: Doc, q: Quantity, s) -> bool:
    """Is the figure part of a report that the sentence denies? Russian names the report after the denial
    ("опровергли информацию о выделении 50 млрд тенге", "не подтвердили сообщения о ..."), Kazakh before it
    ("... 2 млрд доллар инвестиция тартылды деген хабарды жоққа шығарды", "... деген ақпарат расталмады")."""
    text = doc.text[s.start:s.end]
    if not _has_denial(text, doc.lang == "ru"):
        return False  # (most sentences: one cached look per sentence)
    low = text.lower()
    if doc.lang == "ru":
        before = low[:q.start - s.start]
        hits = list(_DENIAL_RU_RE.finditer(before))
        if not hits:
            return False
        k = hits[-1].start()
        between = re.findall(r"[^\W\d_]+", before[k:])
        return not any(w in CONTRAST_RU for w in between)  # "..., но компания вложит 5 млрд" is not denied
    after = low[q.end - s.start:]
    words = re.findall(r"[^\W\d_]+", after)
    for n, w in enumerate(words):
        if w in ("ал", "бірақ", "алайда"):
            return False
        if w in REPORTED_KK:
            rest = " ".join(words[n + 1:n + 5])
            return any(d in rest for d in DENIAL_KK)
    return False


def _clause(doc: Doc, q: Quantity) -> tuple[int, int]:
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    a = q.tok_start
    while a > s.tok_start and doc.tokens[a - 1].text not in (",", ";", "(", ":"):
        a -= 1
    b = q.tok_end
    while b < s.tok_end and doc.tokens[b].text not in (",", ";", ")"):
        b += 1
    return a, b


def _own_verb(doc: Doc, q: Quantity) -> bool:
    """Does the figure's clause after it have a verb of its own ("Олардың 870-і ... жұмысқа орналасты")?"""
    _, cb = _clause(doc, q)
    words = [t.text.lower() for t in doc.tokens[q.tok_end:cb] if t.kind == "word"]
    if doc.lang == "ru":
        from .lemma_ru import pos_ru
        return any(pos_ru(w) in ("VERB", "PRTS", "INFN") for w in words)
    return any(re.search(r"(?:ды|ді|ты|ті|ады|еді|йды|йді|уда|уде|ған|ген|қан|кен)$", w) and len(w) > 4 for w in words)


def _ru_past(w: str) -> bool | None:
    """Past tense or a passive participle by the dictionary ("произвела", "выпущено", "переработанного"),
    None without one. Present and future forms ("производят", "выпускает", "переработает") are not past."""
    from .lemma_ru import _parse
    p = _parse(w)
    if p is None or not getattr(p, "tag", None):
        return None
    tag = p.tag
    if tag.POS == "VERB":
        return "past" in tag
    if tag.POS in ("PRTS", "PRTF"):
        return "past" in tag or "pssv" in tag
    return False


def _past_output(doc: Doc, words: list[str]) -> bool:
    if doc.lang == "ru":
        for w in words:
            if not w.startswith(_PROD_RU):
                continue
            past = _ru_past(w)
            if past is None:
                past = w.endswith(_PAST_RU) and not w.endswith(("ает", "ит", "ет", "ят", "ут", "ют"))
            if past:
                return True
        return False
    for w in words:
        for stem in _PROD_KK:
            if w.startswith(stem) and w[len(stem):] in _PAST_KK:
                return True
    return False


def _percent(doc: Doc, q: Quantity, clause_words: list[str]) -> tuple[str | None, float]:
    """Share or change, from the grammar around the number: a level reached ("12 пайызға дейін өсті",
    "снизилась до 61%") or a possessive ("35%-ы", "үлесі") is a share; a dative change ("7,3%-ға",
    "пайызға") or Russian "на N%" is a change."""
    toks = doc.tokens
    if q.hint == "level":
        return "share_percent", 0.75
    suffix = (q.percent_suffix or "").lower().lstrip("-")
    last = q.text.lower().rsplit(" ", 1)[-1]
    if last.startswith(("пайыз", "процент")):
        suffix = suffix or last[5:] if last.startswith("пайыз") else suffix
    if suffix in ("ы", "і", "сы", "сі"):
        return "share_percent", 0.75
    done = any(w.startswith(COMPLETION) for w in clause_words)  # "работы выполнены на 65%": how far, a share
    if doc.lang == "ru":
        if q.tok_start > 0 and toks[q.tok_start - 1].text.lower() == "на":
            return ("share_percent", 0.7) if done and not _cues_near(clause_words, "growth_percent") \
                else ("growth_percent", 0.8)
        return None, 0.0
    if suffix in ("ға", "ге", "қа", "ке"):
        if done and not _cues_near(clause_words, "growth_percent"):
            return "share_percent", 0.7  # "құрылысы 65%-ға орындалды"
        return "growth_percent", 0.8
    return None, 0.0


_DECREASE = ("төменде", "азай", "қысқар", "кеми", "кем", "төмен", "сниз", "сократ", "уменьш", "меньше", "ниже",
             "упал", "упад", "паден", "спад", "сниж")


def _decrease(doc: Doc, q: Quantity) -> bool:
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    b = q.tok_end
    while b < s.tok_end and doc.tokens[b].text not in (",", ";") and b < q.tok_end + 4:
        b += 1
    a = max(s.tok_start, q.tok_start - 3)
    words = [t.text.lower() for t in doc.tokens[a:b] if t.kind == "word"]
    return any(w.startswith(_DECREASE) for w in words)


_FACILITY_RU = ("завод", "фабрик", "цех", "комбинат", "комплекс", "элеватор", "склад", "хранилищ", "ферм", "терминал",
                "станци", "тепличн", "теплиц", "линия", "линию", "мощност")


def _facility_for(doc: Doc, q: Quantity) -> bool:
    """Russian "завод на 40 тыс. тонн", "ферма на 1,2 тыс. голов": a facility noun with "на" and the figure
    names what it is built for."""
    toks = doc.tokens
    i = q.tok_start
    if doc.lang != "ru" or i < 2 or toks[i - 1].text.lower() != "на":
        return False
    return clean_word(toks[i - 2].text).lower().startswith(_FACILITY_RU)


AREA_WORDS = ("площад", "аумағ", "аумақ", "алаң", "территор", "ауданы")


def _per_hectare(doc: Doc, q: Quantity) -> bool:
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    after = [clean_word(t.text).lower() for t in toks[q.tok_end:min(s.tok_end, q.tok_end + 2)]]
    before = clean_word(toks[q.tok_start - 1].text).lower() if q.tok_start > s.tok_start else ""
    return (len(after) == 2 and after[0] in ("с", "на", "per") and after[1].startswith(("гектар", "га")))\
        or before.startswith(("гектарынан", "гектардан", "гектарына"))


def _parallel(doc: Doc, q: Quantity, s) -> tuple[str | None, float] | None:
    """An elliptical list member: a figure whose clause has neither a measure's word nor a verb of its own
    ("..., второй – еще 250 тыс. тонн", "..., екінші кезектікі – 250 мың тонна") measures what the figure of
    the same unit before it in the sentence measures."""
    qs = doc.spans["quantities"]
    prev = None
    n = bisect.bisect_left(qs, q.tok_start, key=lambda x: x.tok_start)  # in text order: look back from q only
    while n > 0 and qs[n - 1].tok_start >= s.tok_start:
        n -= 1
        if qs[n] is not q and qs[n].unit == q.unit:
            prev = qs[n]
            break
    if prev is None:
        return None
    ca, cb = _clause(doc, q)
    if ca <= prev.tok_start:
        return None  # the same clause: not a list member
    toks = doc.tokens
    words = [clean_word(toks[k].text).lower() for k in range(ca, cb)
             if toks[k].kind == "word" and not q.tok_start <= k < q.tok_end]
    if any(w.startswith(stems) for w in words for stems in CUES.values()):
        return None
    if doc.lang == "ru":
        from .lemma_ru import pos_ru
        if any(pos_ru(w) in ("VERB", "INFN", "PRTS", "PRTF", "GRND") for w in words):
            return None
    elif any(re.search(r"(?:ды|ді|ты|ті|ады|еді|йды|йді|уда|уде|ған|ген|қан|кен|ып|іп|йды|ады|ейді)$", w)
             and len(w) > 4 for w in words):
        return None
    return classify(doc, prev)


CAPACITY_HEADS = ("мощност", "производительност", "пропускн", "вместимост", "способност", "қуат", "өнімділі",
                  "сыйымдылы", "қабілет")
_HEAD_GAP = frozenset(("-", "–", "—", ":", "в", "составляет", "составит", "составила", "составлял", "составляла",
                       "жылына", "тәулігіне", "до", "более", "не", "менее", "около", "порядка", "свыше", "почти",
                       "шамамен", "құрайды", "құрайтын"))


def _capacity_head(doc: Doc, q: Quantity) -> bool:
    """Is the figure the value of a capacity noun just before it ("мощностью 3 000 тракторов в год",
    "мощность производства – 60 млн бутылок", "қуаты жылына 500 мың тонна")? The noun then decides the
    measure over a production verb elsewhere in the clause (the plant's design, not this year's output)."""
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    k = q.tok_start - 1
    gap = 0
    complement = False
    while k >= s.tok_start and gap < 4:
        w = clean_word(toks[k].text).lower() or toks[k].text
        if w.startswith(CAPACITY_HEADS):
            return True
        if w not in _HEAD_GAP:
            if complement or doc.lang != "ru" or toks[k].kind != "word" or not _ru_genitive(w):
                return False
            complement = True  # "мощность производства – N": one genitive complement between
        k -= 1
        gap += 1
    return False


def _ru_genitive(w: str) -> bool:
    from .lemma_ru import _parse
    p = _parse(w)
    tag = getattr(p, "tag", None)
    return tag is not None and tag.POS == "NOUN" and "gent" in tag


DIMENSIONS = ("глубин", "высот", "ширин", "диаметр", "толщин", "тереңдіг", "биіктіг", "ені", "енi", "қалыңдығ",
              "диаметрі")


def _dimension(doc: Doc, q: Quantity) -> bool:
    """A size of something (depth, height, width, diameter) named right before the figure."""
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    for k in range(q.tok_start - 1, max(s.tok_start, q.tok_start - 4) - 1, -1):
        w = clean_word(toks[k].text).lower()
        if w.startswith(DIMENSIONS):
            return True
        if w not in _HEAD_GAP and w not in ("шамамен", "около", "порядка", "свыше", "до"):
            return False
    return False


def _distance(doc: Doc, q: Quantity) -> bool:
    """A distance from a place: Russian "в N км от X" / "N км от X"; Kazakh "X-дан N шақырым жерде/қашықтықта"."""
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    nxt = clean_word(toks[q.tok_end].text).lower() if q.tok_end < s.tok_end else ""
    prev = clean_word(toks[q.tok_start - 1].text).lower() if q.tok_start > s.tok_start else ""
    if doc.lang == "ru":
        later = [t.text.lower() for t in toks[q.tok_end + 1:min(s.tok_end, q.tok_end + 5)]]
        return nxt in ("от", "к") and prev not in ("протяженностью", "длиной") and not (nxt == "от" and "до" in later)
    return nxt.startswith(("жерде", "жерден", "жердегі", "қашықтықта", "қашықтықтағы")) \
        or (prev.endswith(("дан", "ден", "тан", "тен", "нан", "нен")) and nxt.endswith(("да", "де", "та", "те")))


def _plant_near(lemmas: list[str]) -> bool:
    return any(lm.startswith(("зауыт", "завод", "фабрик", "цех", "кәсіпорын", "предприят", "шығаратын",
                              "выпускать", "производить")) for lm in lemmas)


def _producing(lemmas: list[str]) -> bool:
    """Participles "шығаратын/өндіретін" (that produces) describe a plant's capacity, and so does a Russian
    production noun in the dative that a plant noun governs ("завод по производству 60 тыс. тонн")."""
    return any(lm.startswith(("шығаратын", "өндіретін", "выпускающ", "производящ")) for lm in lemmas) \
        or any(lm in ("производству", "выпуску", "переработке", "изготовлению", "сборке") for lm in lemmas)


def _has_period(doc: Doc, q: Quantity) -> bool:
    from .context import period_of
    return period_of(doc, q) is not None
