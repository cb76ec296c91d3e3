"""Resolution of period, year, subject, location and status for a quantity."""
from __future__ import annotations

import re
from functools import lru_cache

from .doc import Doc, Entity, Quantity, Span

PERIOD_CUES = {
    "year": ("жылына", "жыл сайын", "в год", "ежегодн", "годов", "жылдық", "за год", "/год", "в течение года"),
    "day": ("тәулігіне", "күніне", "в сутки", "в день", "сутк", "тәулік", "/сут", "ежесуточн", "ежедневн", "күн сайын"),
    "shift": ("ауысым", "смен"),
}

FREQUENCY_ADVERBS = {"year": ("ежегодно", "жыл сайын"), "day": ("ежесуточно", "ежедневно", "күн сайын")}

# Status from the verb (verb classes, Kazakh and Russian): each pattern is a regular expression over the
# lower-cased sentence. Attributive participles ("тоқтап тұрған", "приостановленное") describe a former state
# and yield to a finite verb of the same sentence; of several finite verbs the one nearest the figure wins.
STATUS_PATTERNS: list[tuple[str, str]] = [
    (r"қайта іске қосыл\w*|қайта жұмысқа (?:алын|қабылдан)\w*|қайта ашыл\w*|возобнов\w*|восстановл\w*|"
     r"қалпына келтіріл\w*|вновь запущен\w*|қайта жандан\w*|жұмысы жанданды|возобновил\w*|"
     r"жұмысын қайта баста\w*|қайта (?:жұмыс істей|өнім шығара) бастады", "restoring"),
    (r"тоқтатыл\w*|\bтоқтатты\b|тоқтап тұр\w*|тоқтап қал\w*|приостановл\w*|приостановил\w*|остановил\w* (?:работу|производство|выпуск)|заморож\w*|простаива\w*|остановлен\w*", "suspended"),
    (r"жобалық қуатына шық\w*|толық қуатына шықты|(?:работа\w*|вышел|вышла|вышло) на полную мощность|(?:вышел|вышла|вышло|вышедш\w*|выйдет)(?: \w+){0,4} на проектную мощность", "at_design_capacity"),
    (r"салынып жат\w*|салынуда|құрылыс\w* (?:\w+ )?(?:бастады|бастап жат\w*|жүргізуде|жүргізіп жат\w*)|салып жат\w*|құрылып жат\w*|құрылысы (?:басталды|жүр\w*|жүргізіл\w*)|құрылыс\w*(?: \S+){1,4} басталды|"
     r"іргетасы қаланды|іске асырылып жат\w*|жүзеге асыр(?:уда|ылуда|ып жат\w*|ылып жат\w*|ады)|"
     r"инвестиция салуда|(?:іске|жүзеге) асырыл(?:у|ып)да\b|\b(?:салын|құрыл|тұрғызыл|орнатыл|жаңғыртыл)(?:уда|уы жүр\w*)\b|строится|стартовал\w* строительств\w*|начал\w* строительств\w*|начато строительств\w*|"
     r"строительств\w*(?: (?!а\b|но\b)[^\s,;]+){0,10} (?:ведется|ведётся|идет|идёт|началось|стартовало|начато)\b|вед[её]тся строительств\w*|строительств\w*(?: \S+){0,6} (?:завершат|завершится)\b|(?:продолжа\w*|ид[её]т|идут) (?:строительств|возведени|монтаж)\w*|в разгаре строительств\w*|строительств\w* продолжа\w*|"
     r"реализуется|реализует\b|возводится|завершается строительство|аяқталуға жақын|жұмыстары жүргізіл\w*|жұмыстары жүріп жат\w*|"
     r"орнатылуда|бой көтер(?:уде|іп жат\w*)|монтаж\w* (?:жүр\w*|жүргізіл\w*)|(?:ид[её]т|вед[её]тся|начался) монтаж\w*|монтаж\w* ид[её]т|"
     r"приступил\w* к (?:строительству|возведению|монтажу)|вед(?:[её]|у)тся (?:строительно-монтажные |строительные )?работы|"
     r"заложен\w* (?:фундамент|капсул)\w*|залож\w* (?:фундамент|капсул)\w*|"
     r"(?:салу|құрылыс|монтаж)\w* жұмыстары(?: \S+){0,2} басталды|\bсалу (?:\S+ )?басталды|\bсалуды бастады|"
     r"(?:салуға|құрылысына) кіріс(?:ті|кен)\w*|\bсалу қолға алын\w*|закладк\w* (?:капсул|фундамент)\w*|"
     r"(?:на|в) стадии (?:строительства|монтажа)|строительн\w* площадк\w*|құрылыс алаң\w*|\d+(?:[,.]\d+)?\s*(?:%|пайыз)\S*\s+(?:аяқталды|орындалды|дайын)|"
     r"(?:выполнен\w*|готов\w*) на \d+(?:[,.]\d+)?\s*(?:%|процент)", "under_construction"),
    (r"(?:іске қосыл|ашыл|пайдалануға беріл)(?:ып|іп)\b(?! (?:жат|тұр|отыр|келе|жүр))|іске қосылды|іске қосты|пайдалануға берілді|ашылды|салып берді|запущен\w*|запустил\w*|введен\w* в эксплуатацию|"
     r"введ[её]н\w*|открыл\w*|открыт\b|открыта|открыто|построен\w*|построил\w*|реализован[оаы]?\b|"
     r"\bсоздан[оаы]?\b|\bқұрылды\b|"
     r"заверш[её]н\w* строительств\w*|завершено строительство|заработал\w*|іске қосылған|құрылысы аяқталды|"
     r"жобасы аяқталды|жаңғырту аяқталды|жұмысын бастады|шығаруды бастады|өндіруді бастады|"
     r"начал\w* (?:свою )?работу|начал\w* выпуск|сдан\w* в эксплуатацию|пущен\w*|вступил\w* в строй|"
     r"(?:қуатын|өнімділігін)(?: \S+){0,6} жеткізді|(?:довел\w*|доведен\w*|нарастил\w*)(?: \S+){0,2} мощност\w*|"
     r"мощност\w* (?:\S+ ){0,2}(?:доведен\w*|увеличен\w*)|открыти\w*(?: \S+){0,6} состоял\w*|состоял\w* открыти\w*|состоял\w* (?:торжественн\w* )?(?:запуск|ввод)\w*|(?:запуск|ввод)\w*(?: \S+){0,6} состоял(?:ся|ось|ась)\b|"
     r"ашылу(?:ы| салтанаты)(?: \S+){0,2} өтті|\bжаңғыртылды\b|\bкеңейтілді\b|модернизирован[оаы]?\b|реконструирован[оаы]?\b|(?:жұмыс істей|өнім шығара|өндіре|жұмыс жасай) бастады|"
     r"выпусти\w* (?:первую|первые) (?:продукц|парти)\w*|алғашқы (?:өнім|партия)\w* (?:шығарды|берді|шықты)", "launched"),
    (r"жоспарлан\w*|көзделі\w*|көзделген|көзделуде|іске қосылады|іске қосылатын|іске қосылғанда|"
     r"пайдалануға беріледі|\b(?:салын|ашыл|құрыл|қосыл|беріл|тартыл|бөлін|жұмсал|асырыл|тұрғызыл|орнатыл|"
     r"салын|сал|аш|тарт|бөл|жұмса|сал)(?:ады|еді|йды|йді|атын|етін)\b|салынады|салынатын|салады|ашылады|ниетті|құрылысы басталады|іске асырылады|"
     r"асырылуға тиіс|салу туралы келісім|планиру\w*|запланирован\w*|намерен\w*|намечен\w*|"
     r"будет (?:построен|запущен|введен|создан|реализован|открыт)\w*|"
     r"\bбуд(?:ет|ут) (?:\w+ )?\w+(?:ен|ан|ят)[оаы]?\b|\bсостав(?:ит|ят)\b|\bпозвол(?:ит|ят)\b|\bожида(?:ет|ют)ся\b|построят|предусмотрен\w*|предусматрива\w*|планирует|"
     r"(?:салын|сал|ашыл|қосыл|беріл|құрыл|сап)\w*(?:бақ|бек|пақ|пек|мақ|мек)\b|жоспарлап|"
     r"құрылыс\w*(?: \w+){0,4} басталады|\bаяқталады\b|салуға(?: \S+){0,4} (?:бағытталады|бөлінеді|жұмсалады|салынады)|откроется|откроют|заработает|"
     r"начн[её]тся строительство|\bсостоится\b|\bсостоятся\b|на стадии (?:разработки|проектирования|подготовки|согласования)|"
     r"приступ(?:ит|ят) к (?:выпуску|производству|строительству|работе|возведению)|начн[её]т (?:выпуск|работу|производство)|запустят|введут|вложат|вложит|инвестирует|направит|построит\b|стартует строительство|строительство стартует|"
     r"(?:соглашени|меморандум)\w* (?:\S+ ){0,3}о (?:строительстве|создании|реализации|запуске)|"
     r"(?:меморандум|келісім)\w*(?: \S+){0,4} қол қой\w*|\bпоявит(?:ся|ся)\b|\bпоявятся\b|"
     r"предлож\w* (?:\S+ ){0,3}(?:построить|создать|реализовать|открыть)|строительств\w*(?: \S+){0,10} начн[её]тся|"
     r"земельн\w* участ\w*|жер телім\w*|прош(?:ел|ёл|ла|ли) (?:\S+ )?экспертиз\w*|сараптамадан өт\w*|\bодобрен[оаы]?\b|"
     r"включ[её]н\w* в карту|картасына енгізіл\w*|жоспарда(?:\b|\w)", "planned"),
    (r"\bотложен\w*", "suspended"),
]
_STATUS_RE = [(re.compile(p), st) for p, st in STATUS_PATTERNS]
_PARTICIPLE_END = ("ған", "ген", "қан", "кен", "енное", "енный", "енная", "енного", "ённое", "вшая", "вший", "вшее")
SUBJECT_TYPES_KK = {"ORGANISATION": "organisation", "PROJECT": "project", "FACILITY": "enterprise",
                    "PRODUCT": "product", "GPE": "region", "LOCATION": "region", "LAW": "programme",
                    "ORG": "organisation", "LOC": "region"}
