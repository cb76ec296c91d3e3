from datetime import date
from decimal import Decimal

import pytest

from orken.domain.money import Currency, MissingRate, Money, RateTable, from_tiyn, to_decimal, to_tiyn


def test_kzt_needs_no_rate_and_is_rounded_to_the_tiyn():
    assert Money("1600000000000").to_kzt() == Decimal("1600000000000.00")
    assert Money("10.005").to_kzt() == Decimal("10.00")  # banker's rounding


def test_foreign_amount_converts_with_the_rate_of_its_date():
    rates = RateTable()
    rates.add("USD", date(2015, 3, 2), "185.50")
    assert Money("1000000", Currency.USD, date(2015, 3, 2)).to_kzt(rates) == Decimal("185500000.00")


def test_missing_rate_is_reported_not_guessed():
    rates = RateTable()
    rates.add("USD", date(2015, 3, 2), "185.50")
    with pytest.raises(MissingRate, match="no USD/KZT rate for 2015-03-03"):
        Money("1", "USD", date(2015, 3, 3)).to_kzt(rates)
    with pytest.raises(MissingRate, match="unknown date"):
        Money("1", "EUR").to_kzt(rates)


def test_floats_are_refused_and_local_formats_read():
    with pytest.raises(TypeError):
        Money(0.1)
    assert to_decimal("1 234,5") == Decimal("1234.5")
    with pytest.raises(ValueError):
        to_decimal("много")
    with pytest.raises(ValueError):
        RateTable().add("USD", date(2020, 1, 1), "-1")


def test_tiyn_storage_round_trips_exactly():
    for amount in ["0.01", "572900000000.00", "1600000000000.99"]:
        assert from_tiyn(to_tiyn(Decimal(amount))) == Decimal(amount)
    assert from_tiyn(None) is None
