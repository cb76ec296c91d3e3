"""Unit and qualifier lexicon (Kazakh and Russian, all case forms via prefixes).

Each unit pattern is a tuple of token matchers; a matcher of up to three letters must
equal the token (before any hyphenated suffix), a longer one is a prefix of it.
Entries: (pattern, unit, multiplier, measure hint or None).
"""
from __future__ import annotations

UNIT_PATTERNS: list[tuple[tuple[str, ...], str, float, str | None]] = [
    # money
    (("ақш", "доллар"), "USD", 1, None), (("сша", "доллар"), "USD", 1, None), (("доллар",), "USD", 1, None),
    (("долл",), "USD", 1, None), (("$",), "USD", 1, None), (("usd",), "USD", 1, None),
    (("теңге",), "KZT", 1, None), (("тенге",), "KZT", 1, None), (("₸",), "KZT", 1, None),
    (("тг",), "KZT", 1, None), (("kzt",), "KZT", 1, None),
    (("евро",), "EUR", 1, None), (("еуро",), "EUR", 1, None), (("€",), "EUR", 1, None), (("eur",), "EUR", 1, None),
    (("рубл",), "RUB", 1, None), (("руб",), "RUB", 1, None), (("rub",), "RUB", 1, None),
    (("юан",), "CNY", 1, None), (("юань",), "CNY", 1, None), (("cny",), "CNY", 1, None),
    # area
    (("шаршы", "метр"), "m2", 1, "area"), (("шаршы", "шақырым"), "ha", 100, "area"),
    (("квадрат", "метр"), "m2", 1, "area"), (("кв", ".", "м"), "m2", 1, "area"), (("кв", "м"), "m2", 1, "area"),
    (("кв", ".", "км"), "ha", 100, "area"), (("кв", "км"), "ha", 100, "area"),
    (("м²",), "m2", 1, "area"), (("м", "2"), "m2", 1, "area"), (("км²",), "ha", 100, "area"),
    (("гектар",), "ha", 1, "area"), (("га",), "ha", 1, "area"),
    # volume (cubic metres as litres)
    (("текше", "метр"), "l", 1000, None), (("куб", ".", "м"), "l", 1000, None), (("кубометр",), "l", 1000, None),
    (("кубическ", "метр"), "l", 1000, None), (("м³",), "l", 1000, None), (("литр",), "l", 1, None), (("л",), "l", 1, None),
    # energy and power
    (("мвт", "·", "сағ"), "MWh", 1, None), (("мвт", "*", "сағ"), "MWh", 1, None), (("мвт", "·", "ч"), "MWh", 1, None),
    (("мвт", "*", "ч"), "MWh", 1, None), (("мвтч",), "MWh", 1, None), (("мвт", "ч"), "MWh", 1, None),
    (("квт", "·", "сағ"), "MWh", 0.001, None), (("квт", "·", "ч"), "MWh", 0.001, None), (("квтч",), "MWh", 0.001, None),
    (("мвт",), "MW", 1, "capacity"), (("мегаватт",), "MW", 1, "capacity"), (("гвт",), "MW", 1000, "capacity"),
    (("гигаватт",), "MW", 1000, "capacity"), (("квт",), "MW", 0.001, "capacity"), (("киловатт",), "MW", 0.001, "capacity"),
    # mass
    (("тонна",), "t", 1, None), (("тонн",), "t", 1, None), (("тн",), "t", 1, None), (("т",), "t", 1, None),
    (("центнер",), "t", 0.1, None), (("кг",), "t", 0.001, None), (("килограмм",), "t", 0.001, None),
    # length
    (("шақырым",), "km", 1, "length"), (("км",), "km", 1, "length"), (("километр",), "km", 1, "length"),
    (("метр",), "km", 0.001, "length"),
    # jobs and people
    (("жұмыс", "орн"), "person", 1, "jobs"), (("жұмыс", "орын"), "person", 1, "jobs"),
    (("рабоч", "мест"), "person", 1, "jobs"), (("рабочих",), "person", 1, "jobs"), (("рабочие",), "person", 1, "jobs"), (("жұмысшы",), "person", 1, "jobs"),
    (("қызметкер",), "person", 1, "jobs"), (("сотрудник",), "person", 1, "jobs"),
    (("работник",), "person", 1, "jobs"), (("маман",), "person", 1, None), (("специалист",), "person", 1, None),
    (("адам",), "person", 1, None), (("человек",), "person", 1, None), (("чел",), "person", 1, None),
    (("люд",), "person", 1, None), (("тұрғын",), "person", 1, "population"), (("жител",), "person", 1, "population"),
    # pieces
    (("дана",), "unit", 1, None), (("штук",), "unit", 1, None), (("шт",), "unit", 1, None),
    (("бірлік",), "unit", 1, None), (("единиц",), "unit", 1, None),
    # percent
    (("%",), "%", 1, None), (("пайыз",), "%", 1, None), (("процент",), "%", 1, None),
]

