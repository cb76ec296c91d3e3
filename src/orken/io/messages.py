"""User-facing messages of import and export in Kazakh, Russian and English."""

from __future__ import annotations

LANGS = ("kk", "ru", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "kk": "міндетті мән жоқ",
        "ru": "не заполнено обязательное поле",
        "en": "a required value is missing",
    },
    "number": {
        "kk": "«{value}» сан емес",
        "ru": "«{value}» не является числом",
        "en": "{value!r} is not a number",
    },
    "negative": {
        "kk": "мән теріс болмауы керек",
        "ru": "значение не может быть отрицательным",
        "en": "the value cannot be negative",
    },
    "integer": {
        "kk": "«{value}» бүтін сан емес",
        "ru": "«{value}» не является целым числом",
        "en": "{value!r} is not a whole number",
    },
    "date": {
        "kk": "«{value}» күні танылмады (мысалы 31.12.2024 немесе 2024-12-31)",
        "ru": "не удалось распознать дату «{value}» (например 31.12.2024 или 2024-12-31)",
        "en": "{value!r} is not a date (e.g. 31.12.2024 or 2024-12-31)",
    },
    "region": {
        "kk": "«{value}» өңірі табылмады (атауы немесе ҚАТО коды)",
        "ru": "регион «{value}» не найден (укажите название или код КАТО)",
        "en": "there is no region {value!r} (give its name or KATO code)",
    },
    "district": {
        "kk": "«{value}» ауданы табылмады",
        "ru": "район «{value}» не найден",
        "en": "there is no district {value!r}",
    },
    "district_region": {
        "kk": "«{value}» ауданы көрсетілген өңірде емес",
        "ru": "район «{value}» не входит в указанный регион",
        "en": "district {value!r} is not in the given region",
    },
    "sector": {
        "kk": "«{value}» ЭҚЖЖ коды немесе салалары табылмады",
        "ru": "ОКЭД «{value}» не найден (укажите код или название раздела)",
        "en": "{value!r} is not an OKED code or sector name",
    },
    "status": {
        "kk": "«{value}» мәртебесі танылмады",
        "ru": "статус «{value}» не распознан",
        "en": "{value!r} is not a known status",
    },
    "choice": {
        "kk": "«{value}» мәні жарамсыз; мүмкін мәндер: {choices}",
        "ru": "недопустимое значение «{value}»; возможные: {choices}",
        "en": "{value!r} is not allowed; use one of {choices}",
    },
    "zone": {
        "kk": "«{value}» аймағы табылмады",
        "ru": "зона «{value}» не найдена",
        "en": "there is no zone {value!r}",
    },
    "programme": {
        "kk": "«{value}» бағдарламасы табылмады",
        "ru": "программа «{value}» не найдена",
        "en": "there is no programme {value!r}",
    },
    "currency": {
        "kk": "«{value}» валютасы қолданылмайды (KZT, USD, EUR, RUB, CNY)",
        "ru": "валюта «{value}» не поддерживается (KZT, USD, EUR, RUB, CNY)",
        "en": "currency {value!r} is not supported (KZT, USD, EUR, RUB, CNY)",
    },
    "duplicate": {
        "kk": "«{value}» сыртқы идентификаторы файлда {row}-жолда қайталанған",
        "ru": "внешний идентификатор «{value}» повторяется (уже в строке {row})",
        "en": "external id {value!r} repeats (already in row {row})",
    },
    "transition": {
        "kk": "мәртебені «{current}» күйінен «{value}» күйіне өзгертуге болмайды",
        "ru": "нельзя сменить статус с «{current}» на «{value}»",
        "en": "the status cannot go from {current!r} to {value!r}",
    },
    "invalid": {
        "kk": "жарамсыз мән: {detail}",
        "ru": "недопустимое значение: {detail}",
        "en": "invalid value: {detail}",
    },
    "no_name": {
        "kk": "атауы жоқ (қазақ, орыс немесе ағылшын тілінде)",
        "ru": "нет названия (на казахском, русском или английском)",
        "en": "there is no name (in Kazakh, Russian or English)",
    },
    "no_header": {
        "kk": "файлдың алғашқы жолдарынан бағандар тақырыбы табылмады",
        "ru": "в первых строках файла не найдена строка заголовков",
        "en": "no header row found in the first rows of the file",
    },
    "no_place": {
        "kk": "өңір, аудан немесе координаттар көрсетілмеген",
        "ru": "не указан регион, район или координаты",
        "en": "give a region, a district or coordinates",
    },
}


def t(key: str, lang: str = "ru", **params) -> str:
    """The message ``key`` in ``lang`` (falling back to Russian), with its parameters filled in."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["ru"]).format(**params)
