"""Quantity parsing: number (+ range) (+ scale words) (+ case suffix) (+ qualifier) (+ unit),
for Kazakh and Russian, over the tokens of each sentence. Year expressions are recorded
separately in ``doc.spans["years"]`` and never become quantities."""
from __future__ import annotations

import re
from decimal import Decimal

from .components import component
from .doc import Doc, Quantity, Token, Year
from .numbers import combine_words, parse_digits, scale_of, word_number
from .units import COUNTED, QUAL_AFTER, QUAL_BEFORE, UNIT_PATTERNS, patterns_from, token_matches

YEAR_WORDS = ("жыл", "год", "г", "гг", "ж", "жж")
_DASHES = {"-", "–", "—", "‒"}
_DATE_RE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
MAX_VALUE = Decimal(10) ** 16
MODIFIERS = ("постоянн", "новых", "новые", "временн", "дополнительн", "тұрақты", "жаңа", "уақытша", "қосымша")
COMPARATIVES = {"артық", "көп", "жоғары", "кем", "аз", "төмен"}
#: a comparative qualifies the figure before it only after the ablative ("120 мың тоннадан жоғары": more
#: than); otherwise it is the next word's adjective ("120 мың тонна жоғары көміртекті ферроқорытпа")
ABLATIVE = ("нан", "нен", "дан", "ден", "тан", "тен")
#: a comparison negated ("кем емес", "not less than")
NEGATED = {"less_than": "more_than", "more_than": "less_than"}
CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "₸": "KZT", "₽": "RUB"}
CURRENCY_CODES = {"USD", "EUR", "KZT", "RUB", "CNY"}  # ISO codes written before the number
ORDINAL_SUFFIXES = {"kk": ("ші", "шы", "інші", "ыншы", "нші", "ншы"),
                    "ru": ("й", "го", "му", "м", "я", "е", "ой", "ый", "ий", "ая", "ое", "ом", "ого", "ему", "ому")}
MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
          "қараша", "желтоқсан", "январ", "феврал", "март", "апрел", "мая", "май", "июн", "июл", "август",
          "сентябр", "октябр", "ноябр", "декабр")


def _is_year_word(tok: Token | None) -> bool:
    if tok is None:
        return False
    t = tok.text.lower().lstrip("-")
    return t in ("г", "гг", "ж", "жж") or t.startswith("жыл") or t.startswith("год")


def _as_year(tok: Token) -> int | None:
    if tok.kind == "num" and re.fullmatch(r"\d{4}", tok.text):
        y = int(tok.text)
        if 1900 <= y <= 2100:
            return y
    return None


def _match_unit(toks: list[Token], i: int) -> tuple[int, str, Decimal, str | None] | None:
    """Longest unit pattern starting at token i -> (next index, unit, mult, hint)."""
    if i >= len(toks):
        return None
    for n in patterns_from(toks[i].text):  # the patterns whose first word matches, in order
        pat, unit, mult, hint = UNIT_PATTERNS[n]
        if i + len(pat) <= len(toks) and all(token_matches(m, toks[i + k].text) for k, m in enumerate(pat[1:], 1)):
            last = toks[i + len(pat) - 1].text.lower()
            if unit == "t" and (last.endswith("лық") or last.endswith("лік")):
                continue  # "90 тонналық" is an attribute ("90-tonne"), not a quantity
            return i + len(pat), unit, mult, hint
    return None


_KK_ADJ = re.compile(r"(?:лық|лік|дық|дік|тық|тік|ғы|гі|қы|кі|дағы|дегі|тағы|тегі|ды|ді|ты|ті|тын|тін|ған|ген|қан|кен)$")
_RU_ADJ = re.compile(r"(?:ых|их|ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ую|юю|ыми|ими)$")
_KK_PLURAL = re.compile(r"(?:лар|лер|дар|дер|тар|тер)")


def _ru_noun(w: str) -> bool:
    """A noun or finite verb: a numeral's counted noun lies before either ("еще 6 строят свои объекты")."""
    from .lemma_ru import pos_ru
    return pos_ru(w) in ("NOUN", "VERB")


def _match_counted(toks: list[Token], i: int, window: int = 3, lang: str = "kk") -> tuple[int, str] | None:
    """A counted noun within the next words ("18 жоба", "56 тігін цехы", "6 производственных корпусов").

    Adjectives between the number and the noun are skipped by their endings (Kazakh -лық/-лік/-ғы...,
    Russian -ых/-ий/-ая...), so "12 өндірістік ғимарат" counts buildings, not production. In Kazakh
    a noun counted by a numeral is singular: a plural form ("870-і ... фабрикаларына") is not counted."""
    k = i
    seen = 0
    while k < len(toks) and seen < window + 1:
        t = toks[k]
        if t.kind != "word":
            return None
        w = t.text.lower()
        adj = (_RU_ADJ if lang == "ru" else _KK_ADJ).search(w) is not None
        for stem, measure in COUNTED:
            if token_matches(stem, w):
                rest = w[len(stem):]
                if lang != "ru" and _KK_PLURAL.search(rest):
                    return None
                if adj and lang == "ru" and len(rest) >= 3:
                    break  # "производственных" is the adjective of "производство"
                if adj and lang != "ru" and rest and _KK_ADJ.search(rest):
                    break  # "өндірістік" (industrial) is not "өндіріс" (a production)
                return k + 1, measure
        if lang != "ru" and _kk_oblique(w):
            return None  # "үш тоқсанда кәсіпорын": a word in a case of place ends the number's phrase
        if w in ("және", "мен", "немесе", "и", "или"):
            k += 1  # coordinated modifiers: "340 шағын және орта кәсіпорын", "120 малых и средних предприятий"
            continue
        if lang == "ru" and not adj and _ru_noun(w):
            return None  # "за 10 месяцев предприятиями": the numeral counts months, not what follows
        seen += 1
        k += 1
        if seen >= window:
            return None
    return None


