"""Project records: one per plant, mine or facility that a document reports on.

A record gathers what the text says about one project: its name (the plant, not the holding),
investors/operators with their legal form and country, product, capacity, investment, jobs,
status (from the verb), planned or actual launch, region, district or city, and the zone.
Each field keeps the character span of the sentence it was read from (``evidence``), so that a
reviewer can see where it came from.

The rules are grammatical, not lexical lists of phrases:
- a project is a *facility noun* (зауыт, фабрика, цех, кешен ...; завод, фабрика, комплекс ...)
  that is not counted by a numeral ("9 жаңа цех" is an aggregate); its name is the noun phrase
  ending in it: in Kazakh the words to its left up to a case-marked word (locative, genitive,
  dative, ablative) — participles ("шығаратын"), adjectives and their objects stay in; in Russian
  adjectives to its left and a "по производству ..." complement or a quoted name to its right;
- the product is the object of the producing participle ("фосфор тыңайтқыштарын шығаратын" ->
  "фосфор тыңайтқыштары"), else the noun after the capacity figure ("240 мың тонна ферросилиций"),
  else the modifier of the facility noun ("цемент зауыты", "цементный завод");
- investors are quoted names with a legal form next to them (ЖШС, ТОО, АО, LLP ...) or named as a
  company (компаниясы, компания «...»), never the project's own quoted name;
- the launch date is a date expression in a clause with a launch verb (іске қосылады, пайдалануға
  беріледі, запустить, ввод), resolved against the document's date.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .components import component
from .context import status_of
from .doc import Doc, Entity, _clean_number
from .lemma_ru import lemma_ru, pos_ru

HEADS_KK = ("зауыт", "фабрика", "фабрикa", "цех", "комбинат", "кешен", "хаб", "элеватор", "станция", "стансы",
            "кластер", "жылыжай", "кеніш", "құбыр", "терминал", "электр станция", "орталық", "орталығ", "қойма",
            "ферма", "диірмен", "шахта", "разрез", "карьер")
HEADS_RU = ("завод", "фабрик", "цех", "комбинат", "комплекс", "центр", "гэс", "грэс", "сэс", "вэс", "тэц", "станци",
            "элеватор", "хаб", "кластер", "месторожден", "рудник", "разрез", "шахт", "порт", "водовод",
            "трубопровод", "газопровод", "терминал", "птицефабрик", "хлебозавод", "автозавод", "склад",
            "ферм", "теплиц", "хранилищ", "мельниц", "электростанц")
_RU_INNER = ("завод", "фабрик", "комбинат")  # compounds: хлебозавод, птицефабрика
LEGAL_FORMS = ("жшс", "тоо", "ао", "ақ", "ооо", "зао", "пао", "llp", "jsc", "llc", "ltd", "ип", "жк", "сп", "gmbh",
               "plc", "inc", "corp", "co")
COMPANY_WORDS = ("компания", "компани", "холдинг", "корпорац", "концерн", "тобы", "групп", "серіктест", "инвестор")
NOT_INVESTOR_AFTER = ("газет", "журнал", "сайт", "арнайы", "индустриялық", "индустриальн", "экономикалық", "особ",
                      "сэз", "аэа", "парк", "бағдарлама", "программ", "жол картас", "ұлттық")
_KK_CASE_END = re.compile(r"(?:да|де|та|те|нда|нде|дағы|дегі|тағы|тегі|ндағы|ндегі|нан|нен|дан|ден|тан|тен|ға|ге|"
                          r"қа|ке|на|не|ның|нің|дың|дің|тың|тің|мен|бен|пен|ымен|імен|ге|ға)$")
_KK_PARTICIPLE = re.compile(r"(?:атын|етін|йтын|йтін|ятын|итін|ған|ген|қан|кен|лған|лген|улы|улі)$")
_KK_ACC = re.compile(r"(?:ын|ін|ны|ні|ды|ді|ты|ті)$")
# participles of a project's state ("іске қосылған", "тоқтатылған") describe it; they are not its name
_KK_STATE_VERBS = ("қосыл", "тоқтат", "салын", "ашыл", "құрыл", "жаңғырт", "кеңейт", "берілг", "пайдалан", "аяқтал")
_KK_ADJ_IN = {"шағын", "жақын", "ұзын"}  # adjectives that end like an accusative
_STOP_KK = {"биыл", "қазір", "былтыр", "жақында", "ал", "және", "мұнда", "онда", "сондай-ақ", "бұл", "осы", "жаңа",
            "бар", "жоқ", "кеше", "бүгін", "ертең", "бүгінде", "жуырда", "таяуда", "әзірге", "енді", "сол", "сонымен",
            "алдымен", "қазірдің", "өткен", "келесі", "биылғы", "былтырғы", "ағымдағы", "қазіргі"}  # ("... жұмыс орны бар химия зауыты": a predicate ends the name)
_RU_ADJ = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ую|юю|ого|его|ому|ему|ым|им|ом|ем|ых|их|ые|ие)$")
_RU_STOP_AFTER = ("мощност", "стоимост", "которы", "ежегодно", "общей", "протяженност", "площад", "производительн",
                  "вместимост", "емкост", "пропускн", "объем")
_RU_STOP_EXACT = {"в", "на", "с", "и", "для", "где", "за", "во", "к", "до", "от", "по", "что", "а"}
_KK_AUX = ("жатқан", "тұрған", "отырған", "болатын", "болған", "болып", "жүрген")
_PRODUCING = re.compile(r"^(?:шығар|өндір|өңде|тазарт|құрастыр|тұщыт|байыт|тарт|жаса|өсір|қорыт|балқыт|"
                        r"шыға|ұқсат)\w*(?:атын|етін|йтын|йтін|ятын|ушы|уші|үші)$")  # and agent nouns: "өндіруші"
LAUNCH_KK = ("іске қосыл", "іске қос", "пайдалануға бер", "ашыл", "салып біт", "жұмысын баст", "өнім бер",
             "соңына дейін салу", "салуды аяқта", "құрылысы аяқтал")
LAUNCH_RU = ("запуст", "запуск", "ввод", "введ", "ввести", "вводить", "откры", "заверш", "начнет работ", "начнёт работ", "сдач", "сдать",
             "заработа", "пуск", "до конца")
_MONTHS_KK = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
              "қараша", "желтоқсан")
_MONTHS_RU = ("январ", "феврал", "март", "апрел", "ма[йя]", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
              "декабр")
_QUARTER = re.compile(r"\b(бірінші|екінші|үшінші|төртінші|перв\w*|втор\w*|трет\w*|четв[её]рт\w*|I{1,3}|IV|[1-4])"
                      r"(?:-?(?:ші|шы|інші|нші|й|м|го))?\s+(тоқсан\w*|квартал\w*)", re.I)
_Q_NUM = {"бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4,
          "1": 1, "2": 2, "3": 3, "4": 4, "перв": 1, "втор": 2, "трет": 3, "четв": 4}
#: a half-year, recorded as its last quarter (the deadline it states), as the import records one
_HALF = re.compile(r"(?<!\w)(перв\w*|втор\w*|бірінші|екінші|I{1,2}|[12])(?:-?(?:ші|шы|інші|нші|й|м|го))?\s+"
                   r"(?:полугоди\w*|половин\w*|жартыжылдығ\w*|жартыжылдық\w*|жартысы\w*)", re.I)
_NEXT_MONTH = re.compile(r"келесі ай|в следующем месяце|алдағы ай")
COUNTRIES = {  # adjective / genitive stems in kk and ru -> English name (a gazetteer, both scripts via translit)
    "түркия": "Turkey", "түрік": "Turkey", "турец": "Turkey", "турци": "Turkey",
    "қытай": "China", "китай": "China", "ресей": "Russia", "росси": "Russia",
    "итали": "Italy", "германи": "Germany", "герман": "Germany", "немец": "Germany", "канада": "Canada",
    "канадск": "Canada", "корея": "South Korea", "корей": "South Korea", "жапон": "Japan", "япон": "Japan",
    "үнді": "India", "индий": "India", "инди": "India", "өзбек": "Uzbekistan", "узбек": "Uzbekistan",
    "франц": "France", "француз": "France", "британ": "United Kingdom", "ағылшын": "United Kingdom",
    "америка": "United States", "американ": "United States", "ақш": "United States", "сша": "United States",
    "нидерланд": "Netherlands", "голланд": "Netherlands", "испан": "Spain", "польш": "Poland", "поль": "Poland",
    "біріккен араб": "United Arab Emirates", "бае": "United Arab Emirates", "оаэ": "United Arab Emirates",
    "эмират": "United Arab Emirates", "сауд": "Saudi Arabia", "катар": "Qatar", "қатар": "Qatar",
    "иран": "Iran", "беларус": "Belarus", "белорус": "Belarus", "австри": "Austria", "чех": "Czech Republic",
    "швейцар": "Switzerland", "финлянд": "Finland", "фин": "Finland", "дания": "Denmark", "дат": "Denmark",
    "швец": "Sweden", "швед": "Sweden", "сингапур": "Singapore", "малайз": "Malaysia", "израил": "Israel",
}
_COUNTRY_END_KK = re.compile(r"(?:лық|лік|дық|дік|тық|тік|ның|нің|дың|дің|тың|тің)$")


@lru_cache(maxsize=1 << 16)
def _is_head(word: str, lang: str) -> str | None:
    w = word.lower().replace("ё", "е")
    if lang == "ru":
        for h in HEADS_RU:
            if w.startswith(h) and len(w) - len(h) <= 4:
                return h
        for h in _RU_INNER:
            k = w.find(h)
            if k > 2 and len(w) - k - len(h) <= 3:
                return h
        return None
    for h in HEADS_KK:
        if w.startswith(h) and len(w) - len(h) <= 8 and not w.startswith(("цехтер", "зауыттар", "фабрикалар")) \
                and not re.search(r"(?:лар|лер|тар|тер|дар|дер)", w[len(h):]):
            return h
    return None


@lru_cache(maxsize=50_000)
def _parses(w: str) -> tuple:
    """All dictionary parses of a lower-case Russian word (cached), or () without the dictionary."""
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or not hasattr(an, "parse"):
        return ()
    try:
        return tuple(an.parse(w))
    except Exception:  # noqa: BLE001 - a dictionary quirk must not lose the record
        return ()


@lru_cache(maxsize=50_000)
def _is_unit_word(w: str) -> bool:
    """A scale word, a one-word unit, or the second word of a two-word length unit ("шаршы метр")."""
    from .numbers import scale_of
    from .units import UNIT_PATTERNS, patterns_from, token_matches
    return bool(scale_of(w)) or any(len(UNIT_PATTERNS[k][0]) == 1 for k in patterns_from(w)) \
        or any(token_matches(m, w) for m in ("метр", "шақырым")
               if any(len(p) == 2 and p[1] == m for p, *_ in UNIT_PATTERNS))


def _possessive(base: str) -> str:
    """Kazakh 3rd-person possessive: зауыт -> зауыты, фабрика -> фабрикасы, кешен -> кешені, орталық -> орталығы."""
    vowels = [c for c in base if c in "аәеиоөуұүыіэяю"]
    front = bool(vowels) and vowels[-1] in "әеіөүэи"
    if base[-1] in "аәеиоөуұүыіэяю":
        return base + ("сі" if front else "сы")
    if base.endswith("қ"):
        base = base[:-1] + "ғ"
    elif base.endswith("к"):
        base = base[:-1] + "г"
    elif base.endswith("п"):
        base = base[:-1] + "б"
    return base + ("і" if front else "ы")


def _kk_nominative(word: str, compound: bool = True) -> str:
    """Accusative to nominative for a product word: "тыңайтқыштарын" -> "тыңайтқыштары", "сүтті" -> "сүт".
    The accusative -ын/-ін follows a possessive, which a product word takes only as the head of a compound
    ("фосфор тыңайтқыштарын", "қус етін"); a lone word ending so is a nominative ("алтын")."""
    w = word
    if compound and re.search(r"(?:ы|і)н$", w) and len(w) >= 4:
        return w[:-1]  # (a lone "-сын" is no possessive accusative either: "қорғасын" is lead)
    m = re.search(r"(?:ны|ні|ды|ді|ты|ті)$", w)
    if m and (len(w) > 4 or w[-3] in "уюй"):  # "суды": the accusative of "су"
        return w[:-2]
    return w


def _ru_nominative_head(word: str, head: str) -> str:
    w = word.lower()
    if head in ("фабрик", "станци", "шахт", "птицефабрик") or w.endswith(("фабрику", "фабрики", "фабрикой", "фабрике")):
        stem = w.rstrip("уеиоыйя")
        return stem + ("я" if stem.endswith("ци") else "а")
    if head in ("гэс", "грэс", "сэс", "вэс", "тэц"):
        return word
    if head == "месторожден":
        return "месторождение"
    return re.sub(r"(?:ом|ами|ах|ам|ов|а|у|е|ы)$", "", w)


def _ru_morph_gen_to_nom(words: list[str]) -> str | None:
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or not hasattr(an, "parse"):
        return None
    out = []
    try:
        parses = [next((x for x in _parses(w.lower()) if "gent" in x.tag and x.tag.POS in ("NOUN", "ADJF", "PRTF")),
                       None) for w in words]
        if any(p is None for p in parses):
            return None
        # adjectives agree with the noun after them ("листового стекла" -> "листовое стекло", not "листовой")
        noun = next((p for p in reversed(parses) if p.tag.POS == "NOUN"), None)
        for p in parses:
            number = "plur" if "plur" in p.tag else "sing"
            wanted = {"nomn", number}
            if p.tag.POS != "NOUN" and noun is not None and number == "sing" and noun.tag.gender:
                wanted.add(noun.tag.gender)
            f = p.inflect(wanted) or p.inflect({"nomn", number})
            if f is None:
                return None
            out.append(f.word.replace("ё", "е"))
    except Exception:  # noqa: BLE001
        return None
    return " ".join(out)


def _ru_plural_genitive(toks, b: int, end: int, loc_starts) -> bool:
    """An adjective and a noun in the genitive plural right after the head ("минеральных удобрений")."""
    if b + 1 >= end or toks[b].kind != "word" or toks[b + 1].kind != "word" or toks[b].start in loc_starts:
        return False
    a, n = toks[b].text, toks[b + 1].text
    if a[:1].isupper() or n[:1].isupper():
        return False
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or not hasattr(an, "parse"):
        return False
    try:
        pa = _parses(a.lower())
        pn = _parses(n.lower())
        adj = any(x.tag.POS in ("ADJF", "PRTF") and "gent" in x.tag and "plur" in x.tag for x in pa)
        noun = any(x.tag.POS == "NOUN" and "gent" in x.tag and "plur" in x.tag for x in pn)
        return adj and noun
    except Exception:  # noqa: BLE001
        return False


def _ru_plural_genitive_noun(w: str) -> bool:
    """A common noun whose every dictionary parse is a genitive plural ("металлоконструкций", "удобрений")."""
    ps = [p for p in _parses(w) if p.score > 0.05]
    return bool(ps) and len(w) > 4 and all(p.tag.POS == "NOUN" and "gent" in p.tag and "plur" in p.tag
                                           and "anim" not in p.tag for p in ps)


@lru_cache(maxsize=50_000)  # (inflecting builds a word's whole paradigm: slow)
def _ru_morph_head(word: str) -> tuple[str | None, str | None]:
    """The head noun's nominative singular and gender from the dictionary ("фермы" -> "ферма", femn)."""
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or not hasattr(an, "parse"):
        return None, None
    try:
        p = next((x for x in _parses(word.lower()) if x.tag.POS == "NOUN"), None)
        if p is None:
            return None, None
        nom = p.inflect({"nomn", "sing"}) or p
        return nom.word.replace("ё", "е"), nom.tag.gender
    except Exception:  # noqa: BLE001 - a dictionary quirk must not lose the record
        return None, None