_ENTERPRISE_WORDS = ("жшс", "тоо", "ао", "ақ", "компания", "зауыт", "завод", "фабрика", "кәсіпорн", "кәсіпорын",
                     "предприят", "комбинат", "корпорац", "холдинг", "кәсіпкерліг", "шаруашылығ", "ооо", "ип", "жк")
_PROJECT_WORDS = ("жоба", "проект")
_ZONE_WORDS = ("индустриялық аймақ", "индустриалды аймақ", "индустриалдық аймақ", "индустриальн",
               "экономикалық аймақ", "экономическ", "сэз", "аэа", "индустриальная зона", "технопарк")
_PROGRAMME_WORDS = ("бағдарлама", "программ", "ұлттық жоба", "национальный проект")


def period_of(doc: Doc, q: Quantity) -> str | None:
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    pieces = re.split(r"([,;–—])", doc.text[max(s.start, q.start - 45):q.start])
    before = pieces[-1]
    if not before.strip() and len(pieces) >= 3 and pieces[-2] in "–—":
        before = pieces[-3]  # a dash-introduced figure: "ежегодная выработка – 120 млн кВт·ч"
    # the period closes the figure's noun phrase: "25 тонн хлебобулочных изделий в смену" (up to four words)
    after = " ".join(re.split(r"[,;–—]", doc.text[q.end:min(s.end, q.end + 45)])[0].split()[:4])
    window = (before + " " + q.text + " " + after).lower()
    for period, cues in PERIOD_CUES.items():
        if any(c in window for c in cues):
            return period
    # an adverb of frequency earlier in the sentence governs every figure of its verbs ("будет ежегодно
    # перерабатывать 150 тыс. тонн отходов и производить 40 тыс. тонн гранул", "жыл сайын ... өңдеп, ...")
    head = doc.text[s.start:q.start].lower()
    for period, cues in FREQUENCY_ADVERBS.items():
        if any(c in head for c in cues):
            return period
    return None


