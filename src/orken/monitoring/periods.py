"""Reporting periods: quarters, their ends and the deadlines of their reports."""

from __future__ import annotations

from datetime import date, timedelta

#: a quarter's report is due this many days after the quarter ends
DEADLINE_DAYS = 20


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> date:
    if not 1 <= quarter <= 4:
        raise ValueError("a quarter is 1 to 4")
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, 3 * quarter + 1, 1) - timedelta(days=1)


def deadline(year: int, quarter: int, days: int = DEADLINE_DAYS) -> date:
    return quarter_end(year, quarter) + timedelta(days=days)


def index(year: int, quarter: int) -> int:
    """Quarters as consecutive integers, so that "N periods" is a subtraction."""
    return year * 4 + quarter - 1


def from_index(i: int) -> tuple[int, int]:
    return i // 4, i % 4 + 1


def last_ended(today: date) -> tuple[int, int]:
    """The latest quarter that has ended by ``today``."""
    year, quarter = quarter_of(today)
    return from_index(index(year, quarter) - 1)


def latest_due(today: date, days: int = DEADLINE_DAYS) -> tuple[int, int] | None:
    """The latest quarter whose report deadline has passed by ``today``."""
    i = index(*last_ended(today))
    while deadline(*from_index(i), days) >= today:
        i -= 1
    return from_index(i)