@lru_cache(maxsize=50_000)  # (inflecting builds a word's whole paradigm: slow)
def _ru_morph_adj(word: str, gender: str | None) -> str | None:
    """An adjective or participle before the head, in the nominative agreeing with it."""
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or gender is None or "-" in word:
        return None
    try:
        p = next((x for x in _parses(word.lower()) if x.tag.POS in ("ADJF", "PRTF")), None)
        if p is None:
            return None
        f = p.inflect({"nomn", "sing", gender})
        return f.word.replace("ё", "е") if f else None
    except Exception:  # noqa: BLE001
        return None


def _ru_adj_nominative(word: str, fem: bool, neut: bool = False) -> str:
    w = word.lower()
    m = re.match(r"(.*?)(ый|ий|ой|ая|яя|ое|ее|ую|юю|ого|его|ому|ему|ым|им|ом|ем|ой|ей)$", w)
    if not m:
        return w
    stem = m.group(1)
    if fem:
        return stem + "ая"
    if neut:
        return stem + "ое"
    return stem + ("ий" if stem[-1:] in "кгхжшчщ" else "ый")


class _Mention:
    def __init__(self, head_tok: int, start_tok: int, end_tok: int, head: str):
        self.head_tok, self.start_tok, self.end_tok, self.head = head_tok, start_tok, end_tok, head


_WEAK_KK = ("кәсіпорын", "кәсіпорн")
_WEAK_RU = ("производств", "предприяти")


_ZONE_HEADS = ("зон", "парк", "аймақ", "аймағ")
_ZONE_MODIFIERS = ("индустри", "промышлен", "экономи", "технолог")


def _weak_head(word: str, lang: str, prev: str = "") -> str | None:
    """Enterprise words name the project only where no plant noun does ("уран өндіруші кәсіпорын",
    "электролизное производство водорода"); elsewhere they refer back to it. So does a zone or park, kept
    only while it is being planned or built ("жаңа индустриялық аймақ құрылады")."""
    w = word.lower()
    if prev.lower().startswith(_ZONE_MODIFIERS) and w.startswith(_ZONE_HEADS) and len(w) <= 9:
        return "zone"
    for h in (_WEAK_RU if lang == "ru" else _WEAK_KK):
        if w.startswith(h) and len(w) - len(h) <= (3 if lang == "ru" else 6) and not re.search(r"(?:лар|лер|тар|тер)", w):
            return h
    return None


def _mentions(doc: Doc, weak: bool = False) -> list[_Mention]:
    toks = doc.tokens
    loc_starts = {e.start for e in doc.spans["places"]}
    loc_spans = [(e.start, e.end) for e in doc.spans["places"]]
    quoted = [(e.start, e.end) for e in doc.spans.get("entities", []) if e.label == "QUOTED"]
    out: list[_Mention] = []
    for k, t in enumerate(toks):
        if t.kind != "word":
            continue
        head = _weak_head(t.text, doc.lang, toks[k - 1].text if k else "") if weak else _is_head(t.text, doc.lang)
        if head and weak and k > 0 and (toks[k - 1].text.lower() in ("в", "во", "на")
                                        or (doc.lang != "ru" and t.text.lower().endswith(("да", "де", "та", "те")))):
            continue  # "на предприятии работают ...", "кәсіпорында": where, not which project
        if not head and not weak and doc.lang != "ru" and k > 0 and t.text.lower().startswith("орн") \
                and toks[k - 1].text.lower() == "кен":
            head = "кен орн"  # a deposit: "алтын кен орны"
        if not head:
            continue
        if any(a <= t.start < b for a, b in quoted) or any(a <= t.start < b for a, b in loc_spans):
            continue  # inside a company name or a place name ("Орталық Қазақстан")
        if doc.lang == "ru" and out and out[-1].start_tok <= k < out[-1].end_tok:
            continue  # the complement of a plant named already: "цех металлургического комбината"
        if doc.lang == "ru" and not weak and _RU_ADJ.search(t.text.lower()) and k + 1 < len(toks) \
                and toks[k + 1].kind == "word" and _is_head(toks[k + 1].text, "ru"):
            continue  # an adjective of a plant noun before another: "элеваторный комплекс" is one project
        s = doc.sentences[doc.sentence_of_token(k)]
        if doc.lang != "ru" and k + 1 < s.tok_end and toks[k + 1].kind == "word" \
                and _PRODUCING.search(toks[k + 1].text.lower()):
            continue  # the object of a producing participle is a product: "болат құбыр шығаратын зауыт"
        if doc.lang != "ru" and not weak and t.text.lower() in HEADS_KK and k + 1 < s.tok_end \
                and toks[k + 1].kind == "word" and _is_head(toks[k + 1].text, doc.lang):
            continue  # a bare plant noun before another modifies it: "диірмен кешені" is one project
        a = k
        # counted by a numeral: an aggregate ("9 жаңа цех", "23 завода"), not one project
        prev = [x for x in toks[max(s.tok_start, k - 3):k]]
        if any(p.kind == "num" for p in prev[-2:]) and not any(p.text in ("«", "»") for p in prev):
            if not (doc.lang != "ru" and prev and prev[-1].kind == "word" and prev[-1].text.lower().endswith(("лық", "лік"))):
                continue
        if doc.lang == "ru":
            while a > s.tok_start and toks[a - 1].kind == "word" and _RU_ADJ.search(toks[a - 1].text.lower()) \
                    and pos_ru(toks[a - 1].text.lower()) in ("ADJF", "PRTF", "") and (not toks[a - 1].text[:1].isupper() or toks[a - 1].start == s.start) and k - a < 3 \
                    and toks[a - 1].start not in loc_starts:  # (a capital only at the sentence's start: "Обувная фабрика")
                a -= 1
            if a == k and a > s.tok_start and toks[a - 1].text.lower() in ("новый", "новая"):
                a -= 1
            b = k + 1
            if b < s.tok_end and toks[b].text == "«":
                while b < s.tok_end and toks[b].text != "»":
                    b += 1
                b = min(b + 1, s.tok_end)
            elif b + 1 < s.tok_end and toks[b].text.lower() == "по":
                b += 1
                n_words = 0
                while b < s.tok_end and toks[b].kind == "word" and n_words < 4 \
                        and not (n_words and pos_ru(toks[b].text.lower()) in ("VERB", "INFN", "PRTS", "ADVB")) \
                        and not toks[b].text.lower().startswith(_RU_STOP_AFTER) and toks[b].text.lower() not in _RU_STOP_EXACT \
                        and toks[b].text.lower() not in LEGAL_FORMS and not toks[b].text.isupper() \
                        and toks[b].start not in loc_starts:
                    b += 1
                    n_words += 1
            else:
                # a genitive complement: "завод сельхозтехники", "цех металлургического комбината" (one or two words)
                if b < s.tok_end and toks[b].kind == "word" and not toks[b].text[:1].isupper() \
                        and (toks[b].text.lower().endswith(("ки", "ии", "ов", "ого", "ой", "ей"))
                             or _ru_plural_genitive_noun(toks[b].text.lower())) \
                        and not toks[b].text.lower().startswith(_RU_STOP_AFTER) and toks[b].start not in loc_starts \
                        and toks[b].text.lower() not in _RU_STOP_EXACT:
                    b += 1
                    if toks[b - 1].text.lower().endswith(("ого", "ой", "ей")) and b < s.tok_end \
                            and toks[b].kind == "word" and toks[b].text[:1].islower() \
                            and toks[b].text.lower() not in _RU_STOP_EXACT and toks[b].start not in loc_starts:
                        b += 1  # an adjective takes its noun: "цех металлургического комбината"
                elif _ru_plural_genitive(toks, b, s.tok_end, loc_starts):
                    b += 2  # "завод минеральных удобрений": what the plant makes, a plural genitive
        else:
            if head == "кен орн":
                a = k - 1
            while a > s.tok_start and k - a < 5:
                p = toks[a - 1]
                w = p.text.lower()
                if p.text == "»":  # a quoted name of the plant: «Балқаш Шыны» зауыты
                    j = a - 1
                    while j > s.tok_start and toks[j].text != "«":
                        j -= 1
                    a = j
                    break
                if p.kind != "word" or p.start in loc_starts or any(e0 <= p.start < e1 for e0, e1 in loc_spans):
                    break
                if w in _STOP_KK or w.startswith(_KK_AUX) or w in LEGAL_FORMS or (w.startswith("жыл") and w not in HEADS_KK) \
                        or (w.startswith(_KK_STATE_VERBS) and w.endswith(("ған", "ген", "қан", "кен"))) \
                        or w.startswith(COMPANY_WORDS) \
                        or _is_unit_word(w) or (a - 2 >= s.tok_start and toks[a - 2].kind == "num"):
                    break
                if _KK_CASE_END.search(w) and not _KK_PARTICIPLE.search(w) and w not in HEADS_KK and not (
                        w == p.text and a < k and _PRODUCING.search(toks[a].text.lower())):
                    break  # (a lower-case word right before a producing participle is its object: "мақта өңдейтін")
                if len(w) > 3 and _KK_ACC.search(w) and not _KK_PARTICIPLE.search(w) and w not in _KK_ADJ_IN:
                    # an object belongs in only before a participle or verbal noun ("тыңайтқыштарын
                    # шығаратын", "кенін байыту")
                    nxt = toks[a].text.lower() if a < k else ""
                    nxt2 = toks[a + 1].text.lower() if a + 1 < k else ""

                    def verbal(x: str) -> bool:
                        return bool(_KK_PARTICIPLE.search(x)) or x.endswith(("у", "ю"))
                    if a == k or (re.search(r"(?:ды|ді|ты|ті)$", w) and nxt and not verbal(nxt)
                                  and not _kk_case_word(nxt) and nxt not in _KK_ADVERB and not _KK_ACC.search(nxt)
                                  and nxt not in ("бар", "жоқ") and not _KK_VERB_FORM.search(nxt)):
                        pass  # no object before a noun: a modifier ("шыны зауыты", "минералды тыңайтқыштар зауыты")
                    elif not (a < k and (verbal(nxt) or _KK_ACC.search(nxt) or nxt == "қайта"
                                         or (nxt in _KK_ADVERB and verbal(nxt2)))):
                        break  # ("жүгеріні терең өңдейтін": an adverb between the object and its verb)
                if p.text[:1].isupper() and p.start == s.start and not _KK_PARTICIPLE.search(w) \
                        and not (a == k and w.isalpha() and w not in _KK_NOT_PRODUCT):
                    break  # a sentence-initial word is rarely part of the name (but the noun right before the
                    # head is: "Шыны зауыты 2027 жылы іске қосылады"; time words stop it first, ``_STOP_KK``)
                a -= 1
            b = k + 1
        out.append(_Mention(k, a, b, head))
    return out


