"""Converting stored amounts to KZT with the official rates in the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import ExchangeRate, Project
from orken.domain.money import Currency, MissingRate, Money


class DatabaseRates:
    def __init__(self, session: Session):
        self.session = session

    def rate(self, currency: Currency, on: date) -> Decimal | None:
        row = self.session.get(ExchangeRate, (on, str(currency)))
        return row.rate_kzt if row else None


def kzt_or_none(amount: Decimal | None, currency: str, on: date | None, rates: DatabaseRates) -> Decimal | None:
    """The KZT equivalent, or None when the official rate for that date is unknown."""
    if amount is None:
        return None
    try:
        return Money(amount, currency, on).to_kzt(rates)
    except MissingRate:
        return None


def convert_project(project: Project, rates: DatabaseRates) -> None:
    project.investment_planned_kzt = kzt_or_none(
        project.investment_planned, project.investment_planned_currency, project.investment_planned_date, rates
    )
    project.investment_actual_kzt = kzt_or_none(
        project.investment_actual, project.investment_actual_currency, project.investment_actual_date, rates
    )


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