#: Russian words that make a sentence about making things (a count of goods may follow a number there)
GOODS_CONTEXT_RU = ("выпуск", "выпуст", "выпущ", "производ", "произвед", "изготов", "собра", "собер", "сборк",
                    "мощност", "рассчитан", "производительн", "отгруз", "отгруж", "поставил", "поставлен", "экспорт",
                    "розлив", "разлив", "пропускн", "перевал", "обработ", "прошло", "прошли", "погруж", "перевез")
#: nouns in the genitive that a number counts without being goods: time, kinds, places, stages, abstract counts
NOT_GOODS_RU = frozenset((
    "год", "месяц", "день", "неделя", "час", "минута", "секунда", "сутки", "квартал", "полугодие", "сезон",
    "смена", "раз", "вид", "тип", "наименование", "модель", "вариант", "марка", "сорт", "категория", "позиция",
    "страна", "регион", "город", "район", "область", "село", "процент", "этап", "очередь", "пункт", "место",
    "рубеж", "шаг", "цикл", "направление", "отрасль", "рынок", "случай", "балл", "уровень", "номер", "строка",
    "километр", "метр", "градус", "доля", "часть", "половина", "треть", "четверть", "раза", "житель", "человек",
    "семья", "мощность", "объём", "объем", "производство", "выпуск", "продукция", "сумма", "средство", "рубль",
    # papers and money instruments: agreements signed "on supplies" are not supplies
    "соглашение", "договор", "контракт", "меморандум", "заявка", "облигация", "акция", "патент", "лицензия",
    "сертификат", "разрешение", "документ", "тендер", "закупка", "кредит", "займ", "заём", "грант", "показатель",
    "миллиард", "миллион", "тысяча", "триллион", "доллар", "евро", "тенге", "юань",
))


OUTPUT_NOUNS_RU = ("выпуск", "производств", "сборк", "поставк", "экспорт", "отгрузк", "изготовлен")


def _ru_goods(toks: list[Token], j: int, plural_only: bool = False) -> int | None:
    """A count of goods after a Russian number in a sentence about making them ("собрали 2,8 тыс. автобусов",
    "мощностью 60 млн пластиковых бутылок"): an inanimate noun in the genitive, past up to two adjectives,
    that is not a word of time, kind or place -> the index after the noun."""
    from .lemma_ru import _parse
    k = j
    for _ in range(3):
        if k >= len(toks) or toks[k].kind != "word":
            return None
        p = _parse(clean_lower(toks[k].text))
        tag = getattr(p, "tag", None)
        if tag is None:
            return None
        if tag.POS in ("ADJF", "PRTF") and "gent" in tag:
            k += 1
            continue
        if tag.POS == "NOUN" and "gent" in tag and "inan" in tag and p.normal_form not in NOT_GOODS_RU \
                and (not plural_only or "plur" in tag):
            return k + 1
        return None
    return None


def _ru_plural(w: str) -> bool:
    from .lemma_ru import _parse
    tag = getattr(_parse(w), "tag", None)
    return tag is not None and "plur" in tag


def _goods_sentence(toks: list[Token]) -> bool:
    return any(t.kind == "word" and clean_lower(t.text).startswith(GOODS_CONTEXT_RU) for t in toks)


#: Kazakh verbs of making and hiring that take a counted noun right before them as their object
_KK_MAKE = ("шығар", "өндір", "құрастыр", "жина", "өңде", "экспортта", "жөнелт", "тасымалда", "дайында")
_KK_NOT_GOODS_STEMS = ("жыл", "ай", "күн", "апта", "сағат", "минут", "түр", "рет", "есе", "пайыз", "ел", "аудан",
                       "қала", "өңір", "облыс", "кезең", "маусым", "аймақ", "аймағ", "ауыл", "мемлекет")
#: case endings of place, source, possession and time: a noun in them is not the verb's object
_KK_OBLIQUE = ("да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "ның", "нің", "дың",
               "дің", "тың", "тің", "мен", "бен", "пен")
_KK_HIRE = ("қабылдан", "алын", "орналас", "тартыл", "қабылда", "ал")


_KK_PLURAL_END = re.compile(r"..(?:лар|лер|дар|дер|тар|тер)[^\W\d_]{0,4}$")


def _kk_plural(w: str) -> bool:
    """A Kazakh plural: the suffix near the word's end, before case endings only ("зауыттарды",
    "фабрикаларына"); "цистернасын" has "тер" inside its stem."""
    return _KK_PLURAL_END.search(w) is not None


def _kk_make(w: str) -> bool:
    """A verb of making (not the nouns "өндіріс" production, "шығарылым" issue, nor their adjectives)."""
    return w.startswith(_KK_MAKE) and not w.startswith(("өндіріс", "шығарылым", "шығармашыл", "жинақ", "жинал"))