def _name(doc: Doc, m: _Mention) -> str:
    toks = doc.tokens
    words = [t for t in toks[m.start_tok:m.end_tok]]
    if doc.lang == "ru":
        head_t = toks[m.head_tok]
        fem = m.head in ("фабрик", "станци", "шахт", "птицефабрик", "гэс", "грэс", "сэс", "вэс", "тэц")
        neut = m.head in ("месторожден",)
        head_nom, gender = _ru_morph_head(head_t.text) if head_t.text.lower() == head_t.text else (None, None)
        if gender:
            fem, neut = gender == "femn", gender == "neut"
        parts = []
        for t in words:
            if t is head_t:
                parts.append(head_nom or (_ru_nominative_head(t.text, m.head) if t.text.lower() == t.text else t.text))
            elif toks.index(t) < m.head_tok and t.kind == "word":
                parts.append(_ru_morph_adj(t.text, gender) or _ru_adj_nominative(t.text, fem, neut))
            else:
                parts.append(t.text)
        return _join(doc, toks[m.start_tok:m.end_tok], parts)
    parts = []
    for n, t in enumerate(words):
        idx = m.start_tok + n
        if idx == m.head_tok and m.head == "кен орн":
            parts.append("орны")
        elif idx == m.head_tok:
            base = t.text.lower()
            head = m.head
            stem = base[:len(head)] if base.startswith(head) else base
            prev = words[n - 1].text.lower() if n > 0 else ""
            noun_before = n > 0 and (words[n - 1].text == "»" or not (_KK_PARTICIPLE.search(prev) or _PRODUCING.search(prev)
                                     or prev.endswith(("лық", "лік", "дық", "дік", "тық", "тік")) or prev in ("шағын", "ірі", "жаңа")))
            if stem == "орталығ":
                stem = "орталық"
            parts.append(_possessive(stem) if noun_before else stem)
        elif idx < m.head_tok and n + 1 < len(words) and _PRODUCING.search(words[n + 1].text.lower()) is None \
                and _KK_ACC.search(t.text.lower()) and not _KK_PARTICIPLE.search(t.text.lower()):
            parts.append(t.text)
        else:
            parts.append(t.text)
    return _join(doc, words, parts)


def _join(doc: Doc, toks, parts: list[str]) -> str:
    out = ""
    for n, (t, p) in enumerate(zip(toks, parts)):
        if n and doc.text[toks[n - 1].end:t.start]:
            out += " "
        out += p
    return out.strip()


#: a zone's or park's noun right before its quoted name (Russian order: "в индустриальной зоне «Оңтүстік»",
#: "СЭЗ «Хоргос»"); the Kazakh order puts it after the name ("«Оңтүстік» индустриялық аймағы")
ZONE_BEFORE = re.compile(r"(?<!\w)(зон[аеуыой]\w*|парк\w*|технопарк\w*|сэз|аэа|из|миз)\s*$")

GENERIC_PRODUCT = ("өнім", "продукц", "товар", "тауар", "шикізат", "сырь")


def product_name(phrase: str, lang: str) -> str:
    """What a figure is of, as a product's name: a Russian genitive noun phrase after the figure
    ("ферросплавов", "медной катанки", "мяса птицы") in the nominative ("ферросплавы", "медная катанка",
    "мясо птицы": a genitive complement after the head noun stays); a Kazakh one is nominative already
    ("мақта талшығы"). For a figure in a spreadsheet cell (the import's capacity column)."""
    words = phrase.split()
    if lang != "ru" or not words or len(words) > 6:
        return phrase
    head = next((i for i, w in enumerate(words) if any(p.tag.POS == "NOUN" for p in _parses(w.lower())[:1])),
                len(words) - 1)
    return " ".join([_ru_gen_to_nom(words[:head + 1]), *words[head + 1:]])


def _ru_gen_to_nom(words: list[str]) -> str:
    """Genitive noun phrase to nominative, by endings: "медной фольги" -> "медная фольга",
    "газобетонных блоков" -> "газобетонные блоки", "синтетического каучука" -> "синтетический каучук".
    With the dictionary, each word is inflected from its genitive parse ("минеральных удобрений")."""
    morph = _ru_morph_gen_to_nom(words)
    if morph:
        return morph
    out = []
    kind = None
    for w in words:
        lw = w.lower()
        if re.search(r"(ой|ей)$", lw) and kind is None and len(words) > 1 and lw is not words[-1].lower():
            out.append(lw[:-2] + "ая")
            kind = "f"
        elif re.search(r"(ого|его)$", lw) and kind is None:
            out.append(lw[:-3] + ("ий" if lw[-4:-3] in "кгхжшчщ" else "ый"))
            kind = "m"
        elif re.search(r"(ых|их)$", lw) and kind is None:
            out.append(lw[:-2] + ("ие" if lw[-3:-2] in "кгхжшчщн" and lw.endswith("их") else "ые"))
            kind = "p"
        elif kind == "f" or (kind is None and re.search(r"(ки|ги|хи)$", lw)):
            out.append(re.sub(r"[иы]$", "а", lw))
        elif kind == "p" or re.search(r"(ов|ев)$", lw):
            out.append(re.sub(r"(ов|ев)$", "и" if re.search(r"[кгх](ов|ев)$", lw) else "ы", lw) if re.search(r"(ов|ев)$", lw)
                       else re.sub(r"(ий)$", "ии", lw) if lw.endswith("ий") else lw + ("ы" if not lw.endswith(("ы", "и")) else ""))
        elif kind == "m" or re.search(r"[^аеиоуыэюя]а$", lw):
            out.append(lw[:-1] if lw.endswith("а") else lw)
        elif lw.endswith("ций") or lw.endswith("зий"):
            out.append(lw[:-1] + "и")
        else:
            out.append(lw)
    return " ".join(out)


def _product(doc: Doc, m: _Mention, facts_of: list, own: set[int] | None = None) -> str | None:
    """What the plant makes, as a nominative noun phrase (see the module's docstring). In order: the object of
    the producing participle or the "по производству ..." complement; else the noun phrase counted by a capacity
    or output figure and the facility noun's modifier ("күкірт қышқылы зауыты", "цементный завод"), the more
    specific of the two; else the object of a production noun ("болат өндіру", "выпуск свинца"); else, for a
    power station, electricity."""
    got = _product_phrase(doc, m, facts_of, own)
    return _kk_item_plural(got) if got and doc.lang != "ru" else got


