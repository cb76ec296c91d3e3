"""Numbers, money and dates written the Kazakh way, for the web pages (pure functions, no I/O).

Thousands are grouped with a narrow no-break space (U+202F, a thin space that never breaks a
line), decimals take a comma in Kazakh and Russian (a point in English), large tenge amounts are
scaled to мың / млн / млрд / трлн with one decimal (``1,6 трлн ₸``, ``572,9 млрд ₸``) and dates
are ``22.11.2026``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from orken.i18n import LANGS, N_, translator

THIN = "\u202f"  # narrow no-break space: the thin thousands separator
TENGE = "₸"

#: (threshold, short word: a msgid) from the largest down
SCALES = ((10**12, N_("trn", context="number scale")), (10**9, N_("bn", context="number scale")),
          (10**6, N_("m", context="number scale")))


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


def number(value, lang: str = "kk", decimals: int = 0) -> str:
    """``1234567.5`` -> ``1 234 567,5`` (thin spaces; a point for English); '' for None."""
    d = _decimal(value)
    if d is None:
        return ""
    q = Decimal(1).scaleb(-decimals)
    d = d.quantize(q, rounding=ROUND_HALF_UP)
    sign = "−" if d < 0 else ""
    whole, _, frac = format(abs(d), "f").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = THIN.join(groups) if lang != "en" else ",".join(groups)
    if frac and decimals:
        text += ("." if lang == "en" else ",") + frac
    return sign + text


def short(value, lang: str = "kk") -> str:
    """A large amount scaled with one decimal, trailing ``,0`` dropped: ``1,6 трлн``, ``2 млрд``."""
    d = _decimal(value)
    if d is None:
        return ""
    gettext = translator(lang if lang in LANGS else "kk")
    for threshold, word in SCALES:
        word = gettext(word)
        if abs(d) >= threshold:
            scaled = (d / threshold).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            text = number(scaled, lang, 1 if scaled != scaled.to_integral_value() else 0)
            return f"{text} {word}"
    return number(d, lang)


def money(value, lang: str = "kk") -> str:
    """Tenge, scaled: ``1,6 трлн ₸``, ``572,9 млрд ₸``, ``850 000 ₸``; '' for None."""
    text = short(value, lang)
    return f"{text} {TENGE}" if text else ""


def exact_money(value, lang: str = "kk") -> str:
    """Tenge to the tiyn where there are tiyn: ``1 250 000 ₸``, ``12,50 ₸``."""
    d = _decimal(value)
    if d is None:
        return ""
    return f"{number(d, lang, 0 if d == d.to_integral_value() else 2)} {TENGE}"


def day(value) -> str:
    """A date as ``22.11.2026`` (also from an ISO string); '' for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d.%m.%Y")


def percent(part, whole, lang: str = "kk") -> str:
    p, w = _decimal(part), _decimal(whole)
    if p is None or not w:
        return ""
    return number(p * 100 / w, lang, 1) + "%"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


#: a quarter of a year (English with its digit; kk and ru write the Roman numeral)
QUARTER = N_("Q%(q)s %(year)s", context="quarter")


def quarter(year, q, lang: str = "kk") -> str:
    """A quarter in words: ``2025 ж. III тоқсан``, ``III кв. 2025``, ``Q3 2025``; '' when unknown."""
    if not year or not q:
        return ""
    roman = ROMAN.get(int(q), str(q))
    return translator(lang if lang in LANGS else "en")(QUARTER, q=q, roman=roman, year=year)


def reported(value) -> str:
    """A date as reported, written as precisely as it is known: ``2024``, ``05.2024``, ``03.05.2024``."""
    if not value:
        return ""
    text = str(value)
    if len(text) == 4:
        return text
    if len(text) == 7:
        return f"{text[5:7]}.{text[:4]}"
    return day(text)


def at_precision(value, precision: str | None, lang: str = "kk") -> str:
    """A date written only as precisely as it is known: a year ``2026``, a quarter (see ``quarter``),
    a month ``05.2026``, else the day ``22.11.2026``; '' for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if precision == "year":
        return str(value.year)
    if precision == "quarter":
        return quarter(value.year, (value.month - 1) // 3 + 1, lang)
    if precision == "month":
        return f"{value.month:02d}.{value.year}"
    return day(value)