_RELATIVE_YEARS = [(re.compile(r"\bбиыл|\bбиылғы|в текущем году|в этом году|текущего года|этого года|"
                               r"с начала года|\bосы жылы"), 0),
                   (re.compile(r"\bбылтыр|\bбылтырғы|в прошлом году|прошлого года|в минувшем году|минувшего года|"
                               r"\bөткен жылы"), -1),
                   (re.compile(r"келесі жылы|в следующем году|\bалдағы жылы|в будущем году"), 1)]


def relative_year(doc: Doc, s_idx: int, q: Quantity | None = None) -> int | None:
    """"биыл", "в прошлом году", "келесі жылы" resolved against the document's date."""
    if doc.date is None:
        return None
    s = doc.sentences[s_idx]
    low = doc.text[s.start:s.end].lower()
    best = None
    for rx, delta in _RELATIVE_YEARS:
        for m in rx.finditer(low):
            dist = abs((s.start + m.start()) - (q.start if q else s.start))
            if best is None or dist < best[0]:
                best = (dist, doc.date.year + delta)
    return best[1] if best else None


def year_of(doc: Doc, q: Quantity, s_idx: int) -> int | None:
    y = _explicit_year(doc, q, s_idx)
    return y if y is not None else relative_year(doc, s_idx, q)