def _product_phrase(doc: Doc, m: _Mention, facts_of: list, own: set[int] | None = None) -> str | None:
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(m.head_tok)]
    lo = max(s.tok_start, m.start_tok - 6)
    words = toks[lo:m.head_tok]
    if doc.lang != "ru":
        for n in range(len(words) - 1, 0, -1):
            t = words[n]
            if _PRODUCING.search(t.text.lower()):
                obj = _kk_object(doc, words[:n])
                if obj:
                    return _kk_made_from(doc, obj, _kk_verb_stem(t.text.lower()), facts_of)
        vn = _kk_verbal_noun(doc, m)
        if vn is not None and vn[1].startswith(_KK_TRANSFORMING):
            # "мырыш байыту фабрикасы", "су тазарту станциясы": what the plant turns its input into
            return _kk_made_from(doc, vn[0], vn[1], facts_of)
    else:
        # "завод по производству карбоната лития" -> the words after the verbal noun
        after = toks[m.head_tok + 1:m.end_tok]
        enriched = _ru_concentrate(doc, m)
        if enriched:
            return enriched
        if m.head == "производств":  # "производство водорода": what is produced follows in the genitive
            np = _ru_np(toks, m.head_tok + 1, s.tok_end)
            if np:
                return np
        if len(after) >= 3 and after[0].text.lower() == "по":
            processed = _ru_processing_products(after)
            if processed:
                return processed
            np = _ru_np(toks, m.head_tok + 3, m.end_tok)
            if np:
                return np
            ws = [t.text for t in after[2:] if t.kind == "word"]
            if ws:
                return _ru_gen_to_nom(ws)
        if len(after) == 2 and _ru_plural_genitive(toks, m.head_tok + 1, m.end_tok, set()):
            return _ru_np(toks, m.head_tok + 1, m.end_tok) or _ru_gen_to_nom([t.text for t in after])
        if after and after[0].kind == "word" and after[0].text[:1].islower() and after[-1].kind == "word" \
                and not _is_head(after[-1].text, "ru") and not after[-1].text.lower().startswith(_RU_NOT_COMPLEMENT) \
                and not after[0].text.lower().startswith(_RU_NOT_COMPLEMENT) \
                and not any(lemma_ru(t.text.lower()) in _RU_NOT_PRODUCT for t in after):
            np = _ru_np(toks, m.head_tok + 1, m.end_tok)  # "завод сельхозтехники", "завод ферросплавов"
            if np:
                return np
    head = toks[m.head_tok].text.lower()
    if m.head in ("гэс", "грэс", "сэс", "вэс", "тэц") or head.startswith("электростанц") \
            or (m.head in ("станция", "стансы", "станци") and any(
                toks[k].text.lower().startswith(("электр", "електр", "энерг", "енерг")) for k in range(max(s.tok_start, m.start_tok - 1), m.head_tok))):
        return "электроэнергия" if doc.lang == "ru" else "электр энергиясы"  # a power station makes electricity
    cap, cap_sent, raw = None, None, False
    head_sent = (s.start, s.end)
    for f in sorted(facts_of, key=lambda f: tuple(f.sentence) != head_sent):
        if f.measure in ("capacity", "output_volume") and f.unit in ("t", "unit", "l", "MWh"):
            cap = _figure_noun(doc, f)
            if cap:
                cap_sent = tuple(f.sentence)
                raw = _processing_clause(doc, f)  # "перерабатывать 3 тыс. тонн свеклы": what goes in
                break
    mod = _kk_modifier(doc, m) if doc.lang != "ru" else _ru_modifier(doc, m)
    if cap is None and doc.lang == "ru" and any(_counts_generic_product(doc, f) for f in facts_of):
        adj = _ru_relational_adj(doc, m)  # "рыбоперерабатывающий цех на 10 тонн продукции": fish products
        if adj:
            return f"{adj} продукция"
    if cap and mod and raw:
        return mod  # "сахарный завод ... перерабатывать свеклу", "қант зауыты ... қызылша өңдейді": the plant's own word
    if cap and mod and doc.lang != "ru" and cap.lower() in _KK_GENERIC_MATERIAL:
        return f"{mod} {_possessive(cap.lower())}"  # "марганец кеніші ... 600 мың тонна кен": "марганец кені"
    if cap and mod:
        cw, dw = cap.lower().split(), mod.lower().split()
        if (doc.lang == "ru" and cw[-1].startswith(dw[-1][:max(3, len(dw[-1]) - 1)])) \
                or (doc.lang != "ru" and all(w in cw for w in dw)):
            return cap  # "қус етін" over "қус", "грузовые вагоны" over "вагон"
        if all(w in dw for w in cw) or (doc.lang != "ru" and cap.lower() in mod.lower()):
            return mod  # "күкірт қышқылы" over "қышқыл"
        return cap if doc.lang != "ru" or cap_sent == head_sent else mod  # the figure's noun is the more specific
    if cap or mod:
        return cap or mod
    return _production_noun(doc, sorted(own) if own else [doc.sentence_of_token(m.head_tok)])


_PROCESSING = ("перерабат", "переработ", "обрабат", "өңде", "өңдей", "сақта")


def _processing_clause(doc: Doc, f) -> bool:
    s = doc.sentences[doc.sentence_of_token(f.tok_start)]
    words = [t.text.lower() for t in doc.tokens[max(s.tok_start, f.tok_start - 4):min(s.tok_end, f.tok_end + 4)]]
    return any(w.startswith(_PROCESSING) for w in words)


def _ru_processing_products(after) -> str | None:
    """"завод по глубокой переработке пшеницы" -> "продукты глубокой переработки пшеницы": a processing plant
    makes the products of processing what it takes in."""
    words = [t for t in after[1:] if t.kind == "word"]
    k = next((i for i, t in enumerate(words) if t.text.lower().startswith(("переработк", "обработк"))), None)
    if k is None or k + 1 >= len(words) or k > 2:
        return None
    adjs = []
    for t in words[:k]:
        p = next((x for x in _parses(t.text.lower()) if x.tag.POS in ("ADJF", "PRTF")), None)
        g = p.inflect({"gent", "sing", "femn"}) if p is not None else None
        if g is None:
            return None
        adjs.append(g.word)
    noun = words[k].text.lower()
    noun = noun[:-1] + "и" if noun.endswith(("е", "у")) else noun
    rest = [t.text for t in words[k + 1:k + 3]]
    return " ".join(["продукты"] + adjs + [noun] + rest)


_KK_ADVERB = {"терең", "қайта", "кешенді", "толық", "жыл", "сайын", "тәулігіне", "жылына", "бірге"}
_KK_NOT_PRODUCT = {"жаңа", "шағын", "ірі", "заманауи", "қазіргі", "бұрынғы", "бірінші", "екінші", "үшінші", "төртінші",
                   "өндірістік", "өнеркәсіптік", "отандық", "жеке", "мемлекеттік", "жалпы", "негізгі", "осы", "бұл"}
_KK_VOICELESS = set("кқпстшфхцчщ")
_KK_VOWELS = set("аәеиоөуұүыіэюя")


def _kk_case_word(w: str) -> bool:
    """A case-marked word by its ending, with the suffix's first consonant agreeing with the stem's last sound
    (dative -ға/-ге after a vowel or a voiced consonant, -қа/-ке after a voiceless one, and so on): "резеңке" is
    no dative (резең + ке would be "резеңге")."""
    m = _KK_CASE_END.search(w)
    if not m:
        return False
    suf = m.group(0)
    stem = w[:-len(suf)]
    if len(stem) < 2:
        return False
    last = stem[-1]
    first = suf[0]
    if first in "тқк" and suf not in ("тың", "тің"):
        return last in _KK_VOICELESS  # -та/-те/-тан/-тен/-қа/-ке after a voiceless consonant only
    if first in "дғг" and suf not in ("дың", "дің"):
        return last not in _KK_VOICELESS
    return True


def _kk_object(doc: Doc, words) -> str | None:
    """The object of a producing participle from the words before it: "фосфор тыңайтқыштарын" ->
    "фосфор тыңайтқыштары"; an adverb between object and verb is left out ("жүгеріні терең өңдейтін")."""
    places = {e.start for e in doc.spans["places"]}
    ws = list(words)
    while ws and ws[-1].kind == "word" and ws[-1].text.lower() in _KK_ADVERB:
        ws.pop()
    obj = []
    for w in reversed(ws):
        lw = w.text.lower()
        if w.kind != "word" or lw in LEGAL_FORMS or lw.startswith(_KK_AUX) or w.start in places \
                or (obj and (_kk_case_word(lw) or lw in _STOP_KK or _is_unit_word(lw))):
            break
        obj.insert(0, w.text)
        if len(obj) >= 4:
            break
    if not obj:
        return None
    obj[-1] = _kk_nominative(obj[-1], compound=len(obj) > 1)
    return " ".join(obj)


#: verbs whose object goes in and comes out changed: processing makes products of it, enrichment a concentrate,
#: purifying and desalinating the treated thing ("сүт өңдейтін" -> "сүт өнімдері", "мыс кенін байыту" -> "мыс
#: концентраты", "суды тазартатын" -> "тазартылған су")
_KK_PROCESSING = ("өңде", "ұқсат")
_KK_TRANSFORMING = _KK_PROCESSING + ("байыт", "тазарт", "тұщыт")
#: nouns of a raw material that a mine or plant names only together with what it is of ("марганец кені")
_KK_GENERIC_MATERIAL = {"кен", "руда"}


def _kk_verb_stem(word: str) -> str:
    """The verb stem of a participle, agent noun or verbal noun: "тазартатын" -> "тазарт", "байыту" -> "байыт"."""
    return re.sub(r"(?:атын|етін|йтын|йтін|ятын|итін|ытын|ітін|ушы|уші|үші|у|ю)$", "", word)


def _kk_passive_participle(stem: str) -> str:
    """"тазарт" -> "тазартылған", "өңде" -> "өңделген" (vowel harmony by the stem's last vowel)."""
    vowels = [c for c in stem if c in _KK_VOWELS]
    front = bool(vowels) and vowels[-1] in "әеіөүэи"
    link = "л" if stem[-1:] in _KK_VOWELS else ("іл" if front else "ыл")
    return stem + link + ("ген" if front else "ған")


def _kk_made_from(doc: Doc, obj: str, stem: str, facts_of: list) -> str:
    """What a plant makes from the object of its verb: the object itself for verbs of making ("цемент
    шығаратын"); for a verb that changes its object, the product of that change (see _KK_TRANSFORMING) —
    unless, for processing, an output figure names what comes out ("сүт өңдейтін зауыт жылына 5 мың тонна
    ірімшік шығарады")."""
    if not stem.startswith(_KK_TRANSFORMING):
        return obj
    words = obj.split()
    if stem.startswith("байыт"):
        if words and words[-1].lower().startswith(tuple(_KK_GENERIC_MATERIAL)):
            words = words[:-1]  # "хром кенін байыту": the ore of chromium gives chromium concentrate
        return " ".join(words + ["концентраты"]) if words else "концентрат"
    if stem.startswith(("тазарт", "тұщыт")):
        return f"{_kk_passive_participle(stem)} {obj}"
    for f in facts_of:
        if f.measure in ("capacity", "output_volume") and f.unit in ("t", "unit", "l") and not _processing_clause(doc, f):
            noun = _figure_noun(doc, f)
            if noun and noun.split()[0].lower() != words[0].lower() and noun.lower() not in _KK_GENERIC_MATERIAL:
                return noun
    if any(w.lower().startswith(("өнім", "бұйым")) for w in words):
        return obj
    return f"{obj} өнімдері"


#: heads of product names that count things, not a material: named in the plural ("болат шар" -> "болат шарлар",
#: "макарон өнімі" -> "макарон өнімдері"); mass nouns (цемент, шыны, кірпіш as a material) stay singular
_KK_ITEM_NOUNS = ("өнім", "бұйым", "шар", "конструкция", "материал", "тыңайтқыш", "құбыр", "блок", "панель", "плита",
                  "бөлшек", "тетік", "аккумулятор", "батарея", "вагон", "автобус", "трактор", "комбайн", "автомобиль",
                  "машина", "таблетка", "қорытпа", "профиль", "контейнер", "қаптама", "бөтелке", "шина", "құрылғы",
                  "аспап", "модуль", "трансформатор", "тақта", "сауыт", "элемент")


def _kk_plural_suffix(base: str) -> str:
    vowels = [c for c in base if c in _KK_VOWELS]
    front = bool(vowels) and vowels[-1] in "әеіөүэи"
    last = base[-1:]
    if last in _KK_VOWELS or last in "руй":
        c = "л"
    elif last in "лмнңзж":
        c = "д"
    else:
        c = "т"
    return c + ("ер" if front else "ар")


