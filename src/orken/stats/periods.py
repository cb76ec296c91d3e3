"""Reading the period of a statistics value: "2024", "2024 г.", "9 месяцев 2025", "январь-сентябрь
2025", "2025 жылдың 9 айы", "Q1 2025" -> (year, months from January) or a span kept as text."""

from __future__ import annotations

import re

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8, "сентябр": 9,
    "октябр": 10, "ноябр": 11, "декабр": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
    "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}


def _month(word: str) -> int | None:
    w = word.casefold()
    for stem in sorted(MONTHS, key=len, reverse=True):
        if w.startswith(stem) and (stem != "ма" or w in ("май", "мая", "мае")):
            return MONTHS[stem]
    return None


def parse(text: str | int | None, default_year: int | None = None) -> tuple[int, int | None, str | None] | None:
    """(year, months, period_text): months = 12 for a year, N for "N months" / "January-<month>";
    None months with the text kept when the period is a span of years or unclear; None if no year."""
    if text is None:
        return None
    s = str(text).strip()
    years = [int(y) for y in re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", s)]
    year = years[-1] if years else default_year
    if year is None:
        return None
    rest = re.sub(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", " ", s).casefold()
    rest = re.sub(r"\b(г|гг|год|года|жыл|жылы|жылғы|жылдың|year|years)\b\.?", " ", rest).strip(" .,-–")
    if len(years) > 1 and not re.search(r"\d|[a-zа-яәіңғүұқөһ]", rest):
        return year, None, s  # "2016-2022": a span, kept as reported
    if not rest:
        return year, 12, None
    m = re.search(r"(\d{1,2})\s*-?\s*(месяц\w*|мес\b|ай\w*|months?\b|m\b)", rest)
    if m and 1 <= int(m.group(1)) <= 12:
        return year, int(m.group(1)), None
    m = re.search(r"\b(q|кв|квартал|тоқсан)\s*(\d)|(\d)\s*(квартал|кв|тоқсан)|\b(i{1,3}|iv)\s*(квартал|кв)", rest)
    if m:
        q = m.group(2) or m.group(3) or {"i": "1", "ii": "2", "iii": "3", "iv": "4"}[m.group(5)]
        return year, 3 * int(q), None
    m = re.search(r"(полугоди|half|h1|жарты)", rest)
    if m:
        return year, 6, None
    words = re.findall(r"[^\W\d_]+", rest)
    months = [_month(w) for w in words if _month(w)]
    if months:
        return year, max(months), None  # "январь-сентябрь" -> 9 (a cumulative span from January)
    return year, None, s