def _kk_counted_by_verb(toks: list[Token], j: int, suffixed: bool = False,
                        text: str = "") -> tuple[int, str, str | None] | None:
    """A Kazakh noun that a number counts, told by the verb after it: a verb of making ("2340 трансформатор
    шығарды", "12 мың дана... ": goods, measured by the verb) or hiring ("85 инженер жұмысқа қабылданды":
    people taken on). The noun is singular (a numeral's noun is) and not an adjective; adjectives and
    modifying nouns ("темір жол цистернасын") may stand before it, three words in all."""
    k = j
    for n in range(3):
        if k >= len(toks) or toks[k].kind != "word":
            return None
        if k + 1 >= len(toks) or toks[k + 1].kind != "word":
            # "жобалық қуаты – жылына 1,2 млн секция.": the goods of a capacity, closing the clause
            w = clean_lower(toks[k].text)
            ok = k == j and not suffixed and toks[k].text[:1].islower() and not _KK_ADJ.search(w) \
                and not _kk_oblique(w) and not _kk_plural(w) \
                and (k + 1 >= len(toks) or toks[k + 1].text in (".", ",", ";", "!")) and _kk_capacity_before(toks, j)
            return (k + 1, "unit", None) if ok else None
        w = clean_lower(toks[k].text)
        nxt = clean_lower(toks[k + 1].text)
        adj = _KK_ADJ.search(w) is not None
        if not toks[k].text[:1].islower() or "\n" in text[toks[j - 1].end if j else 0:toks[k + 1].start]:
            return None  # a name or the next line ("25\nЖаңа шығарылым"), not a counted noun
        if any(w.startswith(st) and len(w) - len(st) <= 3 for st in _KK_NOT_GOODS_STEMS) \
                or (not suffixed and _kk_oblique(w)):
            return None  # "төрт облыста өндіріледі": where, not what is made
        if not adj and not _kk_plural(w) and len(w) > 2:
            if suffixed:  # "1 200-ге дейін құрылғыға": an inflected number agrees only with a served noun
                return (k + 1, "unit", None) if w.endswith(DATIVE[:4]) and _kk_serves(toks, k + 1) else None
            if _kk_make(nxt) or (nxt.startswith(("өтті", "өтеді", "өтед")) and any(
                    clean_lower(t.text) == "арқылы" for t in toks[:k])):
                return k + 1, "unit", None  # also throughput: "терминал арқылы 1,3 млн контейнер өтті"
            if w.endswith(DATIVE[:4]) and nxt.startswith("жет") and not nxt.startswith("жетекш"):
                return k + 1, "unit", None  # a level reached: "шығарылымы 45 мың жиынтыққа жетеді"
            if nxt in ("және", "мен", "пен", "бен") and any(
                    _kk_make(clean_lower(t.text)) for t in toks[k + 2:k + 8] if t.kind == "word"):
                return k + 1, "unit", None  # "640 автобус және 120 жүк көлігін құрастырды": objects of one verb
            if nxt == "жұмысқа" and k + 2 < len(toks) and clean_lower(toks[k + 2].text).startswith(_KK_HIRE):
                return k + 1, "person", "jobs"
            if w.endswith(DATIVE[:4]) and _kk_serves(toks, k + 1):
                return k + 1, "unit", None  # "жылына 3 мыңға дейін жабдыққа қызмет көрсете алады": what it serves
            if n == 2 or not toks[k + 1].text[:1].islower() or _kk_oblique(w):
                return None
            # a noun modifying the next one: "2 400 темір жол цистернасын шығарды" (up to three words)
        elif not adj and (_kk_plural(w) or n == 2 or len(w) < 2):
            return None  # a plural, or a short word where the noun should be
        k += 1  # an adjective or a short modifying noun ("су жылытқыш қазандығын", "ет өнімін")
    return None


_KK_VOICELESS = set("кқпстшфхцч")
_KK_VOWEL = set("аәеиоөуұүыіэюя")


def _kk_oblique(w: str) -> bool:
    """Is a Kazakh word in a case of place, source, possession or company (by its ending and the
    consonant harmony that ending needs: "облыс-та", "қала-да", "аудан-нан" are; "плита", "карта", "ракета"
    end like them but are nominatives)?"""
    for e in _KK_OBLIQUE:
        if w.endswith(e) and len(w) - len(e) >= 2:
            prev = w[-len(e) - 1]
            first = e[0]
            if first in "тп" and prev in _KK_VOICELESS:
                return True
            if first in "дб" and prev not in _KK_VOICELESS:
                return True
            if first in "нм" and (prev in _KK_VOWEL or prev in "мнң" or e == "мен"):
                return True
    return False


def _kk_capacity_before(toks: list[Token], j: int) -> bool:
    """A capacity noun ("қуаты", "өнімділігі") within the few words before the number that ends at ``j``."""
    k = j - 1
    while k > 0 and (toks[k].kind in ("num", "suffix") or scale_of(toks[k].text) or toks[k].text in (",", ".")):
        k -= 1  # back over the number itself ("1,2 млн")
    for m in range(k, max(-1, k - 4), -1):
        if toks[m].text in _DASHES or toks[m].text == ":":
            continue
        w = clean_lower(toks[m].text)
        if w.startswith(("қуат", "өнімділіг", "қабілет")):
            return True
        if toks[m].kind == "word" and not w.startswith(("жылына", "тәулігіне", "жобалық", "шамамен")):
            return False
    return False


def _kk_serves(toks: list[Token], k: int) -> bool:
    """"(техникалық) қызмет көрсет-": a verb of serving after a dative noun (one adjective may come between)."""
    for m in (k, k + 1):
        if m + 1 < len(toks) and clean_lower(toks[m].text) == "қызмет" \
                and clean_lower(toks[m + 1].text).startswith("көрсет"):
            return True
    return False


def _after_scale(toks: list[Token], j: int) -> int:
    """Skip the dot of an abbreviated scale word ("тыс.") when a unit or number follows."""
    if j < len(toks) and toks[j].text == "." and toks[j - 1].text.lower() in ("тыс", "млн", "млрд", "трлн"):
        if j + 1 < len(toks) and (_match_unit(toks, j + 1) or toks[j + 1].kind == "num"
                                  or (toks[j + 1].kind == "word" and toks[j + 1].text[:1].islower())):
            return j + 1  # "тыс. тонн", "тыс. голов": an abbreviation, not the end of the sentence
    return j


def _and_a_half(toks: list[Token], j: int) -> bool:
    """Russian "с половиной" after a number: and a half."""
    return j + 1 < len(toks) and toks[j].text.lower() == "с" and toks[j + 1].text.lower() == "половиной"