def _kk_item_plural(phrase: str) -> str:
    """The last word of a Kazakh product name in the plural when it names items (_KK_ITEM_NOUNS), keeping its
    possessive: "болат шар" -> "болат шарлар", "макарон өнімі" -> "макарон өнімдері"."""
    words = phrase.split()
    w = words[-1]
    lw = w.lower()
    for base in _KK_ITEM_NOUNS:
        if lw == base:
            words[-1] = w + _kk_plural_suffix(base)
        elif lw == _possessive(base):
            plural = base + _kk_plural_suffix(base)
            words[-1] = plural + ("і" if plural.endswith("ер") else "ы")
        else:
            continue
        return " ".join(words)
    return phrase


_COUNTERS = ("голов", "пар", "пары", "пара", "бас", "дана", "штук", "шт", "единиц", "бірлік", "банк")


def _first_noun_tok(doc: Doc, f) -> int:
    """The first word after the figure's number, scale and unit words (a counted noun may be in the span:
    "1 500 грузовых вагонов"; a counter word is not: "3 тысяч пар обуви")."""
    toks = doc.tokens
    last = toks[f.tok_end - 1].text.lower() if f.tok_end > f.tok_start else ""
    if f.unit != "unit" or last.startswith(_COUNTERS) or toks[f.tok_end - 1].kind != "word":
        return f.tok_end
    k = f.tok_start
    while k < f.tok_end and (toks[k].kind != "word" or _is_unit_word(toks[k].text.lower())
                             or toks[k].text.lower() in _QUAL_WORDS):
        k += 1
    return k


_QUAL_WORDS = {"более", "свыше", "около", "порядка", "до", "почти", "примерно", "шамамен", "жуық", "астам", "дейін",
               "не", "менее", "жылына", "тәулігіне", "ежегодно", "ауысымына"}


def _figure_noun(doc: Doc, f) -> str | None:
    """The noun phrase a capacity or output figure counts: "240 тыс. тонн ферросплавов" -> "ферросплавы",
    "9,6 млн кг мяса птицы" -> "мясо птицы", "25 мың тонна қус етін" -> "қус еті", "4000 тонна қызанақ пен қияр"."""
    toks = doc.tokens
    k = _first_noun_tok(doc, f)
    s = doc.sentences[doc.sentence_of_token(f.tok_start)]
    if k >= s.tok_end or toks[k].kind != "word":
        return None
    lw = toks[k].text.lower()
    if lw.startswith(GENERIC_PRODUCT) or lw.startswith(("дей", "до", "жуық", "астам", "в ", "год", "сутки", "смен")) \
            or lw in _RU_STOP_EXACT:
        return None
    if doc.lang == "ru":
        return _ru_np(toks, k, s.tok_end)
    if _kk_case_word(lw) or lw.startswith(("болад", "құрай", "жет") + _PROD_VERBS) or lw in _KK_NOT_PRODUCT \
            or (len(lw) > 4 and _KK_VERB_FORM.search(lw)):
        return None  # ("20 тонна шығарады": the verb, no product)
    words = [toks[k].text]
    nxt = toks[k + 1] if k + 1 < s.tok_end and toks[k + 1].kind == "word" else None
    if nxt is not None:
        ln = nxt.text.lower()
        after = toks[k + 2].text.lower() if k + 2 < s.tok_end else ""
        if ln in ("пен", "мен", "бен", "және") and k + 2 < s.tok_end and toks[k + 2].kind == "word" \
                and not _kk_case_word(after):
            words += [nxt.text, _kk_nominative(toks[k + 2].text)]  # "қызанақ пен қияр"
        elif re.search(r"(?:ы|і|сы|сі)$", ln) and ((len(ln) > 3 and not re.search(r"(?:ады|еді|йды|йді|ды|ді|ты|ті)$", ln))
                or (3 <= len(ln) <= 4 and (after.startswith(_PROD_VERBS + ("бол",)) or bool(_KK_VERB_FORM.search(after))))):
            words.append(nxt.text)  # "титан губкасы"; "құс еті өндіріледі" (a verb is followed by none)
        elif re.search(r"(?:ты|ті|ды|ді|лы|лі|лық|лік|дық|дік|тық|тік)$", lw) and not ln.startswith(_PROD_VERBS) \
                and not re.search(r"(?:ады|еді|йды|йді|ды|ді|ты|ті|ған|ген|қан|кен|атын|етін)$", ln):
            words.append(_kk_nominative(nxt.text, compound=True))  # an adjective and its noun: "катодты мыс"
        elif re.search(r"(?:ын|ін|сын|сін)$", ln) and after.startswith(_PROD_VERBS):
            words.append(_kk_nominative(nxt.text))  # "қус етін шығарады" -> "қус еті"
        elif _kk_bare_noun(ln) \
                and (k + 2 >= s.tok_end or toks[k + 2].kind != "word" or _KK_VERB_FORM.search(after)
                     or after.startswith(_PROD_VERBS + ("бол",))):
            words.append(nxt.text)  # two bare nouns closed by a verb or a comma: "160 тонна құрама жем,"
        elif len(words) == 1:
            words[0] = _kk_nominative(words[0], compound=False) if after.startswith(_PROD_VERBS) or ln.startswith(_PROD_VERBS) \
                else words[0]
    elif len(words) == 1:
        pass
    if len(words) == 1 and k + 1 < s.tok_end and toks[k + 1].kind == "word" and toks[k + 1].text.lower().startswith(_PROD_VERBS):
        words[0] = _kk_nominative(words[0], compound=False)
    return " ".join(words)


_KK_VERB_FORM = re.compile(r"(?:ады|еді|йды|йді|ған|ген|қан|кен|атын|етін|йтын|йтін|ятын|ып|іп|йды|уда|уде)$")


def _kk_bare_noun(w: str) -> bool:
    """A word in the bare nominative that can end a compound product name ("жем", "шар"): no case or verb
    ending, no participle, no unit, scale, adverb or quality word."""
    return len(w) >= 2 and not (_kk_case_word(w) or _KK_VERB_FORM.search(w) or _KK_PARTICIPLE.search(w)
                                or _is_unit_word(w) or w in _KK_NOT_PRODUCT or w in _STOP_KK or w in _KK_ADVERB
                                or w.startswith(_PROD_VERBS + ("бол", "жыл", "тәулі", "ауысым")) or w in LEGAL_FORMS
                                or re.search(r"(?:ы|і|ны|ні|ды|ді|ты|ті)$", w))


_PROD_VERBS = ("шығар", "өндір", "өңде", "бер", "өсір", "тазарт", "құрастыр", "жаса", "балқыт", "қорыт", "тарт")


def _kk_verbal_noun(doc: Doc, m: _Mention) -> tuple[str, str] | None:
    """(object in the nominative, verb stem) of a verbal noun right before the facility noun: "мырыш байыту
    фабрикасы" -> ("мырыш", "байыт"), "газды қайта өңдеу зауыты" -> ("газ", "өңде")."""
    toks = doc.tokens
    k = m.head_tok - 1
    if k < m.start_tok or toks[k].kind != "word":
        return None
    lw = toks[k].text.lower()
    if not (lw.endswith(("у", "ю")) and len(lw) >= 4):
        return None
    j = k - 1
    while j >= m.start_tok and toks[j].kind == "word" and toks[j].text.lower() in _KK_ADVERB:
        j -= 1
    if j < m.start_tok or toks[j].kind != "word" or _kk_case_word(toks[j].text.lower()):
        return None  # ("комбинатының балқыту цехы": a genitive owner, not an object)
    ws = [toks[j].text]
    if j - 1 >= m.start_tok and toks[j - 1].kind == "word" and not _kk_case_word(toks[j - 1].text.lower()) \
            and toks[j - 1].text.lower() not in _KK_NOT_PRODUCT and not _KK_PARTICIPLE.search(toks[j - 1].text.lower()):
        ws.insert(0, toks[j - 1].text)
    ws[-1] = _kk_nominative(ws[-1], compound=len(ws) > 1)
    return " ".join(ws), _kk_verb_stem(lw)


def _kk_modifier(doc: Doc, m: _Mention) -> str | None:
    """The noun before the facility noun ("цемент зауыты", "күкірт қышқылы зауыты"), or the object of a verbal
    noun before it ("ұн тарту кешені" -> "ұн", "газды қайта өңдеу" -> "газ")."""
    toks = doc.tokens
    if m.head_tok - m.start_tok < 1:
        return None
    k = m.head_tok - 1
    if m.head == "кен орн":
        k -= 1  # "алтын кен орны": the word before "кен"
        if k < m.start_tok:
            return None
    prev = toks[k]
    lw = prev.text.lower()
    if prev.kind != "word" or prev.text == "»" or _KK_PARTICIPLE.search(lw) or lw in _KK_NOT_PRODUCT or lw in HEADS_KK \
            or lw.endswith(("лық", "лік", "дық", "дік", "тық", "тік", "ғы", "гі", "қы", "кі")) \
            or re.search(r"(?:ншы|нші|ыншы|інші)$", lw):
        return None
    if lw.endswith(("у", "ю")) and len(lw) >= 4:  # a verbal noun: its object is the product
        vn = _kk_verbal_noun(doc, m)
        return vn[0] if vn else None
    words = [prev.text]
    before = toks[k - 1].text.lower() if k - 1 >= m.start_tok and toks[k - 1].kind == "word" else ""
    if before and before not in _KK_NOT_PRODUCT and (re.search(r"(?:ы|і|сы|сі)$", lw) or (
            re.search(r"(?:ды|ді|ты|ті|лы|лі|лық|лік|дық|дік|тық|тік)$", before) and not _KK_PARTICIPLE.search(before))):
        words.insert(0, toks[k - 1].text)  # "күкірт қышқылы", an adjective and its noun: "минералды тыңайтқыштар"
    return " ".join(words)


_RU_NOT_PRODUCT = {"новый", "мощный", "крупный", "малый", "большой", "главный", "основной", "современный",
                   "единственный", "собственный", "местный", "отечественный", "уникальный", "частный", "полный",
                   "серийный", "инновационный", "опытный", "передовой", "базовый", "ключевой", "типовой",
                   "производственный", "промышленный", "региональный", "областной", "городской", "районный",
                   "модульный", "крупнейший", "первый", "второй", "третий", "совместный", "сезонный"}
_RU_MAKING = ("перерабатывающ", "обрабатывающ", "производящ", "добывающ", "сборочн", "упаковочн", "мольн")


def _ru_noun_from(stem_cands: list[str]) -> str | None:
    """The first candidate the dictionary knows as a noun in the nominative, other than a plant noun
    ("элеваторный комплекс" makes no elevators)."""
    got = _ru_noun_from_any(stem_cands)
    return None if got and _is_head(got, "ru") else got


def _ru_noun_from_any(stem_cands: list[str]) -> str | None:
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or not hasattr(an, "parse"):
        return None
    for c in stem_cands:
        if len(c) < 3 or not an.word_is_known(c):  # (asked first: parsing a word the dictionary lacks is slow)
            continue
        try:
            p = next((x for x in _parses(c) if x.tag.POS == "NOUN" and "nomn" in x.tag), None)
        except Exception:  # noqa: BLE001
            return None
        if p is not None and p.normal_form.replace("ё", "е") == c and an.word_is_known(c):
            return c
    return None


def _ru_adjectives_in(toks, i: int, limit: int, case: str, most: int) -> tuple[list, int]:
    """The parses of the adjectives or participles in ``case`` from token ``i`` on (at most ``most``), and
    the token after them."""
    adjs = []
    while i < limit and toks[i].kind == "word" and len(adjs) < most:
        pa = next((x for x in _parses(toks[i].text.lower()) if x.tag.POS in ("ADJF", "PRTF") and case in x.tag), None)
        if pa is None:
            break
        adjs.append(pa)
        i += 1
    return adjs, i


