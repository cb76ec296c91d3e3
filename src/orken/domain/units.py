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


@dataclass(frozen=True)
class Unit:
    code: str
    dimension: str
    factor: Decimal  # how many base units one of this unit is
    names: dict[str, str]


def _u(code: str, dimension: str, factor: str, kk: str, ru: str, en: str) -> Unit:
    return Unit(code, dimension, Decimal(factor), {"kk": kk, "ru": ru, "en": en})


UNITS: dict[str, Unit] = {
    u.code: u
    for u in [
        _u("t", "mass", "1", "т", "т", "t"),
        _u("thousand_t", "mass", "1000", "мың т", "тыс. т", "thousand t"),
        _u("million_t", "mass", "1000000", "млн т", "млн т", "million t"),
        _u("kg", "mass", "0.001", "кг", "кг", "kg"),
        _u("unit", "count", "1", "дана", "шт.", "units"),
        _u("thousand_units", "count", "1000", "мың дана", "тыс. шт.", "thousand units"),
        _u("container", "containers", "1", "контейнер", "контейнеров", "containers"),
        _u("m2", "area", "1", "м²", "м²", "m²"),
        _u("thousand_m2", "area", "1000", "мың м²", "тыс. м²", "thousand m²"),
        _u("ha", "area", "10000", "га", "га", "ha"),
        _u("km2", "area", "1000000", "км²", "км²", "km²"),
        _u("MW", "power", "1", "МВт", "МВт", "MW"),
        _u("kW", "power", "0.001", "кВт", "кВт", "kW"),
        _u("GW", "power", "1000", "ГВт", "ГВт", "GW"),
        _u("MWh", "energy", "1", "МВт·сағ", "МВт·ч", "MWh"),
        _u("kWh", "energy", "0.001", "кВт·сағ", "кВт·ч", "kWh"),
        _u("GWh", "energy", "1000", "ГВт·сағ", "ГВт·ч", "GWh"),
        _u("l", "volume", "1", "л", "л", "l"),
        _u("m3", "volume", "1000", "м³", "м³", "m³"),
        _u("thousand_l", "volume", "1000", "мың л", "тыс. л", "thousand l"),
        _u("km", "length", "1", "км", "км", "km"),
        _u("m", "length", "0.001", "м", "м", "m"),
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
