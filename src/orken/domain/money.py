"""Money in tenge and foreign currencies.

KZT is the base currency. An amount in USD, EUR, RUB or CNY keeps its currency and the date it
refers to, and converts to KZT only through an official rate for that date. When there is no
rate, conversion says so (``MissingRate``) instead of guessing. Amounts are always ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum
from typing import Protocol


class Currency(StrEnum):
    KZT = "KZT"
    USD = "USD"
    EUR = "EUR"
    RUB = "RUB"
    CNY = "CNY"


TIYN = Decimal("0.01")


class MissingRate(LookupError):
    """No official rate is known for a currency on a date."""

    def __init__(self, currency: str, on: date | None):
        self.currency, self.on = currency, on
        when = on.isoformat() if on else "an unknown date"
        super().__init__(f"no {currency}/KZT rate for {when}; import the National Bank rates for that date")


class RateSource(Protocol):
    def rate(self, currency: Currency, on: date) -> Decimal | None:
        """KZT per one unit of ``currency`` on ``on``, or None when unknown."""


def to_decimal(value: object) -> Decimal:
    """Parse an amount exactly; floats are refused because they are not exact."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or isinstance(value, float):
        raise TypeError("money must be given as Decimal, int or a decimal string, not float")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"not a decimal amount: {value!r}") from None
    else:
        raise TypeError(f"cannot read an amount from {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("amount must be finite")
    return result


def in_tiyn(amount: Decimal) -> Decimal:
    """An amount of tenge rounded to the tiyn."""
    return amount.quantize(TIYN, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: Currency = Currency.KZT
    on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        object.__setattr__(self, "currency", Currency(self.currency))

    def to_kzt(self, rates: RateSource | None = None) -> Decimal:
        """The amount in tenge, rounded to the tiyn."""
        if self.currency is Currency.KZT:
            return in_tiyn(self.amount)
        if self.on is None:
            raise MissingRate(self.currency, None)
        rate = rates.rate(self.currency, self.on) if rates else None
        if rate is None:
            raise MissingRate(self.currency, self.on)
        return (self.amount * rate).quantize(TIYN, rounding=ROUND_HALF_EVEN)


class RateTable:
    """An in-memory table of official rates: exact date match only (no interpolation)."""

    def __init__(self, rows: dict[tuple[Currency, date], Decimal] | None = None):
        self._rows = dict(rows or {})

    def add(self, currency: str, on: date, kzt_per_unit: Decimal | str) -> None:
        rate = to_decimal(kzt_per_unit)
        if rate <= 0:
            raise ValueError("a rate must be positive")
        self._rows[(Currency(currency), on)] = rate

    def rate(self, currency: Currency, on: date) -> Decimal | None:
        return self._rows.get((Currency(currency), on))

    def __len__(self) -> int:
        return len(self._rows)


def to_tiyn(kzt: Decimal) -> int:
    """Exact integer storage of a KZT amount (1 tenge = 100 tiyn)."""
    return int((kzt / TIYN).to_integral_value(rounding=ROUND_HALF_EVEN))


def from_tiyn(tiyn: int | None) -> Decimal | None:
    return None if tiyn is None else (Decimal(int(tiyn)) * TIYN)