def _ru_adjectives_before_head(doc: Doc, m: _Mention, names: bool):
    """(token, lemma) of each adjective before the facility noun, nearest first, other than the words that
    name no product; a capitalised word after the mention's first is a name's, and skipped unless ``names``."""
    from .lemma_ru import lemma_ru
    toks = doc.tokens
    for k in range(m.head_tok - 1, m.start_tok - 1, -1):
        t = toks[k]
        if t.kind != "word" or not names and t.text[:1].isupper() and k > m.start_tok:
            continue
        lemma = lemma_ru(t.text.lower())
        if lemma not in _RU_NOT_PRODUCT and lemma.endswith(("ый", "ий", "ой")):
            yield t, lemma


def _ru_modifier(doc: Doc, m: _Mention) -> str | None:
    """The material a relational adjective before the facility noun names: "цементный завод" -> "цемент",
    "свинцовый цех" -> "свинец", "обувная фабрика" -> "обувь", "мясоперерабатывающий комплекс" -> "мясо"."""
    for _t, lemma in _ru_adjectives_before_head(doc, m, names=False):
        for mk in _RU_MAKING:
            i = lemma.find(mk)
            if i >= 3:
                pre = lemma[:i]
                got = _ru_noun_from([pre, pre[:-1] + "а", pre[:-1] + "ь", pre[:-1], pre[:-2] + "о" + pre[-2]])
                if got:
                    return got
        for suf in ("овый", "евый", "ный", "ной", "ний"):
            if lemma.endswith(suf):
                stem = lemma[:-len(suf)]
                got = _ru_noun_from([stem + "ь", stem, stem[:-1] + "е" + stem[-1:], stem[:-1] + "о" + stem[-1:],
                                     stem + "о"])
                if got:
                    return got
                break
    return None


#: words after a facility noun that are no genitive complement naming its product
_RU_NOT_COMPLEMENT = ("год", "компани", "област", "район", "город", "регион", "стран", "проект", "строительств",
                      "мощност", "объем", "объём", "стоимост", "сумм", "инвестор", "тенге", "доллар", "рубл", "евро",
                      "человек", "рабоч", "мест", "holding", "холдинг", "групп", "корпорац", "предприят", "работ",
                      "территор", "площад", "зон", "парк", "очеред", "этап", "рядом", "возле",
                      # a kind or quality, not a product: "фабрика полного цикла", "завод мирового уровня"
                      "цикл", "тип", "класс", "уровн", "значени", "назначени", "формат", "стандарт", "поколени")


def _counts_generic_product(doc: Doc, f) -> bool:
    """A capacity or output figure counting a generic noun of products ("на 10 тонн продукции")."""
    if f.measure not in ("capacity", "output_volume"):
        return False
    k = _first_noun_tok(doc, f)
    return k < len(doc.tokens) and doc.tokens[k].kind == "word" and doc.tokens[k].text.lower().startswith(("продукц", "өнім"))


def _ru_known_adj(cands: list[str]) -> str | None:
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or not hasattr(an, "parse"):
        return None
    for c in cands:
        if len(c) > 4 and an.word_is_known(c) and any(p.tag.POS == "ADJF" for p in _parses(c)):
            return c
    return None


def _ru_relational_adj(doc: Doc, m: _Mention) -> str | None:
    """The relational adjective of the facility's material in the feminine ("рыбная" from "рыбоперерабатывающий"
    or "рыбный"; "молочная" from "молокоперерабатывающий"), to name its generic products."""
    for t, lemma in _ru_adjectives_before_head(doc, m, names=True):
        for mk in _RU_MAKING:
            i = lemma.find(mk)
            if i >= 3:
                pre = lemma[:i].rstrip("-")
                st = pre[:-1] if pre[-1:] in "оеа" else pre
                alt = st[:-1] + "ч" if st.endswith("к") else st
                return _ru_known_adj([st + "ная", alt + "ная", st + "овая", st + "евая"])
        if lemma.endswith(("ный", "вый", "ной")):
            p = next((x for x in _parses(t.text.lower()) if x.tag.POS == "ADJF"), None)
            f = p.inflect({"femn", "sing", "nomn"}) if p is not None else None
            return f.word.replace("ё", "е") if f else None
    return None


def _ru_concentrate(doc: Doc, m: _Mention) -> str | None:
    """An enrichment plant makes a concentrate of its metal: "фабрика по обогащению медной руды",
    "медно-обогатительная фабрика" -> "медный концентрат"."""
    toks = doc.tokens
    words = [t for t in toks[m.start_tok:m.end_tok] if t.kind == "word"]
    low = [t.text.lower() for t in words]
    k = next((i for i, w in enumerate(low) if "обогат" in w or "обогащ" in w), None)
    if k is None:
        return None
    w = low[k]
    pre = w[:w.find("обога")].rstrip("-")
    metal = None
    if pre and not pre.startswith("горн"):
        metal = _ru_known_adj([pre[:-1] + "ый", pre[:-1] + "ой", pre[:-1] + "ий"])  # "медно-" -> "медный"
    for i in range(k + 1, len(low) - 1):
        if low[i + 1].startswith("руд"):
            p = next((x for x in _parses(low[i]) if x.tag.POS == "ADJF"), None)
            f = p.inflect({"masc", "sing", "nomn"}) if p is not None else None
            metal = f.word.replace("ё", "е") if f else metal  # "медной руды" -> "медный"
    return f"{metal} концентрат" if metal else None


def _ru_np(toks, k: int, limit: int) -> str | None:
    """A genitive noun phrase from token k in the nominative, adjectives agreeing with their noun, a genitive
    complement kept as written: "листового стекла" -> "листовое стекло", "мяса птицы" -> "мясо птицы",
    "хлебобулочных изделий" -> "хлебобулочные изделия"."""
    from .lemma_ru import _analyzer
    an = _analyzer()
    if an is None or not hasattr(an, "parse"):
        return None
    try:
        adjs, i = _ru_adjectives_in(toks, k, limit, "gent", 3)
        if i >= limit or toks[i].kind != "word" or toks[i].text[:1].isupper():
            return None
        w = toks[i].text.lower()
        if (w.startswith(GENERIC_PRODUCT) and not adjs) or w.startswith(("год", "сут", "смен", "месяц", "тенге", "доллар")) \
                or len(w) < 3 or w in _RU_STOP_EXACT:  # ("кабельной продукции" names a product, "продукции" none)
            return None  # (a preposition is no noun: "в" parses as an abbreviation)
        cands = [x for x in _parses(w) if x.tag.POS == "NOUN" and "gent" in x.tag]
        if adjs:  # the noun agrees with its adjectives in number
            num = "plur" if "plur" in adjs[-1].tag else "sing"
            cands = [x for x in cands if num in x.tag] or cands
        pn = cands[0] if cands else None
        if pn is None:
            return None
        num = "plur" if "plur" in pn.tag else "sing"
        nf = pn.inflect({"nomn", num})
        if nf is None:
            return None
        gender = nf.tag.gender
        out = []
        for pa in adjs:
            want = {"nomn", num} | ({gender} if num == "sing" and gender else set())
            af = pa.inflect(want)
            if af is None:
                return None
            out.append(af.word)
        out.append(nf.word)
        j = i + 1
        if j < limit and toks[j].kind == "word" and toks[j].text[:1].islower() and len(toks[j].text) > 3:
            wj = toks[j].text.lower()
            pj = next((x for x in _parses(wj) if x.tag.POS == "NOUN" and "gent" in x.tag), None)
            if pj is not None and not wj.startswith(("год", "сут", "смен", "месяц")) and _parses(wj)[0].tag.POS == "NOUN":
                out.append(toks[j].text)  # "мяса птицы": a genitive complement stays
        return " ".join(out).replace("ё", "е")
    except Exception:  # noqa: BLE001 - a dictionary quirk must not lose the record
        return None


_MAKING_NOUN_KK = ("өндіру", "шығару", "өндірісі", "өндірісін")
_MAKING_NOUN_RU = ("выпуск", "производств", "выработк", "добыч")


def _production_noun(doc: Doc, sents: list[int]) -> str | None:
    """The object of a production noun in the project's sentences: "болат өндіру көлемі" -> "болат",
    "возобновлен выпуск свинца" -> "свинец", "выпуск кабельной продукции" -> "кабельная продукция"."""
    toks = doc.tokens
    places = {e.start for e in doc.spans["places"]}
    for si in sents:
        s = doc.sentences[si]
        for k in range(s.tok_start, s.tok_end):
            w = toks[k].text.lower()
            if toks[k].kind != "word":
                continue
            if doc.lang == "ru" and w.startswith(_MAKING_NOUN_RU) and k + 1 < s.tok_end:
                np = _ru_np(toks, k + 1, s.tok_end)
                if np and not np.startswith(("промышлен", "обрабатыва", "продукц")):
                    return np
            elif doc.lang != "ru" and w in _MAKING_NOUN_KK and k - 1 >= s.tok_start:
                p = toks[k - 1]
                lp = p.text.lower()
                if p.kind == "word" and p.start not in places and not _kk_case_word(lp) and not p.text[:1].isupper() \
                        and lp not in _KK_NOT_PRODUCT and not lp.endswith(("лық", "лік", "дық", "дік", "тық", "тік")):
                    return _kk_nominative(p.text)
    for si in sents:  # then the object of a finite producing verb: "будет выпускать 300 млн таблеток"
        s = doc.sentences[si]
        for k in range(s.tok_start, s.tok_end):
            w = toks[k].text.lower()
            if toks[k].kind != "word":
                continue
            if doc.lang == "ru" and w.startswith(_MAKING_VERB_RU) and pos_ru(w) in ("VERB", "INFN", ""):
                np = _ru_object(toks, k + 1, s.tok_end)
                if np:
                    return np
            elif doc.lang != "ru" and w.startswith(_PROD_VERBS[:2]) and _KK_FINITE.search(w) and k - 1 >= s.tok_start:
                prev = toks[k - 1].text.lower()
                if toks[k - 1].kind != "word" or _is_unit_word(prev) or prev in _KK_NOT_PRODUCT:
                    continue
                j = k - 1  # the object is the bare words right before the verb, after its subject
                while j > max(s.tok_start, k - 4) and toks[j - 1].kind == "word" and not toks[j - 1].text[:1].isupper() \
                        and not _is_head(toks[j - 1].text, doc.lang) and not _weak_head(toks[j - 1].text, doc.lang):
                    j -= 1
                obj = _kk_object(doc, toks[j:k])
                if obj and not obj.lower().startswith(GENERIC_PRODUCT):
                    return obj
    return None


_MAKING_VERB_RU = ("выпуска", "выпуст", "производит", "производят", "произведет", "произведут", "изготавлива",
                   "изготов", "вырабатыва", "выработает")
_KK_FINITE = re.compile(r"(?:ады|еді|йды|йді|мақ|мек|бақ|бек|пақ|пек)$")  # "шығарады", "өндіреді", "шығармақ"