def _read_number(toks: list[Token], i: int, lang: str) -> tuple[int, Decimal, bool] | None:
    """Read digits or number words (with scale words) -> (next index, value, is_words)."""
    t = toks[i]
    if t.kind == "num":
        v = parse_digits(t.text)
        if v is None:
            return None
        j = i + 1
        if _and_a_half(toks, j):
            v, j = v + Decimal("0.5"), j + 2  # "3 с половиной миллиарда"
        last = None
        while j < len(toks) and toks[j].kind == "word" and scale_of(toks[j].text):
            last = scale_of(toks[j].text)
            v *= last
            j = _after_scale(toks, j + 1)
        # compound scales: "1 трлн 178 млрд", "5 млн 200 тыс.", "1 млн 500 мың" (each part below the one before)
        while last and j + 1 < len(toks) and toks[j].kind == "num" and toks[j + 1].kind == "word":
            part, sc = parse_digits(toks[j].text), scale_of(toks[j + 1].text)
            if part is None or not sc or sc >= last or part * sc >= last:
                break
            v += part * sc
            last = sc
            j = _after_scale(toks, j + 2)
        return j, v, False
    parts: list[tuple[str, Decimal]] = []
    j = i
    while j < len(toks) and toks[j].kind == "word":
        w = toks[j].text
        sc = scale_of(w)
        wn = word_number(w, lang)
        if _and_a_half(toks, j) and parts:
            parts.append(("n", Decimal("0.5")))  # "три с половиной миллиарда" = 3.5 billion
            j += 2
            continue
        if sc:
            parts.append(("s", sc))
        elif wn == 100:
            parts.append(("h", 100))
        elif wn is not None:
            if parts and parts[-1][0] == "n" and wn > parts[-1][1]:
                break  # tens come before units ("тоқсан үш" is 93): "үш тоқсанда" is three quarters, not 93
            parts.append(("n", wn))
        else:
            break
        j += 1
    if not parts or (all(k == "s" for k, _ in parts) and len(parts) > 1):
        return None  # a lone scale word ("мың теңге") is 1000; the caller requires a unit
    return j, combine_words(parts), True


def parse_sentence(doc: Doc, toks: list[Token], base: int) -> None:
    lang = doc.lang
    n = len(toks)
    i = 0
    goods_ctx = None  # is the sentence about making things (read once, when a number first needs it)
    while i < n:
        t = toks[i]
        # --- years: "2024 жылы", "2028 жылға дейін", "в 2023-2025 годы", "2024-жылы"
        y = _as_year(t)
        if y is not None:
            j, y_to = i + 1, y
            if j + 1 < n and toks[j].text in _DASHES and _as_year(toks[j + 1]):
                y_to, j = _as_year(toks[j + 1]), j + 2
            if j < n and (_is_year_word(toks[j]) or (toks[j].kind == "suffix")):
                _year(doc, toks, base, i, j + 1, y, y_to)
                i = j + 1
                continue
            if j >= n or not (_match_unit(toks, j) or scale_of(toks[j].text)):
                _year(doc, toks, base, i, j, y, y_to)  # bare year-like number
                i = j
                continue
        if t.kind == "num" and i + 1 < n and toks[i + 1].text.lower().startswith(MONTHS):
            i += 2  # a date: "28 сәуірде", "15 мая"
            continue
        if t.kind == "num" and (_DATE_RE.fullmatch(t.text) or _skip_context(toks, i)):
            i += 1
            continue
        if t.kind not in ("num", "word"):
            i += 1
            continue
        got = _read_number(toks, i, lang)
        if got is None:
            i += 1
            continue
        j, value, words = got
        value_max = None
        # range "10-15 млрд", "10–15"
        if j + 1 < n and toks[j].text in _DASHES and toks[j + 1].kind == "num":
            got2 = _read_number(toks, j + 1, lang)
            if got2:
                j2, v2, _ = got2
                scale_second = v2 / (parse_digits(toks[j + 1].text) or 1)
                if scale_second > 1 and value < v2 / scale_second:
                    value *= scale_second
                if v2 >= value:
                    value_max, j = v2, j2
        end = j
        pct_suffix = ""
        num_suffix = ""
        suf_idx = -1
        if j < n and toks[j].kind == "suffix":
            num_suffix = toks[j].text.lower().lstrip("-")
            suf_idx = j
            j += 1
        qual = "exact"
        if j + 1 < n and toks[j].text.lower() == "с" and toks[j + 1].text.lower().startswith("лишн"):
            qual, j = "more_than", j + 2  # "18 тысяч с лишним гектаров"
        if j < n and toks[j].text.lower() in QUAL_AFTER and (
                toks[j].text.lower() not in COMPARATIVES or (num_suffix or clean_lower(toks[j - 1].text)).endswith(ABLATIVE)):
            qual, j = QUAL_AFTER[toks[j].text.lower()], j + 1
            if j < n and toks[j].text.lower() == "емес" and qual in NEGATED:
                qual = NEGATED[qual]
        unit, mult, hint = None, Decimal(1), None
        modifier = None
        if j + 1 < n and toks[j].kind == "word" and (toks[j].text.lower().startswith(MODIFIERS) or (
                (_RU_ADJ if lang == "ru" else _KK_ADJ).search(toks[j].text.lower())
                and (_match_unit(toks, j + 1) or (0, None))[1] == "person")) \
                and _match_unit(toks, j + 1):
            modifier = toks[j].text.lower()  # "450 постоянных рабочих мест", "200 жаңа жұмыс орны"
            j += 1
        um = _match_unit(toks, j)
        start_tok = i
        if um:
            j, unit, mult, hint = um
            end = j
            if hint == "jobs" and modifier and modifier.startswith(("временн", "уақытша")):
                hint = "jobs_temporary"
            if j < n and toks[j].kind == "suffix":
                pct_suffix = toks[j].text
                j += 1
        else:
            cm = _match_counted(toks, j, 2 if words else 3, lang)
            if cm:
                unit, hint = "unit", cm[1]
                end = j = cm[0]
            elif lang == "ru" and not words and (goods := goods_ctx if goods_ctx is not None else
                                                   _goods_sentence(toks)) and (g := _ru_goods(toks, j)):
                goods_ctx = goods
                unit, hint = "unit", None  # "собрали 2,8 тыс. автобусов": measured by the verb or noun around it
                end = j = g
            elif lang == "kk" and (g := _kk_counted_by_verb(toks, j, bool(num_suffix), doc.text)):
                end = j = g[0]  # "2340 трансформатор шығарды", "85 инженер жұмысқа қабылданды"
                unit, hint = g[1], g[2]
            elif i > 0 and (toks[i - 1].text in CURRENCY_SIGNS or toks[i - 1].text.upper() in CURRENCY_CODES):
                # "$1,5 млрд", "USD 20 млн"
                unit, start_tok = CURRENCY_SIGNS.get(toks[i - 1].text) or toks[i - 1].text.upper(), i - 1
                if num_suffix:
                    end = j  # "$1,5 млрд-қа" keeps its ending in the span
        if words and unit is None:
            i += 1
            continue  # number words count only with a unit ("бір" is also "a")
        if qual == "exact" and j < n and toks[j].text.lower() in QUAL_AFTER and (
                toks[j].text.lower() not in COMPARATIVES
                or (pct_suffix.lower().lstrip("-") or clean_lower(toks[end - 1].text)).endswith(ABLATIVE)):
            # ("7,3%-ға артық" is "7.3 % more": a change, exact; "тонна жоғары көміртекті": an adjective)
            qual = QUAL_AFTER[toks[j].text.lower()]
            if j + 1 < n and toks[j + 1].text.lower() == "емес" and qual in NEGATED:
                qual = NEGATED[qual]  # "5 млрд теңгеден кем емес": not less than, at least
            j += 1
        if qual == "exact":
            qual = _qual_before(toks, start_tok)
        if qual == "exact" and any(toks[k].text.lower().endswith(("дай", "дей", "тай", "тей"))
                                   and scale_of(toks[k].text) for k in range(i, end)):
            qual = "about"  # "100 мыңдай" = about 100 thousand
        if unit is None:
            if num_suffix in ORDINAL_SUFFIXES.get(lang, ()) or num_suffix.startswith(("ші", "шы", "нші", "ншы")):
                i = j
                continue  # an ordinal ("3-ші", "2-й")
            if suf_idx >= 0:
                end = suf_idx + 1  # a bare count keeps its ending: "10-ы", "97-ге"
        if abs(value * mult) > MAX_VALUE:
            i = max(j, i + 1)
            continue
        doc.spans["quantities"].append(Quantity(
            start=toks[start_tok].start, end=toks[end - 1].end,
            text=doc.text[toks[start_tok].start:toks[end - 1].end],
            value=value * mult, unit=unit, qualifier=qual,
            value_max=value_max * mult if value_max is not None else None,
            tok_start=base + start_tok, tok_end=base + end, is_word_number=words,
            percent_suffix=pct_suffix, hint=hint, suffix=num_suffix, mult=mult))
        i = max(j, i + 1)


