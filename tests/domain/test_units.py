from decimal import Decimal

import pytest

from orken.domain.units import IncompatibleUnits, annualise, convert


def test_conversions_within_a_dimension_are_exact():
    assert convert(Decimal("1.5"), "thousand_t", "t") == Decimal("1500")
    assert convert(Decimal("2"), "ha", "m2") == Decimal("20000")
    assert convert(Decimal("250"), "kW", "MW") == Decimal("0.25")
    assert convert(Decimal("3"), "m3", "l") == Decimal("3000")


def test_conversion_across_dimensions_is_refused():
    with pytest.raises(IncompatibleUnits, match="mass"):
        convert(Decimal(1), "t", "MW")
    with pytest.raises(ValueError, match="unknown unit"):
        convert(Decimal(1), "furlong", "km")


def test_annualising_needs_the_operating_calendar():
    assert annualise(Decimal(10), "year") == Decimal(10)
    assert annualise(Decimal(10), "day", operating_days=300) == Decimal(3000)
    assert annualise(Decimal(10), "shift", operating_days=300, shifts_per_day=2) == Decimal(6000)
    with pytest.raises(ValueError, match="operating_days"):
        annualise(Decimal(10), "day")
    with pytest.raises(ValueError, match="shifts_per_day"):
        annualise(Decimal(10), "shift", operating_days=250)
