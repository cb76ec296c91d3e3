"""Checking fact values before they are stored: finite, plausible, money to the minor unit.

Orken's own extractor hands the news ingest exact ``Decimal`` values (``extract_all(exact=True)``),
which pass through unchanged. Values that arrive as JSON (another extractor's output, ``int`` or
``float``) are read through their shortest decimal text (``str``), never through their binary
value, so ``45.5`` becomes ``Decimal("45.5")`` and ``1.6e12`` becomes ``Decimal("1600000000000")``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: money units of the extraction contract
MONEY_UNITS = frozenset({"KZT", "USD", "EUR", "RUB", "CNY"})
#: the largest magnitude stored (NUMERIC(28, 8) keeps 20 integer digits); bigger is not a real figure
LIMIT = Decimal(10) ** 19


class BadValue(ValueError):
    pass


def exact(value) -> Decimal | None:
    """A JSON value (int, float, numeric string or None) as a finite Decimal; raise on anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(str(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise BadValue(f"not a number: {value!r}") from None
    else:
        raise BadValue(f"not a number: {value!r}")
    if not result.is_finite():
        raise BadValue(f"not a finite number: {value!r}")
    if abs(result) >= LIMIT:
        raise BadValue(f"implausibly large: {value!r}")
    result = result.normalize()
    # normalize() may give an exponent form (1.6E+12): keep the value, drop the exponent form
    return result.quantize(Decimal(1)) if result == result.to_integral_value() else result


def money(value: Decimal) -> Decimal:
    """An amount rounded to the minor unit (tiyn, cents), as the registry stores it."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def whole(value: Decimal, field: str) -> int:
    """A count (jobs) as an int; a fractional count is refused."""
    if value != value.to_integral_value():
        raise BadValue(f"{field} must be a whole number, got {value}")
    return int(value)