def _ordinal_suffix(toks: list[Token], i: int) -> bool:
    return i + 1 < len(toks) and toks[i + 1].kind == "suffix"


# Labels whose colon introduces a number that is not a figure (phones, codes, addresses, times).
_LABELS = ("тел", "моб", "факс", "phone", "tel", "call", "байланыс", "контакт", "бин", "иин", "инн", "бик", "код",
           "индекс", "адрес", "мекенжай", "уақыт", "время", "сағат", "час", "№", "номер", "нөмір", "приказ", "бұйрық")


def _skip_context(toks: list[Token], i: int) -> bool:
    """Phone numbers, times, issue numbers, codes."""
    prev = toks[i - 1].text if i else ""
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    phone = prev == "(" and i >= 2 and (toks[i - 2].text == "+" or toks[i - 2].kind == "num")
    if prev in ("+", "№", "#") or phone or nxt == ":" and i + 2 < len(toks) and toks[i + 2].kind == "num":
        return True
    label = next((t.text.lower() for t in reversed(toks[max(0, i - 3):i - 1]) if t.kind == "word"), "")
    if prev == ":" and (toks[i - 1].end == toks[i].start or i < 2 or label.startswith(_LABELS)):
        return True  # "10:30", "тел.: 8 ..."; a colon before a spaced figure introduces it ("Құны: 2,5 млрд")
    if nxt in _DASHES and i + 2 < len(toks) and toks[i + 2].kind == "num" and toks[i + 1].start == toks[i].end \
            and i + 3 < len(toks) and toks[i + 3].text in _DASHES:
        return True  # 932-52-25
    return False


_QUAL_BEFORE_LONGEST = sorted(QUAL_BEFORE.items(), key=lambda kv: -len(kv[0]))


def _qual_before(toks: list[Token], i: int) -> str:
    if i > 0 and toks[i - 1].text.lower().startswith(("превыс", "превыш")):
        return "more_than"  # "превысили 18 млрд тенге"
    for pat, q in _QUAL_BEFORE_LONGEST:  # "не более" before "более": the longer phrase decides
        k = i - len(pat)
        if k >= 0 and all(toks[k + m].text.lower().rstrip(".") == p for m, p in enumerate(pat)):
            return q
    return "exact"


ABLATIVE = ("дан", "ден", "тан", "тен", "нан", "нен")
DATIVE = ("ға", "ге", "қа", "ке", "на", "не")
POSSESSIVE = ("ы", "і", "сы", "сі")
# Verbs of change: after "X-дан Y-ге дейін" / "с X до Y" they make two figures (from and to), and
# "дейін"/"до" after them means "to", not "up to".
CHANGE_KK = ("арт", "өс", "ұлғай", "ұлғая", "көбей", "кеми", "азай", "азая", "төменде", "қысқар", "жеткіз", "кеңей")
CHANGE_RU = ("вырос", "выраст", "увелич", "расшир", "сниз", "сниж", "сократ", "уменьш", "возрос", "довест",
             "довед", "подня", "упал", "упа", "рост", "прирос")