def _ru_object(toks, k: int, limit: int) -> str | None:
    """The noun phrase a producing verb takes, past its figure and adverbs: "выпускать 300 млн таблеток" ->
    "таблетки" (the genitive after a number), "выпускает аккумуляторы" -> "аккумуляторы" (the accusative)."""
    from .numbers import scale_of
    i, counted = k, False
    while i < limit and (toks[i].kind == "num" or toks[i].text == "." or (toks[i].kind == "word" and (
            scale_of(toks[i].text.lower()) or toks[i].text.lower() in _QUAL_WORDS
            or pos_ru(toks[i].text.lower()) == "ADVB"))) and i - k < 5:
        counted = counted or toks[i].kind == "num"
        i += 1
    if i >= limit or toks[i].kind != "word" or toks[i].text[:1].isupper() or _is_unit_word(toks[i].text.lower()):
        return None
    if counted:
        return _ru_np(toks, i, limit)
    adjs, i = _ru_adjectives_in(toks, i, limit, "accs", 2)
    if i >= limit or toks[i].kind != "word" or toks[i].text[:1].isupper():
        return None
    w = toks[i].text.lower()
    p = next((x for x in _parses(w) if x.tag.POS == "NOUN" and "accs" in x.tag and "inan" in x.tag), None)
    if p is None or (w.startswith(GENERIC_PRODUCT) and not adjs):
        return None
    number = "plur" if "plur" in p.tag else "sing"
    f = p.inflect({"nomn", number})
    if f is None:
        return None
    out = []
    for pa in adjs:  # "листовое стекло": adjectives agree with their noun
        af = pa.inflect({"nomn", number} | ({f.tag.gender} if number == "sing" and f.tag.gender else set()))
        if af is None:
            return None
        out.append(af.word)
    return " ".join(out + [f.word]).replace("ё", "е")


def _tok_at(doc: Doc, offset: int) -> int | None:
    for k, t in enumerate(doc.tokens):
        if t.start >= offset:
            return k
    return None


def _investors(doc: Doc, project_quotes: set[int]) -> list[tuple[int, int, str]]:
    """(start, end, sentence index) of each investor name with its legal form."""
    text = doc.text
    out = []
    for e in doc.spans.get("entities", []):
        if e.label != "QUOTED" or e.start in project_quotes:
            continue
        after = text[e.end:e.end + 40]
        before = text[max(0, e.start - 30):e.start]
        aw = re.findall(r"[^\W\d_]+", after.lower())[:2]
        bw = re.findall(r"[^\W\d_]+", before.lower())[-2:]
        first_after = aw[0] if aw else ""
        if any(first_after.startswith(w) for w in NOT_INVESTOR_AFTER) or _is_head(first_after, doc.lang):
            continue
        start, end = e.start, e.end
        legal_after = re.match(r"\s*(?:[-–]?\s*)?([^\W\d_]{2,5})(?![^\W\d_])", after)
        if legal_after and legal_after.group(1).lower() in LEGAL_FORMS:
            end = e.end + legal_after.end()
        elif bw and bw[-1] in LEGAL_FORMS:
            m = re.search(r"([^\W\d_]{2,5})\s*$", before)
            start = e.start - (len(before) - m.start()) if m else e.start
        elif not (first_after.startswith(COMPANY_WORDS) or (bw and bw[-1].startswith(COMPANY_WORDS))):
            continue
        out.append((start, end, doc.sentence_of_token(_tok_at(doc, e.start) or 0)))
    # a company's Latin name without quotes, named by the word "company" beside it ("турецкая компания
    # Kastamonu Entegre построит…", "Kastamonu Entegre компаниясы салады")
    found = [(a, b) for a, b, _ in out] + [(e.start, e.end) for e in doc.spans.get("entities", []) if e.label == "QUOTED"]
    pattern = _LATIN_COMPANY_RU if doc.lang == "ru" else _LATIN_COMPANY_KK
    for m in pattern.finditer(text):
        a, b = m.span("name")
        if not any(x <= a < y or a <= x < b for x, y in found):
            out.append((a, b, doc.sentence_of_token(_tok_at(doc, a) or 0)))
    return out


_LATIN_NAME = r"(?P<name>[A-Z][A-Za-z0-9&.'\-]*(?: [A-Z][A-Za-z0-9&.'\-]*){0,3})(?![A-Za-z0-9])"
_LATIN_COMPANY_RU = re.compile(r"(?<![^\W\d_])(?i:компани[яиюейё]\w*|холдинг\w*|концерн\w*|корпораци\w*|групп\w* компаний)"
                               rf"\s+{_LATIN_NAME}")
_LATIN_COMPANY_KK = re.compile(rf"{_LATIN_NAME}\s+(?i:компания\w*|холдинг\w*|корпорация\w*|концерн\w*|тобы\w*)")


def _country(doc: Doc, start: int) -> str | None:
    before = doc.text[max(0, start - 45):start].lower()
    words = re.findall(r"[^\W\d_]+", before)[-3:]
    for w in reversed(words):
        for stem, name in COUNTRIES.items():
            if " " in stem:
                if stem in before:
                    return name
            elif w.startswith(stem) and (doc.lang == "ru" or _COUNTRY_END_KK.search(w) or len(w) - len(stem) <= 2):
                return name
    return None


def _launch(doc: Doc, s_idx: int) -> tuple[str | None, bool]:
    """(date, is_past) of a launch stated in sentence s_idx: "YYYY", "YYYY-MM" or "YYYY-Qn"."""
    s = doc.sentences[s_idx]
    low = doc.text[s.start:s.end].lower()
    cues = LAUNCH_RU if doc.lang == "ru" else LAUNCH_KK
    hits = [low.find(c) for c in cues if c in low]
    if not hits:
        return None, False
    year = None
    cue_at = s.start + min(hits)
    best = None
    for yr in doc.spans["years"]:
        i, y, y_to = yr.tok_start, yr.year, yr.year_to  # the year expression nearest the launch verb
        if s.tok_start <= i < s.tok_end:
            dist = abs(doc.tokens[i].start - cue_at)
            if best is None or dist < best:
                best, year = dist, (y_to if y_to != y else y)
    base = doc.date.year if doc.date else None
    if year is None and base:
        if re.search(r"келесі жыл|в следующем году|следующего года|алдағы жыл", low):
            year = base + 1
        elif re.search(r"\bбылтыр(?!\w*ғы)|в прошлом году|прошлого года|в минувшем году", low[max(0, min(hits) - 30):min(hits) + 40]):
            year = base - 1  # "былтыр іске қосылған": the launch was last year
        elif re.search(r"\bбиыл|в этом году|текущего года|в текущем году|этого года", low):
            year = base
    if year is None and base and re.search(r"келесі жылдың|следующего года", low):
        year = base + 1
    if _NEXT_MONTH.search(low) and doc.date is not None:  # "келесі айда": the month after the document's
        m = doc.date.month % 12 + 1
        return f"{doc.date.year + (doc.date.month == 12)}-{m:02d}", False
    if year is None:
        return None, False
    out = str(year)
    q = _QUARTER.search(doc.text[s.start:s.end])
    half = None if q else _HALF.search(doc.text[s.start:s.end])
    if q:
        key = q.group(1).lower()
        out = f"{year}-Q{_Q_NUM.get(key, _Q_NUM.get(key[:4], 4))}"
    elif half:
        out = f"{year}-Q{2 * _Q_NUM.get(half.group(1).lower(), _Q_NUM.get(half.group(1).lower()[:4], 2))}"
    else:
        months = _MONTHS_RU if doc.lang == "ru" else _MONTHS_KK
        for n, mstem in enumerate(months, 1):
            if re.search(r"\b" + mstem + r"\w*", low) and not re.search(r"\d{1,2}\s+" + mstem, low):
                out = f"{year}-{n:02d}"
                break
    past = bool(re.search(r"(?:қосылды|берілді|ашылды|запущен|введен|введён|открыт|(?:қосыл|беріл|ашыл)(?:ған|ген)(?!да|де))", low))
    return out, past


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str]]:
    import json
    from importlib import resources
    out = {}
    with (resources.files("orken.reference") / "data" / "geo" / "adm1.geojson").open(encoding="utf-8") as f:
        for ft in json.load(f)["features"]:
            p = ft["properties"]
            out[str(p["KATO"])[:2]] = (p["ADM1_EN"], str(p["KATO"]))
    return out


def _place_name(doc: Doc, e: Entity) -> str:
    from .gazetteer import places
    lang = "ru" if doc.lang == "ru" else "kk"
    cands = [p for p in places() if p.kato == e.kato and p.lang == lang and p.type == e.type]
    if e.type == "region":  # a city named like its region ("Павлодарда", "в Костанае"): the city's own name
        cands = [p for p in places() if p.kato[:2] == e.kato[:2] and p.lang == lang and p.type == "settlement"] \
            + [p for p in places() if p.kato == e.kato and p.lang == lang]
    text_low = e.text.lower().replace("ё", "е")
    name = None
    # the name whose whole stem the text starts with, the longest ("Степногорск қаласында" -> "Степногорск",
    # "Талдықорған" not "Талдыкорган"), else the first sharing four letters
    full = [p for p in cands + [p for p in places() if p.kato == e.kato and p.type == e.type]
            if text_low.startswith(" ".join(p.words))]  # (in either language's spelling: as the text writes it)
    for p in sorted(full, key=lambda p: -len(" ".join(p.words))) or [p for p in cands if text_low.startswith(p.words[0][:4])]:
        name = p.name
        break
    if name is None:
        return e.text
    if lang == "kk":
        if "аудан" in text_low and "аудан" not in name.lower():
            name += " ауданы"
        elif "қала" in text_low and "қала" not in name.lower():
            name += " қаласы"
    else:
        if ("район" in text_low or "р-н" in text_low) and "район" not in name.lower():
            name += " район"
    return name


_ANOTHER = re.compile(r"(?:^|\s)(?:сондай-ақ|сонымен қатар|тағы|екінші|жаңа|бірінші|также|кроме того|ещ[её]|втор\w+|"
                      r"нов\w+|перв\w+|другой|другая|другое)(?:\s|$)")


def _anaphoric(doc: Doc, m: _Mention) -> bool:
    """A later mention by the bare facility noun ("Станция", "Цехтың ауданы") in a sentence that names no
    place and no other plant refers back to the project already named."""
    if m.end_tok - m.start_tok != 1 or m.start_tok != m.head_tok:
        return False
    s = doc.sentences[doc.sentence_of_token(m.head_tok)]
    if any(s.start <= e.start < s.end for e in doc.spans["places"]):
        return False
    before = doc.text[s.start:doc.tokens[m.head_tok].start].lower()
    return not _ANOTHER.search(" " + before)


