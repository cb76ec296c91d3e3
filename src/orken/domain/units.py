"""Units of measure for capacity and output, with exact conversions.

A quantity is a Decimal with a unit; units of one dimension convert exactly by a factor to that
dimension's base unit. Production rates also have a period (per year, day or shift); turning a
daily or per-shift figure into an annual one needs the operating calendar, which the caller gives
explicitly rather than Orken assuming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from orken.i18n import LANGS, Msgid, N_, translator


@dataclass(frozen=True)
class Unit:
    code: str
    dimension: str
    factor: Decimal  # how many base units one of this unit is
    #: its short name: a msgid of the catalogs (context "unit"), the English abbreviation
    label: Msgid

    @property
    def names(self) -> dict[str, str]:
        """Its short name in each interface language."""
        return {lang: translator(lang)(self.label) for lang in LANGS}


def _u(code: str, dimension: str, factor: str, en: str) -> Unit:
    return Unit(code, dimension, Decimal(factor), N_(en, context="unit"))


UNITS: dict[str, Unit] = {
    u.code: u
    for u in [
        _u("t", "mass", "1", "t"),
        _u("thousand_t", "mass", "1000", "thousand t"),
        _u("million_t", "mass", "1000000", "million t"),
        _u("kg", "mass", "0.001", "kg"),
        _u("unit", "count", "1", "units"),
        _u("thousand_units", "count", "1000", "thousand units"),
        _u("container", "containers", "1", "containers"),
        _u("m2", "area", "1", "m²"),
        _u("thousand_m2", "area", "1000", "thousand m²"),
        _u("ha", "area", "10000", "ha"),
        _u("km2", "area", "1000000", "km²"),
        _u("MW", "power", "1", "MW"),
        _u("kW", "power", "0.001", "kW"),
        _u("GW", "power", "1000", "GW"),
        _u("MWh", "energy", "1", "MWh"),
        _u("kWh", "energy", "0.001", "kWh"),
        _u("GWh", "energy", "1000", "GWh"),
        _u("l", "volume", "1", "l"),
        _u("m3", "volume", "1000", "m³"),
        _u("thousand_l", "volume", "1000", "thousand l"),
        _u("km", "length", "1", "km"),
        _u("m", "length", "0.001", "m"),
    ]
}


class Period(StrEnum):
    YEAR = "year"
    DAY = "day"
    SHIFT = "shift"


class IncompatibleUnits(ValueError):
    pass


def unit(code: str) -> Unit:
    try:
        return UNITS[code]
    except KeyError:
        raise ValueError(f"unknown unit {code!r}; known units: {', '.join(UNITS)}") from None


def convert(quantity: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Convert between units of one dimension (t -> thousand_t, ha -> m2, ...)."""
    a, b = unit(from_unit), unit(to_unit)
    if a.dimension != b.dimension:
        raise IncompatibleUnits(f"cannot convert {a.dimension} ({a.code}) to {b.dimension} ({b.code})")
    return Decimal(quantity) * a.factor / b.factor


def annualise(
    quantity: Decimal,
    period: Period | str,
    *,
    operating_days: int | None = None,
    shifts_per_day: int | None = None,
) -> Decimal:
    """A per-day or per-shift rate as a per-year rate, given the operating calendar."""
    period = Period(period)
    quantity = Decimal(quantity)
    if period is Period.YEAR:
        return quantity
    if operating_days is None:
        raise ValueError("operating_days is needed to annualise a daily or per-shift rate")
    if period is Period.DAY:
        return quantity * operating_days
    if shifts_per_day is None:
        raise ValueError("shifts_per_day is needed to annualise a per-shift rate")
    return quantity * shifts_per_day * operating_days
