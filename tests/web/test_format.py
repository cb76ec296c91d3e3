from datetime import date, datetime
from decimal import Decimal

from orken.web import format as f

T = "\u202f"


def test_money_is_scaled_the_kazakh_way():
    assert f.money(Decimal("1600000000000")) == "1,6 трлн ₸"
    assert f.money("572912345678.12") == "572,9 млрд ₸"
    assert f.money(Decimal("12345678")) == "12,3 млн ₸"
    assert f.money(Decimal("2000000000")) == "2 млрд ₸"  # no trailing ,0
    assert f.money(850000) == f"850{T}000 ₸"
    assert f.money(None) == ""


def test_money_rounds_half_up_and_crosses_scales():
    assert f.money(Decimal("572950000000")) == "573 млрд ₸"
    assert f.money(Decimal("999999999999")) == f"1{T}000 млрд ₸"
    assert f.money(Decimal("-1500000")) == "−1,5 млн ₸"


def test_money_in_russian_and_english():
    assert f.money(Decimal("572912345678"), "ru") == "572,9 млрд ₸"
    assert f.money(Decimal("572912345678"), "en") == "572.9 bn ₸"
    assert f.money(Decimal("1600000000000"), "en") == "1.6 trn ₸"


def test_numbers_use_thin_spaces_and_decimal_comma():
    assert f.number(1234567) == f"1{T}234{T}567"
    assert f.number(Decimal("1234.56"), "kk", 1) == f"1{T}234,6"
    assert f.number(Decimal("1234.56"), "en", 1) == "1,234.6"
    assert f.number(999) == "999"
    assert f.number(0) == "0"
    assert f.number(None) == ""
    assert f.exact_money(Decimal("12.5")) == "12,50 ₸"
    assert f.exact_money(Decimal("1250000")) == f"1{T}250{T}000 ₸"


def test_dates_are_day_month_year():
    assert f.day(date(2026, 11, 22)) == "22.11.2026"
    assert f.day("2026-11-22") == "22.11.2026"
    assert f.day(datetime(2026, 1, 2, 10, 30)) == "02.01.2026"
    assert f.day(None) == ""


def test_percent():
    assert f.percent(1, 3) == "33,3%"
    assert f.percent(1, 0) == ""


def test_system_notes_are_shown_in_the_page_language():
    from orken.web.pages import i18n
    from orken.web.pages.render import note_text

    assert note_text("news: Завод запущен", i18n.translator("ru")) == "из новостей: Завод запущен"
    assert note_text("news: Зауыт", i18n.translator("kk")) == "жаңалықтардан: Зауыт"
    assert note_text("пуск первой очереди", i18n.translator("kk")) == "пуск первой очереди"