def _explicit_year(doc: Doc, q: Quantity, s_idx: int) -> int | None:
    s = doc.sentences[s_idx]
    best: tuple[int, int] | None = None
    for yr in doc.spans["years"]:
        i, j, y, y_to = yr.tok_start, yr.tok_end, yr.year, yr.year_to
        if s.tok_start <= i < s.tok_end:
            if j > q.tok_start and i - q.tok_end > 6:
                continue  # a later year far away belongs to another clause
            dist = (q.tok_start - j) if j <= q.tok_start else (i - q.tok_end) + 1000
            if best is None or dist < best[0]:
                best = (dist, y_to if y_to != y and "дейін" in _after(doc, j) else y)
    return best[1] if best else None


def _after(doc: Doc, j: int) -> str:
    return doc.tokens[j].text.lower() if j < len(doc.tokens) else ""


def status_of(doc: Doc, s_idx: int, pos: int | None = None) -> str | None:
    """The project stage the sentence states (nearest finite verb to ``pos`` when given)."""
    found = status_cue(doc, s_idx, pos)
    return found[0] if found else None


def status_cue(doc: Doc, s_idx: int, pos: int | None = None) -> tuple[str, Span] | None:
    """(status, the span of the words that state it) for sentence ``s_idx``, or None; see ``status_of``."""
    s = doc.sentences[s_idx]
    hits = _status_hits(doc.text[s.start:s.end], doc.lang == "ru")
    if not hits:
        return _status_ru_morph(doc, s_idx, pos) if doc.lang == "ru" else None
    hit = _nearest_status(list(hits), s, pos)
    a, b = min(s.start + hit[0], s.end), min(s.start + hit[1], s.end)
    return hit[2], Span(a, b, "STATUS", doc.text[a:b], attrs={"status": hit[2]})


