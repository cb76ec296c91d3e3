"""Numbers as written in Kazakh and Russian news: digits with decimal commas and
space/dot thousands separators, scale words, and numbers written as words."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from orken.domain import scales

D = Decimal

# --- scale words (matched on the lower-cased token, by prefix where inflected) ---
# Values are exact Decimals throughout ("1,1 млрд" is 1100000000, not 1100000000.0000002); the one
# table is ``orken.domain.scales`` (the import reads it too).
_TEXT_SCALES = scales.words("kk", "ru")
SCALE_EXACT = {w.text: w.value for w in _TEXT_SCALES if w.form == "abbr"}
SCALE_PREFIX = tuple((w.text, w.value) for w in _TEXT_SCALES if w.form == "stem") + \
    tuple((w.text, w.value) for w in _TEXT_SCALES if w.form == "abbr" and w.declines)

# --- Kazakh number words (stems; case endings tolerated) ---
KK_UNITS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
            "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60,
            "жетпіс": 70, "сексен": 80, "тоқсан": 90}
KK_HUNDRED = "жүз"

# --- Russian number words (explicit common forms) ---
RU_WORDS: dict[str, int] = {}
for _v, _forms in {
    1: "один одна одно одного одной одному одним", 2: "два две двух двум двумя",
    3: "три трех трёх трем трём тремя", 4: "четыре четырех четырёх четырем четырём четырьмя",
    5: "пять пяти пятью", 6: "шесть шести шестью", 7: "семь семи семью", 8: "восемь восьми восемью",
    9: "девять девяти девятью", 10: "десять десяти десятью", 11: "одиннадцать одиннадцати",
    12: "двенадцать двенадцати", 13: "тринадцать тринадцати", 14: "четырнадцать четырнадцати",
    15: "пятнадцать пятнадцати", 16: "шестнадцать шестнадцати", 17: "семнадцать семнадцати",
    18: "восемнадцать восемнадцати", 19: "девятнадцать девятнадцати", 20: "двадцать двадцати",
    30: "тридцать тридцати", 40: "сорок сорока", 50: "пятьдесят пятидесяти", 60: "шестьдесят шестидесяти",
    70: "семьдесят семидесяти", 80: "восемьдесят восьмидесяти", 90: "девяносто девяноста",
    100: "сто ста", 200: "двести двухсот", 300: "триста трехсот трёхсот", 400: "четыреста четырехсот",
    500: "пятьсот пятисот", 600: "шестьсот шестисот", 700: "семьсот семисот", 800: "восемьсот восьмисот",
    900: "девятьсот девятисот",
}.items():
    for _f in _forms.split():
        RU_WORDS[_f] = _v

_KK_SUFFIX_OK = re.compile(r"^(?:еу|ау|еуі|ауы)?(?:ге|ға|ке|қа|не|на|ден|дан|тен|тан|нен|нан|де|да|те|та|"
                           r"нің|ның|дің|дың|тің|тың|ін|ын|ні|ны|ді|ды|ті|ты)?$")


def parse_digits(s: str) -> Decimal | None:
    """'1,6' -> 1.6; '12 000' -> 12000; '1.234.567' -> 1234567; '3.5' -> 3.5."""
    s = s.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not s or not s[0].isdigit():
        return None
    s = s.replace(" ", "")
    if s.count(".") > 1 or (s.count(".") == 1 and "," in s and s.index(".") < s.index(",")):
        s = s.replace(".", "")  # dots as thousands separators
    if s.count(",") > 1:
        s = s.replace(",", "")
    if "," in s and "." in s:
        s = s.replace(",", "")
    s = s.replace(",", ".")
    if re.fullmatch(r"\d{1,3}\.\d{3}", s) and not s.startswith("0"):
        # "1.500" in ru/kk news is usually 1500 (dot thousands separator)
        s = s.replace(".", "")
    try:
        v = Decimal(s)
    except (InvalidOperation, ValueError):
        return None
    # no figure in the news has more than 18 digits before its scale word: a longer run is an id, a
    # phone number or noise, and would overflow every column it could be stored in
    return v if v.is_finite() and abs(v) < 10**18 else None


@lru_cache(maxsize=1 << 16)
def scale_of(word: str) -> Decimal | None:
    w = word.lower().rstrip(".")
    if w in SCALE_EXACT:
        return SCALE_EXACT[w]
    for stem, v in SCALE_PREFIX:
        if w.startswith(stem) and len(w) - len(stem) <= 6:
            return v
    return None


# Frequent Kazakh words that start like a number word but are not numbers.
KK_NOT_NUMBERS = {"үшін", "онда", "оны", "оған", "одан", "оның", "ондағы", "онша", "жүзеге", "бірге", "бірде",
                  "бірақ", "бірі", "біреу", "бірін", "бірінің", "біріне", "бірінде", "ондай", "оннан", "бесін",
                  "алтын", "жетік", "тоғызы", "жүзі", "жүзін", "оннын", "екіні", "біраз",
                  # "тоқсан" is also a quarter of the year: "бірінші тоқсанда", "тоқсанның қорытындысы"
                  "тоқсанда", "тоқсанында", "тоқсанның", "тоқсандағы", "тоқсанындағы", "тоқсанынан", "тоқсандарда"}


# Halves: "бір жарым миллиард" = 1.5 billion, "жарты миллион" = 0.5 million, "полтора миллиарда" = 1.5 billion.
HALVES = {"жарым": D("0.5"), "жарты": D("0.5"), "полтора": D("1.5"), "полторы": D("1.5"), "полутора": D("1.5")}


@lru_cache(maxsize=1 << 16)
def word_number(word: str, lang: str) -> Decimal | None:
    """Value of a single number word (no scale), or None."""
    w = word.lower()
    if w in KK_NOT_NUMBERS:
        return None
    if w in HALVES:
        return HALVES[w]
    if lang == "ru":
        if w.startswith(("пол", "полу")) and len(w) > 6:
            sc = scale_of(w[4:] if w.startswith("полу") else w[3:])
            if sc is not None and sc >= 1000:
                return sc / 2  # "полмиллиарда" = half a billion, "полумиллиона" = half a million
        v = RU_WORDS.get(w)
        return D(v) if v is not None else None
    if w.startswith(KK_HUNDRED) and _KK_SUFFIX_OK.match(w[len(KK_HUNDRED):]):
        return D(100)
    best = None
    for stem, v in KK_UNITS.items():
        if w.startswith(stem) and _KK_SUFFIX_OK.match(w[len(stem):]):
            if best is None or len(stem) > best[0]:
                best = (len(stem), v)
    return D(best[1]) if best else None


def combine_words(values: list[tuple[str, Decimal]]) -> Decimal:
    """Combine a sequence like [(u,9),(h,100),(s,1e6)] -> 900 000 000.

    Items are ("n", value) for units/tens, ("h", 100) for hundreds, ("s", scale)."""
    total, group = D(0), D(0)
    for kind, v in values:
        if kind == "n":
            group += v
        elif kind == "h":
            group = (group or 1) * 100 if v == 100 else group + v
        elif kind == "s":
            total += (group or 1) * v
            group = D(0)
    return total + group