def build_records(doc: Doc) -> list[dict]:
    """One record per project mentioned; also stored in ``doc.data["records"]``."""
    mentions = _mentions(doc) or _mentions(doc, weak=True)
    groups: dict[str, list[_Mention]] = {}
    order: list[str] = []
    for m in mentions:
        key = m.head
        if order and key not in groups and _anaphoric(doc, m):
            key = order[-1]  # "малая ГЭС ... Станция будет вырабатывать": the plant already named, not a new one
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(m)
    # mentions of one kind of plant with a longer name first: the fullest mention names the project
    project_quotes: set[int] = set()
    for ms in groups.values():
        for m in ms:
            for e in doc.spans.get("entities", []):
                if e.label == "QUOTED" and doc.tokens[m.start_tok].start <= e.start < doc.tokens[m.head_tok].start:
                    project_quotes.add(e.start)
    invs = _investors(doc, project_quotes)
    facts_by_sent: dict[int, list] = {}
    for f in doc.facts:
        facts_by_sent.setdefault(_sent_of_offset(doc, f.sentence[0]), []).append(f)
    counting = {si for si, fs in facts_by_sent.items() if any(f.measure == "count_projects" for f in fs)}
    records = []
    first_sents = []
    for key in order:
        ms = groups[key]
        best = max(ms, key=lambda m: (m.end_tok - m.start_tok, -m.head_tok))
        first = min(doc.sentence_of_token(m.head_tok) for m in ms)
        first_sents.append(first)
    for n, key in enumerate(order):
        ms = groups[key]
        best = max(ms, key=lambda m: (m.end_tok - m.start_tok, -m.head_tok))
        sents = sorted({doc.sentence_of_token(m.head_tok) for m in ms})
        first = sents[0]
        nxt = min([s for s in first_sents if s > first], default=len(doc.sentences))
        own = set(range(first, nxt)) | set(sents)
        if len(order) == 1:
            own = set(range(len(doc.sentences)))
        # a sentence that counts projects ("27 жоба іске қосылып, 1,8 мың жұмыс орны ашылды") gives totals
        # of them all: its figures are this project's only when it names the project itself
        facts = [f for si in sorted(own) if si in sents or si not in counting for f in facts_by_sent.get(si, [])]
        rec: dict = {"doc": doc.doc_id, "project": _name(doc, best), "investors": [], "investor_countries": [],
                     "product": None, "status": None, "launch_planned": None, "launch_actual": None,
                     "region": None, "region_kato": None, "district_or_city": None, "district_kato": None,
                     "zone": None, "capacity": None, "investment": None, "jobs": None, "jobs_temporary": None,
                     "evidence": {}}
        ev = rec["evidence"]

        def sent_span(si: int) -> list[int]:
            s = doc.sentences[si]
            return [s.start, s.end]

        ev["project"] = sent_span(doc.sentence_of_token(best.head_tok))
        rec["product"] = _product(doc, best, facts, own)
        first_word = doc.tokens[best.start_tok]
        if best.start_tok < best.head_tok and first_word.start == doc.sentences[first].start \
                and first_word.text[:1].isupper() and first_word.text[1:].islower():
            # a modifier capitalised only as the sentence's first word: "Шыны зауыты ..." is a glass plant
            for field in ("project", "product"):
                if rec[field] and rec[field].startswith(first_word.text):
                    rec[field] = rec[field][:1].lower() + rec[field][1:]
        if rec["product"]:
            ev["product"] = ev["project"]
        own_state = _attributive_status(doc, best) or _following_status(doc, best)
        if own_state != "under_construction":
            own_state = None  # a past state ("тоқтатылған") gives way to the finite verb ("қайта іске қосылады")
        if own_state:  # "салынып жатқан гипс зауыты": the stage the project's own phrase states
            rec["status"] = own_state
            ev["status"] = sent_span(doc.sentence_of_token(best.head_tok))
        for si in ([] if own_state else [first] + [s for s in sorted(own) if s != first]):
            st = status_of(doc, si, doc.tokens[best.head_tok].start if si == doc.sentence_of_token(best.head_tok) else None)
            if st:
                rec["status"] = st
                ev["status"] = sent_span(si)
                break
        if rec["status"] == "suspended" and not own_state:
            # a stop told first and a restart after it: the latest stage ("2022 жылы тоқтатылған еді. Биыл ...
            # қайта іске қосылды", "был остановлен ... возобновило работу")
            later = [si for si in sorted(own) if doc.sentences[si].start > ev["status"][0]]
            for si in later:
                st = status_of(doc, si)
                if _MODAL.search(doc.text[doc.sentences[si].start:doc.sentences[si].end].lower()):
                    continue  # a restart that may happen is no stage: "қайта жандануы мүмкін"
                if st in ("restoring", "launched", "at_design_capacity"):
                    rec["status"] = "restoring" if st == "launched" and re.search(
                        r"қайта|вновь|снова|возобнов", doc.text[doc.sentences[si].start:doc.sentences[si].end].lower()) \
                        or st == "restoring" else st
                    ev["status"] = sent_span(si)
                    break
        if rec["status"] is None:
            si = doc.sentence_of_token(best.head_tok)
            low = doc.text[doc.sentences[si].start:doc.sentences[si].end].lower()
            if doc.lang != "ru" and re.search(r"\b(?:салынды|салынып бітті|тұрғызылды)\b", low) \
                    and not any(f.unit in ("KZT", "USD", "EUR", "RUB", "CNY") for f in facts_by_sent.get(si, [])) \
                    and not re.search(r"инвестиция|қаражат|қаржы", low):
                rec["status"] = "launched"  # "станция салынды": the plant was built (money "салынды" is invested)
                ev["status"] = sent_span(si)
        if rec["status"] in (None, "under_construction"):
            fut = next((si for si in sorted(own) if _FUTURE_START.search(
                doc.text[doc.sentences[si].start:doc.sentences[si].end].lower())), None)
            if fut is not None:  # "Құрылыс 2025 жылдың көктемінде басталады": not begun yet
                rec["status"] = "planned"
                ev["status"] = sent_span(fut)
        for si in sorted(own):
            date, past = _launch(doc, si)
            if date:
                if past:
                    rec["launch_actual"] = date
                    ev["launch_actual"] = sent_span(si)
                else:
                    rec["launch_planned"] = date
                    ev["launch_planned"] = sent_span(si)
                break
        for a, b, si in invs:
            if len(order) == 1 or si in own:
                rec["investors"].append({"start": a, "end": b})
                c = _country(doc, a)
                if c and c not in rec["investor_countries"]:
                    rec["investor_countries"].append(c)
                ev.setdefault("investors", sent_span(si))
        for si in sorted(own):
            c = _country_in_sentence(doc, si)
            if c and c not in rec["investor_countries"] and any(w in doc.text[doc.sentences[si].start:doc.sentences[si].end].lower()
                                                                for w in ("серіктес", "инвестор", "партнер", "қатысуымен", "компани")):
                rec["investor_countries"].append(c)
        for f in facts:
            slot = {"capacity": "capacity", "investment": "investment", "jobs": "jobs",
                    "jobs_temporary": "jobs_temporary"}.get(f.measure)
            if slot and rec[slot] is None:
                rec[slot] = {"value": _clean_number(f.value), "unit": f.unit, "period": f.period, "qualifier": f.qualifier,
                             "text": f.text}
                ev[slot] = list(f.sentence)
        # place: nearest place of the project's sentences, else the document's main region; a place name
        # inside a quoted name is part of that name («Агро Қостанай» ЖШС is no place)
        quoted = [(q.start, q.end) for q in doc.spans.get("entities", []) if q.label == "QUOTED"]
        placed = [e for e in doc.spans["places"] if e.kato and e.type != "country"
                  and not any(a <= e.start < b for a, b in quoted)]
        locs = [e for e in placed if any(doc.sentences[si].start <= e.start < doc.sentences[si].end for si in sorted(own))]
        if not locs:
            locs = placed
        if locs:
            head_off = doc.tokens[best.head_tok].start
            dist_locs = [e for e in locs if e.type in ("district", "settlement") or (
                e.type == "region" and not re.search(r"облыс|област|обл\b|өңір", e.text.lower())
                and not re.search(r"(?:ская|ской|скую|ский|ского|ском)$", e.text.lower()))]
            if dist_locs:
                e = min(dist_locs, key=lambda e: abs(e.start - head_off))
                rec["district_or_city"], rec["district_kato"] = _place_name(doc, e), e.kato
                ev["district_or_city"] = sent_span(_sent_of_offset(doc, e.start))
            reg = min(locs, key=lambda e: (e.type != "region", abs(e.start - head_off)))
            code = reg.kato[:2]
            if code in _regions():
                rec["region"], rec["region_kato"] = _regions()[code]
                ev["region"] = sent_span(_sent_of_offset(doc, reg.start))
        if best.head == "zone" and rec["status"] not in ("planned", "under_construction"):
            continue  # an existing zone or park is a place, not a project
        zone = next((e for e in doc.spans.get("entities", []) if e.label == "QUOTED" and (any(
            w in doc.text[e.end:e.end + 40].lower() for w in ("аймақ", "аймағ", "зона", "сэз", "парк", "аэа"))
            or ZONE_BEFORE.search(doc.text[max(0, e.start - 40):e.start].lower()))), None)
        if zone:
            rec["zone"] = zone.text.strip("«»\"")
        records.append(rec)
    doc.data["records"] = records
    return records


@component("records", requires=("doc.sentences", "spans.facts", "spans.places", "spans.years"),
           assigns=("data.records",))
def records_component(doc: Doc) -> Doc:
    build_records(doc)
    return doc


def _attributive_status(doc: Doc, m: _Mention) -> str | None:
    """A status participle just before the project's phrase ("салынып жатқан", "тоқтап тұрған", "строящийся")."""
    from .context import _STATUS_RE
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(m.head_tok)]
    a = max(s.tok_start, m.start_tok - 3)
    if a >= m.head_tok:
        return None
    chunk = doc.text[toks[a].start:toks[m.head_tok].start].lower()
    for rx, st in _STATUS_RE:
        for hit in rx.finditer(chunk):
            if hit.group(0).endswith(("ған", "ген", "қан", "кен", "щийся", "щаяся", "щееся", "щегося", "щемся")):
                return st
    if doc.lang == "ru" and re.search(r"строящ\w+\s*$", chunk):
        return "under_construction"
    return None


_MODAL = re.compile(r"\b(?:мүмкін|ықтимал|егер|может|могут|возможно|если|при условии)\b|\w+(?:са|се)\b(?= \S+ (?:мүмкін|еді))")
_FUTURE_START = re.compile(r"құрылыс\w*(?: \S+){0,6} басталады|салу(?: \S+){0,4} басталады|"
                           r"строительств\w*(?: \S+){0,10} начн[её]тся|начн[её]тся строительств|"
                           r"строительств\w*(?: \S+){0,4} (?:стартует|планируется начать|намечено начать)|"
                           r"приступ(?:ят|ит) к строительству")


def _following_status(doc: Doc, m: _Mention) -> str | None:
    """A participle right after the project's accusative phrase ("фабрикасын салып жатқан ЖШС",
    "завод строящий"): the project is what is being built."""
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(m.head_tok)]
    if doc.lang == "ru" or m.head_tok + 2 >= s.tok_end or not _KK_ACC.search(toks[m.head_tok].text.lower()):
        return None
    chunk = doc.text[toks[m.head_tok + 1].start:toks[min(s.tok_end - 1, m.head_tok + 3)].end].lower()
    if re.match(r"(?:салып|тұрғызып|құрып|салынып) жатқан\b", chunk):
        return "under_construction"
    return None


#: the nouns a country adjective makes an investor's country ("с участием турецкого инвестора")
INVESTOR_NOUNS = ("инвестор", "компани", "партнер", "партнёр", "холдинг", "корпорац", "серіктес")


def _country_in_sentence(doc: Doc, si: int) -> str | None:
    s = doc.sentences[si]
    toks = doc.tokens[s.tok_start:s.tok_end]
    for k, t in enumerate(toks):
        investor_next = k + 1 < len(toks) and toks[k + 1].text.lower().startswith(INVESTOR_NOUNS)
        if t.kind == "word" and (t.text[:1].isupper() or investor_next):
            c = _country(doc, t.end + 1)
            if c:
                return c
    return None


def _sent_of_offset(doc: Doc, off: int) -> int:
    for k, s in enumerate(doc.sentences):
        if s.start <= off < s.end or off < s.start:
            return k
    return len(doc.sentences) - 1


def finish_records(doc: Doc, to_text=None) -> list[dict]:
    """Resolve investor spans to text (after any Latin offset mapping)."""
    out = []
    for r in getattr(doc, "records", []) or []:
        r = dict(r)
        r["investors"] = [doc.text[i["start"]:i["end"]] if isinstance(i, dict) else i for i in r["investors"]]
        out.append(r)
    return out