ANAPHORS = ("олардың", "соның", "оның", "бұның", "осының", "из них", "из которых", "из числа", "в том числе",
            "их них", "оның ішінде", "олардың ішінде", "из этой суммы", "из общей суммы", "из этого объема",
            "осы соманың", "бұл соманың", "жалпы соманың")
LIST_WORDS = {"ал", "және", "а", "и", "еще", "ещё", "тағы", "уже", "ғана", "тек", "только", "плюс", "из", "них"}
_KK_VERB_END = re.compile(r"(?:ды|ді|ты|ті|ады|еді|йды|йді|ған|ген|қан|кен|уда|уде|ып|іп|йып|йіп|мақ|мек|ар|ер|са|се)$")


def _is_change(doc: Doc, a: int, b: int) -> bool:
    stems = CHANGE_RU if doc.lang == "ru" else CHANGE_KK
    return any(clean_lower(t.text).startswith(stems) for t in doc.tokens[a:b] if t.kind == "word")


def clean_lower(s: str) -> str:
    return s.lower().replace("ё", "е")


def _clause_bounds(doc: Doc, k: int) -> tuple[int, int]:
    """Token range of the clause around token k (cut at , ; and sentence ends)."""
    s = doc.sentences[doc.sentence_of_token(k)]
    a = k
    while a > s.tok_start and doc.tokens[a - 1].text not in (",", ";", ":"):
        a -= 1
    b = k
    while b < s.tok_end and doc.tokens[b].text not in (",", ";"):
        b += 1
    return a, b


def _shared_scale(doc: Doc, q: Quantity, nxt: Quantity):
    """The scale word of the second figure, shared by a bare first one: "от 5 до 7 млрд тенге" is 5 and 7
    billion, "5-тен 7 мың тоннаға дейін" 5 and 7 thousand. 1 when the first figure has a scale of its own or
    the second has none."""
    toks = doc.tokens
    own = [t for t in toks[q.tok_start:q.tok_end] if t.kind != "suffix"]
    if len(own) != 1 or own[0].kind != "num" or toks[nxt.tok_start].kind != "num":
        return Decimal(1)
    digits = parse_digits(toks[nxt.tok_start].text)
    if not digits or not nxt.mult:
        return Decimal(1)
    scale = Decimal(nxt.value) / (Decimal(nxt.mult) * Decimal(digits))
    if scale <= 1 or scale != scale.to_integral_value() or Decimal(q.value) * scale > Decimal(nxt.value) * 10:
        return Decimal(1)
    return scale


def _pairs(doc: Doc, qs: list[Quantity]) -> list[Quantity]:
    """"X-дан Y-ге дейін", "с X до Y", "от X до Y": a change (two figures) after a verb of change, else a
    range (one figure with value_max). "дейін"/"до" after a verb of change is "to", not "up to"."""
    toks = doc.tokens
    out: list[Quantity] = []
    skip = set()
    last_to = None  # the last figure read as the "to" of a change verb ("вырасти до 4 тыс.")
    for n, q in enumerate(qs):
        if n in skip:
            continue
        nxt = qs[n + 1] if n + 1 < len(qs) else None
        prev_w = clean_lower(toks[q.tok_start - 1].text) if q.tok_start > 0 else ""
        last_w = clean_lower(toks[q.tok_end - 1].text) if q.tok_end > q.tok_start else ""
        is_from = q.suffix.endswith(ABLATIVE) or (q.percent_suffix or "").lower().endswith(ABLATIVE) \
            or (doc.lang == "ru" and prev_w in ("с", "со", "от")) \
            or (doc.lang != "ru" and q.unit is not None and last_w.endswith(ABLATIVE))  # "10 мың тоннадан"
        if nxt is not None and is_from and nxt.tok_start - q.tok_end <= 2 and q.value_max is None \
                and (q.unit is None or q.unit == nxt.unit) and doc.sentence_of_token(q.tok_start) == doc.sentence_of_token(nxt.tok_start):
            between = " ".join(clean_lower(t.text) for t in toks[q.tok_end:nxt.tok_start] if t.kind != "suffix")
            to_ok = (doc.lang == "ru" and between in ("до",)) or (doc.lang != "ru" and between == "" and nxt.suffix.endswith(DATIVE)) \
                or (doc.lang != "ru" and between == "" and nxt.unit is not None)
            if to_ok:
                ca, cb = _clause_bounds(doc, q.tok_start)
                if _is_change(doc, ca, cb):
                    nxt.qualifier = "exact" if nxt.qualifier == "up_to" else nxt.qualifier
                    if q.unit is None and nxt.unit is not None:
                        q.unit, q.hint, q.mult = nxt.unit, nxt.hint, nxt.mult
                        q.value *= nxt.mult * _shared_scale(doc, q, nxt)
                    if q.unit == "%" and nxt.unit == "%":
                        q.hint = nxt.hint = "level"  # "доля выросла с 30% до 70%": two levels, not two changes
                    q.attrs["change_to"] = nxt  # the two ends of a change measure one thing
                    out.append(q)
                    continue
                if prev_w != "с":  # a range: "500-ден 700-ге дейін жұмыс орны", "от 500 до 700 человек"
                    q.value_max = nxt.value
                    if q.unit is None:
                        q.value *= nxt.mult * _shared_scale(doc, q, nxt)
                    q.unit, q.hint, q.mult = nxt.unit, nxt.hint, nxt.mult
                    q.qualifier = "exact"
                    q.end, q.tok_end = nxt.end, nxt.tok_end
                    q.text = doc.text[q.start:q.end]
                    skip.add(n + 1)
                    out.append(q)
                    continue
        if q.qualifier == "up_to":
            s = doc.sentences[doc.sentence_of_token(q.tok_start)]
            if doc.lang == "ru":
                a = q.tok_start - 1  # back to the clause's start, past a "на N%" change ("вырос на 18,5% до 600 млн")
                if a - 1 > s.tok_start and toks[a - 1].text == ",":
                    a -= 1  # "сократилось на треть, до 40 тыс. тонн": the "до" clause continues the verb's
                while a > s.tok_start and a > q.tok_start - 8 and toks[a - 1].text not in (",", ";", ":"):
                    a -= 1
                ok = q.tok_start >= 2 and clean_lower(toks[q.tok_start - 1].text) == "до" \
                    and _is_change(doc, a, q.tok_start - 1)
            else:
                ok = _is_change(doc, q.tok_end, min(s.tok_end, q.tok_end + 3))
            if not ok and doc.lang == "ru" and last_to is not None and q.tok_start >= 2 \
                    and clean_lower(toks[q.tok_start - 1].text) == "до" and last_to.tok_end < q.tok_start \
                    and doc.sentence_of_token(last_to.tok_start) == doc.sentence_of_token(q.tok_start) \
                    and clean_lower(toks[q.tok_start - 2].text) in ("и", ",", "а") \
                    and not any(t.text in (";", ".") for t in toks[last_to.tok_end:q.tok_start]):
                ok = True  # "вырасти до 4 тыс. в 2025 году и до 7,5 тыс. к 2030 году": the verb's second "to"
            if ok:
                q.qualifier = "exact"  # "12 пайызға дейін өсті", "снизилась до 61%": to, not up to
                if q.unit in (None, "%"):
                    q.hint = q.hint or "level"  # a percent reached is a share; a count reached keeps its noun's measure
                last_to = q
        out.append(q)
    return out