@lru_cache(maxsize=4096)
def _status_hits(sentence: str, ru: bool) -> tuple:
    """Every status pattern's match in a sentence: (start, end, status, is_participle); read once per sentence."""
    low = sentence.lower().replace("ё", "е")
    hits = []
    for rx, st in _STATUS_RE:
        for m in rx.finditer(low):
            if st == "at_design_capacity" and low[max(0, m.start() - 12):m.start()].endswith(("после выхода ", "выхода ")):
                continue
            if ru and re.search(r"\bбуд(?:ет|ут)\s+$|\b(?:долж(?:ен|на|но|ны)|мож(?:ет|ут)) быть\s+$", low[max(0, m.start() - 16):m.start()]):
                st_here = "planned"  # "будет введен в эксплуатацию": the future auxiliary makes any stage a plan
            else:
                st_here = st
            hits.append((m.start(), m.end(), st_here, m.group(0).endswith(_PARTICIPLE_END)))
    return tuple(hits)


def _nearest_status(hits: list, s, pos: int | None):
    # a longer match covering a shorter one wins ("қайта іске қосылды" over "іске қосылды")
    hits = [h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0]) for o in hits)]
    finite = [h for h in hits if not h[3]] or hits
    if pos is None:
        return min(finite, key=lambda h: h[0])
    rel = pos - s.start
    return min(finite, key=lambda h: abs(h[0] - rel))


# Russian verb classes by lemma (pymorphy3), read with the verb's tense where no pattern above matched:
# a past or short-participle form of a launch verb is launched, its perfective future is planned;
# a present form of a building verb is under construction; a past form of a stopping verb is suspended.
_RU_LAUNCH = {"запустить", "ввести", "открыть", "открыться", "построить", "пустить", "сдать", "заработать",
              "возвести", "смонтировать", "освоить"}
_RU_BUILD = {"строить", "строиться", "возводить", "возводиться", "сооружать", "монтировать", "реконструировать",
             "модернизировать", "реализовывать", "реализовываться"}
_RU_STOP = {"приостановить", "остановить", "заморозить", "прекратить"}


def _status_ru_morph(doc: Doc, s_idx: int, pos: int | None) -> tuple[str, Span] | None:
    from .lemma_ru import _parse
    s = doc.sentences[s_idx]
    found: list[tuple[int, str, int]] = []
    for t in doc.tokens[s.tok_start:s.tok_end]:
        if t.kind != "word":
            continue
        p = _parse(t.text.lower().replace("ё", "е"))
        tag = getattr(p, "tag", None)
        if tag is None or tag.POS not in ("VERB", "PRTS"):
            continue
        lemma = p.normal_form
        tense = tag.tense
        st = None
        if lemma in _RU_LAUNCH:
            st = "launched" if tag.POS == "PRTS" or tense == "past" else "planned" if tense == "futr" else None
        elif lemma in _RU_BUILD and tense == "pres":
            st = "under_construction"
        elif lemma in _RU_STOP and (tag.POS == "PRTS" or tense == "past"):
            st = "suspended"
        if st:
            found.append((t.start, st, t.end))
    if not found:
        return None
    ref = pos if pos is not None else s.start
    a, st, b = min(found, key=lambda h: abs(h[0] - ref))
    return st, Span(a, b, "STATUS", doc.text[a:b], attrs={"status": st})


def _classify_name(doc: Doc, e: Entity) -> str | None:
    after = doc.text[e.end:e.end + 40].lower()
    before = doc.text[max(0, e.start - 25):e.start].lower()
    inner = e.text.lower()
    ctx = before + " " + inner + " " + after.split(".")[0]
    if e.type:
        return e.type
    if e.label not in SUBJECT_TYPES_KK and e.label != "QUOTED":
        return None  # numbers, dates, persons, positions are never subjects
    if e.label in ("GPE", "LOCATION", "LOC"):
        if any(loc.start < e.end and e.start < loc.end for loc in doc.spans["places"]):
            return None  # the gazetteer entry (with its KATO type) stands for it
        return "region"
    if any(w in inner + " " + after[:25] for w in _ZONE_WORDS):
        return "zone"
    if any(w in after[:25] or w in inner for w in _PROGRAMME_WORDS):
        return "programme"
    if any(w in after[:20] for w in _PROJECT_WORDS):
        return "project"
    if any(w in ctx for w in _ENTERPRISE_WORDS):
        return "enterprise"
    if e.label in SUBJECT_TYPES_KK:
        return SUBJECT_TYPES_KK[e.label]
    if e.label == "QUOTED":
        return "enterprise" if any(w in after[:30] for w in _ENTERPRISE_WORDS) else None
    return None


