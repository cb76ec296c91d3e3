"""Properties of the number, money, unit and date parsers on arbitrary and hostile input.

- the news number parser (``orken.extract.numbers``): any text gives a finite non-negative float or None;
  integers written with any thousands separator read back exactly;
- the import's cell parsers (``orken.io.parse``): any text or cell value gives a finite Decimal (or int or
  date) or a ``ParseError``, never another exception; formatted numbers and dates read back unchanged;
- money and units (``orken.domain``): amounts read exactly, tiyn storage round-trips, unit conversion
  there and back is the identity.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from orken.domain import money, units
from orken.extract.numbers import parse_digits, scale_of, word_number
from orken.io.parse import MAX_DIGITS, ParseError, parse_date, parse_decimal, parse_int
from tests.fuzz.conftest import fuzz_settings

#: thousands separators in use: space, no-break space, narrow no-break space, dot, comma, apostrophes
SEPARATORS = [" ", "\u00a0", "\u202f", ".", ",", "'", "\u2019"]

#: characters that break naive parsers: digits of other scripts, signs, exponents, RTL, combining marks,
#: zero-width and control characters, emoji
HOSTILE = st.sampled_from(list("0123456789 ,.'-+eE") + ["\u00a0", "\u202f", "\u2019", "١", "٣", "۵", "߁", "५",
                                                          "\u0301", "\u200b", "\u200f", "\u202e", "\x00", "\x1b",
                                                          "😀", "₸", "млрд", "трлн", "тыс", "mln", "k", "%", "inf",
                                                          "nan", "Infinity", "1e400", "9" * 400])
NASTY_TEXT = st.one_of(st.text(max_size=60), st.lists(HOSTILE, max_size=20).map("".join))


def group(n: int, sep: str) -> str:
    """``n`` with its digits in groups of three: 1234567 -> '1 234 567'."""
    return f"{n:,}".replace(",", sep)


def with_decimals(value: Decimal, thousands: str, decimal: str) -> str:
    whole, frac = f"{value:.2f}".split(".")
    return group(int(whole), thousands) + decimal + frac


# --- the news number parser -------------------------------------------------------------------------


@fuzz_settings(300)
@given(NASTY_TEXT)
@example("9" * 400)
@example("1e308")
@example("1" + "\u00a0000" * 200)
def test_parse_digits_any_text(text):
    value = parse_digits(text)
    assert value is None or (math.isfinite(value) and value >= 0)


@fuzz_settings(300)
@given(st.integers(0, 2**53), st.sampled_from([" ", "\u00a0", "\u202f", ""]))
def test_parse_digits_reads_grouped_integers(n, sep):
    assert parse_digits(group(n, sep)) == n


@fuzz_settings(300)
@given(st.integers(10**6, 2**53), st.sampled_from([".", ","]))
def test_parse_digits_reads_dot_and_comma_groups(n, sep):
    """With two separators or more, dots and commas are thousands separators (one alone may be a decimal)."""
    assert parse_digits(group(n, sep)) == n


@fuzz_settings(300)
@given(NASTY_TEXT, st.sampled_from(["kk", "ru", "en", ""]))
def test_number_words_any_text(word, lang):
    for value in (scale_of(word), word_number(word, lang)):
        assert value is None or (math.isfinite(value) and value > 0)


# --- the import's cell parsers ----------------------------------------------------------------------

CELLS = st.one_of(NASTY_TEXT, st.integers(), st.floats(), st.decimals(), st.booleans(), st.none(),
                  st.dates(), st.integers(-10**500, 10**500))


@fuzz_settings(300)
@given(CELLS)
@example(float("nan"))
@example(float("inf"))
@example(Decimal("-Infinity"))
@example("1e999999999")
@example(10**400)
@example("1" + " 000" * 150)
def test_parse_decimal_any_cell(cell):
    try:
        value = parse_decimal(cell)
    except ParseError:
        return
    assert isinstance(value, Decimal) and value.is_finite()
    assert value.adjusted() < MAX_DIGITS + 12  # the largest scale word is 10^12


@fuzz_settings(300)
@given(CELLS)
@example("1e100000000")
@example(10**400)
def test_parse_int_any_cell(cell):
    try:
        value = parse_int(cell)
    except ParseError:
        return
    assert isinstance(value, int) and abs(value) < 10**30


amounts = st.decimals(min_value=0, max_value=Decimal("1e18"), places=2, allow_nan=False, allow_infinity=False)


@fuzz_settings(300)
@given(amounts, st.sampled_from([(" ", ","), ("\u00a0", ","), ("\u202f", ","), (".", ","), (",", "."),
                                 ("'", "."), ("\u2019", "."), ("", "."), ("", ",")]))
def test_parse_decimal_round_trip(value, style):
    thousands, decimal = style
    text = with_decimals(value, thousands, decimal)
    assert parse_decimal(text) == value, text


@fuzz_settings(200)
@given(st.decimals(min_value=0, max_value=Decimal("1e9"), places=2), st.sampled_from(
    [("млн", 10**6), ("млрд", 10**9), ("трлн", 10**12), ("тыс", 10**3), ("mln", 10**6), ("bn", 10**9)]))
def test_parse_decimal_scale_words(value, scale):
    word, factor = scale
    assert parse_decimal(f"{with_decimals(value, ' ', ',')} {word}") == value * factor


@fuzz_settings(300)
@given(st.integers(-10**17, 10**17), st.sampled_from([" ", "\u00a0", "\u202f", "'", ""]))
def test_parse_int_round_trip(n, sep):
    text = ("-" if n < 0 else "") + group(abs(n), sep)
    assert parse_int(text) == n


@fuzz_settings(300)
@given(NASTY_TEXT)
@example("31.02.2024")
@example("99999-01-01")
@example("0000-00-00")
def test_parse_date_any_text(text):
    try:
        value = parse_date(text)
    except ParseError:
        return
    assert isinstance(value, date)


@fuzz_settings(300)
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]))
def test_parse_date_round_trip(day, fmt):
    assert parse_date(day.strftime(fmt)) == day


# --- money and units --------------------------------------------------------------------------------


@fuzz_settings(300)
@given(NASTY_TEXT)
def test_money_reads_any_text_exactly_or_refuses(text):
    try:
        value = money.to_decimal(text)
    except ValueError:
        return
    assert value.is_finite()


@fuzz_settings(300)
@given(st.decimals(min_value=-Decimal("92233720368547758.07"), max_value=Decimal("92233720368547758.07"),
                   places=2))
def test_tiyn_round_trip(amount):
    assert money.from_tiyn(money.to_tiyn(amount)) == amount
    assert money.to_decimal(str(amount)) == amount
    assert money.Money(amount).to_kzt() == amount


same_dimension = [(a, b) for a in units.UNITS for b in units.UNITS
                  if units.UNITS[a].dimension == units.UNITS[b].dimension]


@fuzz_settings(300)
@given(st.sampled_from(same_dimension), st.decimals(min_value=0, max_value=Decimal("1e12"), places=3))
def test_unit_conversion_there_and_back(pair, quantity):
    a, b = pair
    there = units.convert(quantity, a, b)
    assert there.is_finite() and there >= 0
    assert units.convert(there, b, a) == pytest.approx(quantity, rel=Decimal("1e-20"))