def _bare_ok(doc: Doc, q: Quantity) -> bool:
    """Can a number without unit take the unit of a figure it stands in a list with?"""
    if q.suffix:
        return len(q.suffix) <= 3 and q.suffix.isalpha()  # "10-ы", "29-дан", "3-х"; not "38-летний"
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    e = q.tok_end
    while e < s.tok_end and clean_lower(toks[e].text) in QUAL_AFTER:
        e += 1  # "3 мыңнан астам." ends the list member as the number itself would
    if e >= s.tok_end:
        return True
    t = toks[e]
    w = clean_lower(t.text)
    if (t.kind == "punct" and w in (",", ".", ";", "–", "—", "-", ")", "!", "?")) or w in LIST_WORDS:
        return True
    if doc.lang == "ru":
        from .lemma_ru import pos_ru
        pos = pos_ru(w)
        if pos:
            return pos in ("VERB", "INFN", "PRTS", "ADVB", "PRCL", "CONJ", "PREP")
        return w.endswith(("ются", "ются", "ятся", "ется", "ится", "ют", "ят", "ут", "ат", "ли", "ло", "ла", "ены",
                           "аны", "ены", "ено", "ано")) or w in ("уже", "еще", "ещё", "на", "в", "из", "до", "по")
    return False


_KK_LOCATIVE = ("да", "де", "та", "те", "нда", "нде")


def _place_case(doc: Doc, k: int) -> bool:
    """Is the noun at token k in a case of place (Kazakh locative "зауытта", Russian "на/в заводе")?"""
    w = clean_lower(doc.tokens[k].text)
    if doc.lang == "ru":
        return k > 0 and clean_lower(doc.tokens[k - 1].text) in ("в", "во", "на") and w.endswith(("е", "и"))
    return w.endswith(_KK_LOCATIVE) and len(w) > 4


def _take_elided_adjective(doc: Doc, q: Quantity) -> None:
    """"350 постоянных рабочих мест и 1 000 временных": a bare number whose noun is elided keeps the adjective
    that stands for it (the clause ends after it), so the figure reads as "1 000 временных"."""
    from .lemma_ru import pos_ru
    toks = doc.tokens
    s = doc.sentences[doc.sentence_of_token(q.tok_start)]
    e = q.tok_end
    if q.suffix or e >= s.tok_end or toks[e].kind != "word" or pos_ru(clean_lower(toks[e].text)) not in ("ADJF", "PRTF"):
        return
    if e + 1 < s.tok_end and toks[e + 1].kind != "punct":
        return
    q.tok_end, q.end = e + 1, toks[e].end
    q.text = doc.text[q.start:q.end]


def _counts_named_before(doc: Doc, q: Quantity) -> bool:
    """Does the bare figure's own clause name what it counts before it ("Число предприятий выросло до 40, а
    инвестиции – 5 млрд тенге")? Then it does not borrow the unit of a later figure."""
    toks = doc.tokens
    a, _ = _clause_bounds(doc, q.tok_start)
    for k in range(a, q.tok_start):
        w = clean_lower(toks[k].text)
        if toks[k].kind != "word":
            continue
        if any(token_matches(stem, w) and m.startswith("count_") for stem, m in COUNTED) \
                and not _place_case(doc, k) and (_ru_plural(w) if doc.lang == "ru" else
                                                 k + 1 < q.tok_start and clean_lower(toks[k + 1].text).startswith("сан")):
            return True  # Russian "число предприятий", Kazakh "кәсіпорындар саны"
    return False


