"""Converting stored amounts to KZT with the official rates in the database (exchange_rates, annual_rates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AnnualRate, ExchangeRate, Project
from orken.domain.money import Currency, MissingRate, Money, in_tiyn, to_decimal


class DatabaseRates:
    def __init__(self, session: Session):
        self.session = session

    def rate(self, currency: Currency, on: date) -> Decimal | None:
        row = self.session.get(ExchangeRate, (on, str(currency)))
        return row.rate_kzt if row else None

    def annual(self, currency: str, year: int) -> Decimal | None:
        row = self.session.get(AnnualRate, (year, str(currency)))
        return row.rate_kzt if row else None


class _Annual:
    """A rate source answering the annual average of a year for any day of it."""

    def __init__(self, rates: DatabaseRates, year: int):
        self.rates, self.year = rates, year

    def rate(self, currency, on):
        return self.rates.annual(str(currency), self.year)


def kzt_or_none(amount: Decimal | None, currency: str, on: date | None, rates: DatabaseRates,
                year: int | None = None) -> Decimal | None:
    """The KZT equivalent: the official rate of the date, else the annual average of its year
    (``year`` when no day is known); None when neither is known: the amount stays unconverted."""
    if amount is None:
        return None
    if currency == "KZT":  # (most amounts) no rate to find
        return in_tiyn(to_decimal(amount))
    try:
        return Money(amount, currency, on).to_kzt(rates)
    except MissingRate:
        pass
    year = on.year if on else year
    if year is None or not hasattr(rates, "annual"):
        return None
    try:
        return Money(amount, currency, date(year, 12, 31)).to_kzt(_Annual(rates, year))
    except MissingRate:
        return None


def rate_used(session: Session, currency: str, on: date | None, year: int | None) -> dict | None:
    """Which rate a conversion used (shown beside a converted figure), or None."""
    if currency == "KZT":
        return None
    if on is not None:
        row = session.get(ExchangeRate, (on, currency))
        if row:
            return {"kind": "on_date", "date": on.isoformat(), "rate_kzt": format(row.rate_kzt, "f"),
                    "source": row.source}
    year = on.year if on else year
    row = session.get(AnnualRate, (year, currency)) if year else None
    if row:
        return {"kind": "annual_average", "year": year, "rate_kzt": format(row.rate_kzt, "f"), "source": row.source}
    return None


def _as_of_year(project: Project) -> int | None:
    return int(project.investment_as_of[:4]) if project.investment_as_of else None


def convert_project(project: Project, rates: DatabaseRates) -> None:
    project.investment_planned_kzt = kzt_or_none(
        project.investment_planned, project.investment_planned_currency, project.investment_planned_date, rates,
        _as_of_year(project))
    project.investment_actual_kzt = kzt_or_none(
        project.investment_actual, project.investment_actual_currency, project.investment_actual_date, rates,
        _as_of_year(project))


def reconvert_all(session: Session) -> int:
    """Recompute KZT equivalents of foreign-currency amounts (after importing rates)."""
    rates = DatabaseRates(session)
    stmt = select(Project).where(
        (Project.investment_planned_currency != "KZT") | (Project.investment_actual_currency != "KZT")
    )
    count = 0
    for project in session.scalars(stmt):
        convert_project(project, rates)
        count += 1
    return count