# Unnamed plants as a last-resort subject ("шыны зауыты", "завод по производству ферросплавов").
_GENERIC_KK = re.compile(r"((?:[^\W\d_]+[ \t]+(?:зауыт|фабрика|комбинат|цех)(?:ы|і|сы|сі)(?![^\W\d_]))"
                         r"|(?:[^\W\d_]+[ \t]+(?:зауыт|фабрика|комбинат|цех)(?:ы|і|сы|сі)[^\W\d_]+)"
                         r"|(?:зауыт|фабрика|комбинат|кәсіпорын|цех)(?![^\W\d_]))", re.I)
_GENERIC_RU = re.compile(r"((?:завод|фабрик|комбинат|предприяти|цех)[^\W\d_]*(?:[ \t]+по[ \t]+"
                         r"(?:производству|выпуску|переработке)[ \t]+[^\W\d_]+)?)", re.I)

_PRIORITY = {"project": 0, "enterprise": 1, "zone": 2, "programme": 3, "organisation": 4, "product": 5,
             "settlement": 6, "district": 7, "region": 8, "country": 9}


_CURRENCY_BESIDE = re.compile(r"(?:долл\w*|dollars?)\W{0,3}$|^\W{0,3}(?:долл|dollar)", re.I)


def subject_candidates(doc: Doc, s_idx: int) -> list[dict]:
    s = doc.sentences[s_idx]
    out = []
    def currency(e) -> bool:  # "150 млн долларов США", "АҚШ доллары": the currency's country, not who invests
        return bool(_CURRENCY_BESIDE.search(doc.text[max(0, e.start - 12):e.start])
                    or _CURRENCY_BESIDE.search(doc.text[e.end:e.end + 12]))

    for e in doc.spans.get("entities", []):
        if s.start <= e.start < s.end and not currency(e):
            typ = _classify_name(doc, e)
            if typ:
                out.append({"text": e.text.strip("«»“”\"„"), "type": typ, "id": None, "_pos": e.start})
    for e in doc.spans["places"]:
        if s.start <= e.start < s.end and not currency(e):
            out.append({"text": e.text, "type": e.type, "id": None, "_pos": e.start, "_kato": e.kato})
    for m in (_GENERIC_RU if doc.lang == "ru" else _GENERIC_KK).finditer(doc.text, s.start, s.end):
        out.append({"text": m.group(1), "type": "enterprise", "id": None, "_pos": m.start(1), "_generic": True})
    low = doc.text[s.start:s.end].lower()
    for w in _ZONE_WORDS[:3]:
        k = low.find(w)
        if k >= 0:
            a = s.start + k
            out.append({"text": doc.text[a:a + len(w)], "type": "zone", "id": None, "_pos": a})
    return out


def pick_subject(cands: list[dict], q: Quantity) -> dict | None:
    if not cands:
        return None
    def key(c: dict) -> tuple[int, int]:
        dist = q.start - c["_pos"] if c["_pos"] <= q.start else 10_000 + c["_pos"] - q.start
        return (_PRIORITY.get(c["type"], 10) + (5 if c.get("_generic") else 0), dist)
    c = min(cands, key=key)
    return {"text": c["text"], "type": c["type"], "id": None}


def is_named_plant(subject: dict | None) -> bool:
    return bool(subject) and subject["type"] in ("project", "enterprise")


def location_for(doc: Doc, s_idx: int, q: Quantity) -> dict | None:
    s = doc.sentences[s_idx]
    locs = [e for e in doc.spans["places"] if s.start <= e.start < s.end and e.type != "country"]
    if locs:
        e = min(locs, key=lambda e: abs(e.start - q.start) + (0 if e.start < q.start else 500))
        return {"text": e.text, "kato": e.kato}
    return None