def _resolve_bare(doc: Doc) -> None:
    """Give a bare number the unit of the figure it refers to: anaphoric counts ("Соның 10-ы", "из них 74",
    "Оның 1 100-і"), list members ("1 200, ал ... 800 жұмыс орны"; "2,3 тыс. рабочих мест ..., 3,1 тыс."),
    and counts of a noun named without a number ("қатысушылар саны 29-дан 97-ге дейін")."""
    qs = doc.spans["quantities"]
    toks = doc.tokens
    for n, q in enumerate(qs):
        if q.unit is None and not q.is_word_number and doc.lang == "ru":
            _take_elided_adjective(doc, q)
        if q.unit is not None or q.is_word_number or not _bare_ok(doc, q):
            continue
        s_idx = doc.sentence_of_token(q.tok_start)
        s = doc.sentences[s_idx]
        before = " ".join(clean_lower(t.text) for t in toks[max(s.tok_start, q.tok_start - 3):q.tok_start])
        after = " ".join(clean_lower(t.text) for t in toks[q.tok_end:min(s.tok_end, q.tok_end + 2)])
        anaphoric = any(before.endswith(a) or (" " + a + " ") in (" " + before + " ") for a in ANAPHORS) \
            or q.suffix in POSSESSIVE or q.suffix in ("і", "ы") \
            or (doc.lang == "ru" and after in ("из них", "из которых"))  # "19 из них уже запущены"
        scaled = any(scale_of(t.text) for t in toks[q.tok_start:q.tok_end])
        src = None
        prev_q = qs[n - 1] if n else None
        if prev_q is not None and prev_q.attrs.get("change_to") is q and prev_q.unit is not None:
            src = prev_q  # "количество участников выросло с 12 до 31": the end of a change counts what its start does
        # a dash-introduced figure names its noun before the dash: "количество рабочих мест — 250"
        # (or before a colon: "жұмыс орындары: 150")
        d = q.tok_start - 1  # the dash, past a qualifier before the number ("рабочих мест — более 5 тысяч")
        while d > s.tok_start and d >= q.tok_start - 3 and any(clean_lower(toks[d].text) in pat for pat in QUAL_BEFORE):
            d -= 1
        if src is None and d >= s.tok_start and (toks[d].text in _DASHES or toks[d].text == ":") and not q.suffix:
            k = d - 1
            while k >= s.tok_start and toks[k].text not in (",", ";", ".") and k >= q.tok_start - 6:
                um = _match_unit(toks, k)
                w = clean_lower(toks[k].text)
                hit = next((m for stem, m in COUNTED if token_matches(stem, w) and m.startswith("count_")), None)
                if hit and _place_case(doc, k):
                    hit = None  # "число рабочих мест на предприятии – 650": where, not what is counted
                if um and um[1] in ("person", "unit"):
                    src = Quantity(0, 0, value=Decimal(0), unit=um[1], hint=um[3])
                    break
                if hit:
                    src = Quantity(0, 0, value=Decimal(0), unit="unit", hint=hit)
                    break
                k -= 1
        if src is None and anaphoric:
            for p in reversed(qs[:n]):
                ps = doc.sentence_of_token(p.tok_start)
                if ps < s_idx - 1:
                    break
                if p.unit in ("unit", "person") or (scaled and p.unit not in (None, "%")):
                    # (a figure with a scale word may be part of a sum: "выделено 180 млрд тенге, из них освоено 96 млрд")
                    src = p
                    q.attrs["antecedent"] = p  # "около 400 человек, из них 350 – местные жители": part of those
                    break
        if src is None and (not q.suffix or q.suffix in POSSESSIVE) and not _counts_named_before(doc, q):
            for p in qs[n + 1:]:
                if doc.sentence_of_token(p.tok_start) != s_idx or p.tok_start - q.tok_end > 8:
                    break
                gap = [clean_lower(t.text) for t in toks[q.tok_end:p.tok_start]]
                if p.unit is not None and p.unit != "%" and any(g in (",", "ал", "а", "и", "және", "–", "—") for g in gap):
                    src = p
                break
        if src is None and not (anaphoric and not q.suffix):
            for p in reversed(qs[:n]):
                if doc.sentence_of_token(p.tok_start) != s_idx:
                    break
                if p.unit is not None and p.unit != "%" and not (anaphoric and p.unit not in ("unit", "person")):
                    src = p
                break
        if src is None:
            for k in range(s.tok_start, q.tok_start):
                t = toks[k]
                if t.kind != "word":
                    continue
                um = _match_unit(toks, k)
                if um and um[1] == "person":
                    src = Quantity(0, 0, value=Decimal(0), unit="person", hint=um[3])
                    continue
                w = clean_lower(t.text)
                hit = next((m for stem, m in COUNTED if token_matches(stem, w) and m.startswith("count_")), None)
                if hit and _place_case(doc, k):
                    hit = None  # "Зауытта 40 және 60 ...", "на заводе 40 ...": where, not what is counted
                if hit and doc.lang == "ru" and not _ru_plural(w):
                    hit = None  # "производство молока выросло до 40 тыс.": a process, not things counted
                if hit:
                    src = Quantity(0, 0, value=Decimal(0), unit="unit", hint=hit)
                elif doc.lang == "ru" and w.startswith(OUTPUT_NOUNS_RU) and _ru_goods(toks, k + 1, plural_only=True):
                    # "выпуск автобусов должен вырасти до 4 тыс.": the goods named before a bare figure
                    src = Quantity(0, 0, value=Decimal(0), unit="unit", hint=None)
        if src is not None:
            q.unit, q.hint, q.mult = src.unit, src.hint, src.mult
            q.value *= src.mult
            if q.value_max is not None:
                q.value_max *= src.mult


def _year(doc: Doc, toks: list[Token], base: int, i: int, j: int, y: int, y_to: int) -> None:
    a, b = toks[i].start, toks[max(i, j - 1)].end
    doc.spans["years"].append(Year(a, b, text=doc.text[a:b], tok_start=base + i, tok_end=base + j, year=y, year_to=y_to))


@component("quantities", requires=("doc.sentences", "doc.tokens"), assigns=("spans.quantities", "spans.years"))
def parse_quantities(doc: Doc) -> Doc:
    doc.spans["quantities"], doc.spans["years"] = [], []
    for s in doc.sentences:
        parse_sentence(doc, doc.tokens[s.tok_start:s.tok_end], s.tok_start)
    doc.spans["quantities"] = _pairs(doc, doc.spans["quantities"])
    _resolve_bare(doc)
    return doc