# Counted nouns: a bare number before them is a count (unit "unit").
COUNTED: list[tuple[str, str]] = [
    ("жоба", "count_projects"), ("проект", "count_projects"), ("инвестжоба", "count_projects"),
    ("кәсіпорын", "count_enterprises"), ("кәсіпорн", "count_enterprises"), ("предприят", "count_enterprises"),
    ("компания", "count_enterprises"), ("компани", "count_enterprises"), ("зауыт", "count_enterprises"),
    ("завод", "count_enterprises"), ("фабрика", "count_enterprises"), ("фабрик", "count_enterprises"),
    ("өндіріс", "count_enterprises"), ("производств", "count_enterprises"), ("цех", "count_facilities"),
    ("нысан", "count_facilities"), ("объект", "count_facilities"), ("станция", "count_facilities"),
    ("станци", "count_facilities"), ("мектеп", "count_facilities"), ("школ", "count_facilities"),
    ("аурухана", "count_facilities"), ("кеніш", "count_facilities"), ("месторожден", "count_facilities"),
    ("қатысушы", "count_participants"), ("участник", "count_participants"), ("резидент", "count_participants"),
    ("кәсіпкер", "count_participants"), ("субъект", "count_participants"), ("фермер", "count_participants"),
    ("ғимарат", "count_facilities"), ("қойма", "count_facilities"), ("здани", "count_facilities"),
    ("корпус", "count_facilities"), ("площадк", "count_facilities"), ("склад", "count_facilities"),
    ("элеватор", "count_facilities"), ("ұңғыма", "count_facilities"), ("скважин", "count_facilities"), ("жылыжай", "count_facilities"), ("теплиц", "count_facilities"),
    ("техника", "output_volume"), ("техник", "output_volume"), ("голов", "output_volume"), ("пар", "output_volume"),
    ("автокөлік", "output_volume"), ("көлік", "output_volume"), ("автомобил", "output_volume"),
    ("машин", "output_volume"), ("вагон", "output_volume"), ("трактор", "output_volume"),
    ("комбайн", "output_volume"), ("тауар", "output_volume"), ("бас", "output_volume"),
]

QUAL_BEFORE: dict[tuple[str, ...], str] = {
    ("шамамен",): "about", ("шамасы",): "about", ("около",): "about", ("примерно",): "about",
    ("порядка",): "about", ("почти",): "about", ("приблизительно",): "about", ("ок",): "about",
    ("более",): "more_than", ("свыше",): "more_than", ("больше",): "more_than", ("не", "менее"): "more_than",
    ("не", "меньше"): "more_than", ("кем", "дегенде"): "more_than", ("аса",): "more_than",
    ("менее",): "less_than", ("меньше",): "less_than", ("не", "более"): "up_to", ("до",): "up_to",
    ("не", "больше"): "up_to",
}
QUAL_AFTER: dict[str, str] = {
    "астам": "more_than", "артық": "more_than", "аса": "more_than", "көп": "more_than", "жоғары": "more_than",
    "жуық": "about", "тарта": "about", "шамасында": "about", "шамасы": "about", "шамалы": "about", "дейін": "up_to", "кем": "less_than", "аз": "less_than",
    "төмен": "less_than",
}


EXACT = {"мвт", "гвт", "квт", "шт", "чел", "тн", "кг", "км", "руб", "usd", "eur", "rub", "cny", "kzt", "кв",
         "м²", "км²", "м³", "ақш", "сша", "мвтч", "квтч", "бас", "пар", "пары", "пара"}


def token_matches(matcher: str, token: str) -> bool:
    t = token.lower()
    if len(matcher) <= 2 or matcher in EXACT or not matcher[0].isalpha():
        base = t.split("-")[0]
        return base == matcher or t == matcher
    return t.startswith(matcher) and len(t) - len(matcher) <= 9
