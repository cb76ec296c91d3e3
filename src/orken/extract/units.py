"""Unit and qualifier lexicon (Kazakh and Russian, all case forms via prefixes).

Each unit pattern is a tuple of token matchers; a matcher of up to three letters must
equal the token (before any hyphenated suffix), a longer one is a prefix of it.
Entries: (pattern, unit, multiplier, measure hint or None).
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

UNIT_PATTERNS: list[tuple[tuple[str, ...], str, Decimal, str | None]] = [
    # money
    (("ақш", "доллар"), "USD", Decimal("1"), None), (("сша", "доллар"), "USD", Decimal("1"), None), (("доллар",), "USD", Decimal("1"), None),
    (("долл",), "USD", Decimal("1"), None), (("$",), "USD", Decimal("1"), None), (("usd",), "USD", Decimal("1"), None),
    (("теңге",), "KZT", Decimal("1"), None), (("тенге",), "KZT", Decimal("1"), None), (("₸",), "KZT", Decimal("1"), None),
    (("тг",), "KZT", Decimal("1"), None), (("kzt",), "KZT", Decimal("1"), None),
    (("евро",), "EUR", Decimal("1"), None), (("еуро",), "EUR", Decimal("1"), None), (("€",), "EUR", Decimal("1"), None), (("eur",), "EUR", Decimal("1"), None),
    (("рубл",), "RUB", Decimal("1"), None), (("руб",), "RUB", Decimal("1"), None), (("rub",), "RUB", Decimal("1"), None),
    (("юан",), "CNY", Decimal("1"), None), (("юань",), "CNY", Decimal("1"), None), (("cny",), "CNY", Decimal("1"), None),
    # area
    (("шаршы", "метр"), "m2", Decimal("1"), "area"), (("шаршы", "шақырым"), "ha", Decimal("100"), "area"),
    (("квадрат", "метр"), "m2", Decimal("1"), "area"), (("кв", ".", "м"), "m2", Decimal("1"), "area"), (("кв", "м"), "m2", Decimal("1"), "area"),
    (("кв", ".", "км"), "ha", Decimal("100"), "area"), (("кв", "км"), "ha", Decimal("100"), "area"),
    (("м²",), "m2", Decimal("1"), "area"), (("м", "2"), "m2", Decimal("1"), "area"), (("км²",), "ha", Decimal("100"), "area"),
    (("гектар",), "ha", Decimal("1"), "area"), (("га",), "ha", Decimal("1"), "area"),
    # volume (cubic metres as litres)
    (("текше", "метр"), "l", Decimal("1000"), None), (("куб", ".", "м"), "l", Decimal("1000"), None), (("кубометр",), "l", Decimal("1000"), None),
    (("кубическ", "метр"), "l", Decimal("1000"), None), (("м³",), "l", Decimal("1000"), None), (("м", "3"), "l", Decimal("1000"), None), (("литр",), "l", Decimal("1"), None), (("л",), "l", Decimal("1"), None),
    # energy and power
    (("мвт", "·", "сағ"), "MWh", Decimal("1"), None), (("мвт", "*", "сағ"), "MWh", Decimal("1"), None), (("мвт", "·", "ч"), "MWh", Decimal("1"), None),
    (("мвт", "*", "ч"), "MWh", Decimal("1"), None), (("мвтч",), "MWh", Decimal("1"), None), (("мвт", "ч"), "MWh", Decimal("1"), None),
    (("квт", "*", "сағ"), "MWh", Decimal("0.001"), None), (("квт", "*", "ч"), "MWh", Decimal("0.001"), None),
    (("квт", "ч"), "MWh", Decimal("0.001"), None), (("квт", "сағ"), "MWh", Decimal("0.001"), None),
    (("мвт", "сағ"), "MWh", Decimal("1"), None), (("гвт", "·", "ч"), "MWh", Decimal("1000"), None),
    (("гвт", "*", "ч"), "MWh", Decimal("1000"), None), (("гвт", "ч"), "MWh", Decimal("1000"), None),
    (("квт", "·", "сағ"), "MWh", Decimal("0.001"), None), (("квт", "·", "ч"), "MWh", Decimal("0.001"), None), (("квтч",), "MWh", Decimal("0.001"), None),
    (("мвт",), "MW", Decimal("1"), "capacity"), (("мегаватт",), "MW", Decimal("1"), "capacity"), (("гвт",), "MW", Decimal("1000"), "capacity"),
    (("гигаватт",), "MW", Decimal("1000"), "capacity"), (("квт",), "MW", Decimal("0.001"), "capacity"), (("киловатт",), "MW", Decimal("0.001"), "capacity"),
    # mass
    (("тонна",), "t", Decimal("1"), None), (("тонн",), "t", Decimal("1"), None), (("тн",), "t", Decimal("1"), None), (("т",), "t", Decimal("1"), None),
    (("центнер",), "t", Decimal("0.1"), None), (("кг",), "t", Decimal("0.001"), None), (("килограмм",), "t", Decimal("0.001"), None),
    # length
    (("шақырым",), "km", Decimal("1"), "length"), (("км",), "km", Decimal("1"), "length"), (("километр",), "km", Decimal("1"), "length"),
    (("метр",), "km", Decimal("0.001"), "length"),
    # jobs and people
    (("жұмыс", "орн"), "person", Decimal("1"), "jobs"), (("жұмыс", "орын"), "person", Decimal("1"), "jobs"),
    (("рабоч", "мест"), "person", Decimal("1"), "jobs"), (("рабочих",), "person", Decimal("1"), "jobs"), (("рабочие",), "person", Decimal("1"), "jobs"), (("жұмысшы",), "person", Decimal("1"), "jobs"),
    (("қызметкер",), "person", Decimal("1"), "jobs"), (("сотрудник",), "person", Decimal("1"), "jobs"),
    (("работник",), "person", Decimal("1"), "jobs"), (("маман",), "person", Decimal("1"), None), (("специалист",), "person", Decimal("1"), None),
    (("адам",), "person", Decimal("1"), None), (("человек",), "person", Decimal("1"), None), (("чел",), "person", Decimal("1"), None),
    (("люд",), "person", Decimal("1"), None), (("тұрғын",), "person", Decimal("1"), "population"), (("жител",), "person", Decimal("1"), "population"),
    # pieces
    (("дана",), "unit", Decimal("1"), None), (("штук",), "unit", Decimal("1"), None), (("шт",), "unit", Decimal("1"), None),
    (("бірлік",), "unit", Decimal("1"), None), (("единиц",), "unit", Decimal("1"), None),
    # the canning industry's unit: "8 млн шартты банка", "15 млн условных банок"
    (("шартты", "банка"), "unit", Decimal("1"), None), (("шартты", "банк"), "unit", Decimal("1"), None),
    (("условн", "банк"), "unit", Decimal("1"), None),
    # percent
    (("%",), "%", Decimal("1"), None), (("пайыз",), "%", Decimal("1"), None), (("процент",), "%", Decimal("1"), None),
]

# Counted nouns: a bare number before them is a count (unit "unit").
COUNTED: list[tuple[str, str]] = [
    ("жоба", "count_projects"), ("проект", "count_projects"), ("инвестжоба", "count_projects"), ("инвестпроект", "count_projects"),
    ("кәсіпорын", "count_enterprises"), ("кәсіпорн", "count_enterprises"), ("предприят", "count_enterprises"),
    ("компания", "count_enterprises"), ("компани", "count_enterprises"), ("зауыт", "count_enterprises"),
    ("завод", "count_enterprises"), ("фабрика", "count_enterprises"), ("фабрик", "count_enterprises"),
    ("өндіріс", "count_enterprises"), ("производств", "count_enterprises"), ("цех", "count_facilities"),
    ("кешен", "count_enterprises"), ("комплекс", "count_enterprises"),
    ("нысан", "count_facilities"), ("объект", "count_facilities"), ("станция", "count_facilities"),
    ("станци", "count_facilities"), ("мектеп", "count_facilities"), ("школ", "count_facilities"),
    ("аурухана", "count_facilities"), ("кеніш", "count_facilities"), ("месторожден", "count_facilities"),
    ("қатысушы", "count_participants"), ("участник", "count_participants"), ("резидент", "count_participants"),
    ("кәсіпкер", "count_participants"), ("предпринимател", "count_participants"), ("субъект", "count_participants"), ("фермер", "count_participants"),
    ("хозяйств", "count_participants"), ("қожалық", "count_participants"),
    ("ғимарат", "count_facilities"), ("қойма", "count_facilities"), ("здани", "count_facilities"),
    ("корпус", "count_facilities"), ("площадк", "count_facilities"), ("склад", "count_facilities"),
    ("элеватор", "count_facilities"), ("ұңғыма", "count_facilities"), ("скважин", "count_facilities"), ("жылыжай", "count_facilities"), ("теплиц", "count_facilities"),
    ("техника", "output_volume"), ("техник", "output_volume"), ("голов", "output_volume"), ("пар", "output_volume"),
    ("автокөлік", "output_volume"), ("көлік", "output_volume"), ("автомобил", "output_volume"),
    ("машин", "output_volume"), ("вагон", "output_volume"), ("трактор", "output_volume"),
    ("комбайн", "output_volume"), ("тауар", "output_volume"), ("бас", "output_volume"), ("жұп", "output_volume"),
    # lines, mines, power plants and farms (after "фермер" above, which a farm's prefix also matches)
    ("линия", "count_facilities"), ("линии", "count_facilities"), ("линий", "count_facilities"),
    ("желі", "count_facilities"), ("шахт", "count_facilities"), ("шахта", "count_facilities"),
    ("шахты", "count_facilities"), ("рудник", "count_facilities"), ("электростанц", "count_facilities"),
    ("сэс", "count_facilities"), ("вэс", "count_facilities"), ("гэс", "count_facilities"), ("тэц", "count_facilities"),
    ("жэс", "count_facilities"), ("кэс", "count_facilities"), ("ферм", "count_facilities"),
]

QUAL_BEFORE: dict[tuple[str, ...], str] = {
    ("шамамен",): "about", ("шамасы",): "about", ("около",): "about", ("примерно",): "about",
    ("порядка",): "about", ("почти",): "about", ("приблизительно",): "about", ("ок",): "about",
    ("более",): "more_than", ("свыше",): "more_than", ("больше",): "more_than", ("не", "менее"): "more_than",
    ("не", "меньше"): "more_than", ("кем", "дегенде"): "more_than", ("аса",): "more_than",
    ("менее",): "less_than", ("меньше",): "less_than", ("не", "более"): "up_to", ("до",): "up_to",
    ("не", "больше"): "up_to", ("более", "чем"): "more_than", ("более", "чем", "на"): "more_than",
    ("свыше", "чем"): "more_than", ("почти", "на"): "about", ("около", "на"): "about", ("примерно", "на"): "about",
}
QUAL_AFTER: dict[str, str] = {
    "астам": "more_than", "артық": "more_than", "аса": "more_than", "көп": "more_than", "жоғары": "more_than",
    "асты": "more_than", "асып": "more_than", "асады": "more_than", "асатын": "more_than",
    "жуық": "about", "тарта": "about", "шамасында": "about", "шамасы": "about", "шамалы": "about", "дейін": "up_to", "кем": "less_than", "аз": "less_than",
    "төмен": "less_than",
}


EXACT = {"мвт", "гвт", "квт", "шт", "чел", "тн", "кг", "км", "руб", "usd", "eur", "rub", "cny", "kzt", "кв",
         "м²", "км²", "м³", "ақш", "сша", "мвтч", "квтч", "бас", "пар", "пары", "пара", "жұп",
         "желі", "шахт", "шахта", "шахты", "сэс", "вэс", "гэс", "тэц", "жэс", "кэс"}


_VOICED = {"к": "г", "қ": "ғ", "п": "б"}


@lru_cache(maxsize=1 << 18)
def token_matches(matcher: str, token: str) -> bool:
    t = token.lower()
    if len(matcher) <= 2 or matcher in EXACT or not matcher[0].isalpha():
        base = t.split("-")[0]
        return base == matcher or t == matcher
    if t.startswith(matcher) and len(t) - len(matcher) <= 9:
        return True
    # Kazakh stems ending in к/қ/п voice before a vowel suffix: көлік -> көлігі, құрылық -> құрылығы
    last = matcher[-1]
    if last in _VOICED and len(matcher) >= 4:
        alt = matcher[:-1] + _VOICED[last]
        return t.startswith(alt) and len(t) > len(alt) and t[len(alt)] in "аәеиоөуұүыі" and len(t) - len(alt) <= 9
    return False


def _exact_matcher(m: str) -> bool:
    return len(m) <= 2 or m in EXACT or not m[0].isalpha()


@lru_cache(maxsize=1)
def _first_word_index() -> tuple[dict, dict]:
    """UNIT_PATTERNS indices by their first matcher: exact matchers by the word, prefix matchers by
    their first letter (a prefix match, voiced or not, starts with it)."""
    exact: dict[str, list[int]] = {}
    prefix: dict[str, list[int]] = {}
    for k, (pat, *_r) in enumerate(UNIT_PATTERNS):
        m = pat[0]
        if _exact_matcher(m):
            exact.setdefault(m, []).append(k)
        else:
            prefix.setdefault(m[0], []).append(k)
    return exact, prefix


@lru_cache(maxsize=1 << 16)
def patterns_from(token: str) -> tuple[int, ...]:
    """Indices (in order) of the UNIT_PATTERNS whose first word matches ``token``."""
    exact, prefix = _first_word_index()
    t = token.lower()
    cand = set(exact.get(t, ())) | set(exact.get(t.split("-")[0], ())) | set(prefix.get(t[:1], ()))
    return tuple(k for k in sorted(cand) if token_matches(UNIT_PATTERNS[k][0][0], token))
