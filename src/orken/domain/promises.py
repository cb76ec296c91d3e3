"""The promise ledger's arithmetic: what was announced about a project over time. Pure.

A ``Said`` is one dated claim: on ``said_on`` someone announced ``measure`` (investment, jobs, the
launch date …) with a value, or — for the launch — a date known to a ``precision`` ("year",
"quarter", "month", "day"). A project's timeline lists them per measure in the order they were said.

The launch date *moved* when an announcement names a different period than the one before it, at
the coarser of the two precisions: "2026" then "2026 Q3" is the same year (a refinement, not a
move); "2026 Q2" then "2026 Q4" moved two quarters later; restating the same date is no move; a
date announced earlier than the last one is a move too (``later`` tells which way). The size of a
move is the number of months between the two periods' first months at that precision (a year is
twelve), so "2026" → "2028" is 24 months.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from orken.domain import codes

PRECISIONS = codes.DATE_PRECISIONS.codes  # coarse to fine
_RANK = {p: i for i, p in enumerate(PRECISIONS)}
_PERIOD = re.compile(r"(\d{4})(?:-(?:Q([1-4])|(\d{2}))(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Said:
    """One dated claim (the ledger's row, reduced to what the arithmetic needs)."""

    said_on: date | None
    measure: str
    value: Decimal | None = None
    unit: str | None = None
    on: date | None = None  # a date claimed (the launch), the first day of its period
    precision: str | None = None  # of ``on``
    actual: bool = False
    id: int | None = None
    speaker: str | None = None


def parse_period(text: str | None) -> tuple[date, str] | None:
    """("2027", "2027-Q3", "2027-03", "2027-03-15") -> (the period's first day, its precision)."""
    m = _PERIOD.fullmatch(str(text or "").strip())
    if not m:
        return None
    year, quarter, month, day = m.group(1), m.group(2), m.group(3), m.group(4)
    y = int(year)
    if quarter:
        return (date(y, 3 * int(quarter) - 2, 1), "quarter") if day is None else None
    if month:
        mo = int(month)
        if not 1 <= mo <= 12:
            return None
        if day:
            d = int(day)
            if not 1 <= d <= calendar.monthrange(y, mo)[1]:
                return None
            return date(y, mo, d), "day"
        return date(y, mo, 1), "month"
    return date(y, 1, 1), "year"


def period_text(on: date, precision: str | None, quarter_sep: str = "-") -> str:
    """The inverse of ``parse_period``: "2027", "2027-Q3", "2027-03" or the ISO day (``quarter_sep=" "``:
    "2027 Q3", as alert messages write it)."""
    if precision == "year":
        return str(on.year)
    if precision == "quarter":
        return f"{on.year}{quarter_sep}Q{(on.month - 1) // 3 + 1}"
    if precision == "month":
        return f"{on.year}-{on.month:02d}"
    return on.isoformat()


def _coarser(a: str | None, b: str | None) -> str:
    a, b = a or "day", b or "day"
    return a if _RANK[a] <= _RANK[b] else b


def _index(on: date, precision: str) -> int:
    """The period's ordinal at ``precision`` (years, quarters, months; days as ordinals)."""
    if precision == "year":
        return on.year
    if precision == "quarter":
        return on.year * 4 + (on.month - 1) // 3
    if precision == "month":
        return on.year * 12 + on.month - 1
    return on.toordinal()


def months_between(a: date, b: date, precision: str) -> int:
    """Months from period ``a`` to period ``b`` at ``precision`` (negative when ``b`` is earlier)."""
    if precision == "year":
        return (b.year - a.year) * 12
    if precision == "quarter":
        return (_index(b, "quarter") - _index(a, "quarter")) * 3
    return (b.year - a.year) * 12 + b.month - a.month


@dataclass(frozen=True)
class Move:
    said_on: date | None
    before: date
    before_precision: str
    after: date
    after_precision: str
    months: int  # signed: positive is later
    later: bool

    def as_dict(self) -> dict:
        return {"said_on": self.said_on.isoformat() if self.said_on else None,
                "from": period_text(self.before, self.before_precision),
                "to": period_text(self.after, self.after_precision), "months": self.months, "later": self.later,
                "from_on": self.before.isoformat(), "from_precision": self.before_precision,
                "to_on": self.after.isoformat(), "to_precision": self.after_precision}


def same_period(a: Said, b: Said) -> bool:
    p = _coarser(a.precision, b.precision)
    return _index(a.on, p) == _index(b.on, p)


def _order(claims) -> list[Said]:
    return sorted(claims, key=lambda c: (c.said_on or date.min, c.id or 0))


def launch_claims(claims) -> list[Said]:
    """The announced (planned) launch dates, in the order they were said."""
    return _order(c for c in claims if c.measure == "launch" and c.on is not None and not c.actual)


def moves(claims) -> list[Move]:
    """Each time the announced launch changed from the announcement before it (at the coarser precision)."""
    out = []
    last = None
    for c in launch_claims(claims):
        if last is not None and not same_period(last, c):
            p = _coarser(last.precision, c.precision)
            months = months_between(last.on, c.on, p)
            later = _index(c.on, p) > _index(last.on, p)
            out.append(Move(c.said_on, last.on, last.precision or "day", c.on, c.precision or "day", months, later))
        last = c
    return out


@dataclass(frozen=True)
class LaunchSummary:
    moves: int = 0
    later: int = 0  # moves to a later date
    earlier: int = 0
    months: int = 0  # the net shift from the first announced date to the last, in months
    months_moved: int = 0  # the sum of the moves' sizes (|each|)
    first: str | None = None  # the first announced period ("2026")
    last: str | None = None
    first_on: date | None = None  # its first day, and its precision
    first_precision: str | None = None
    last_on: date | None = None
    last_precision: str | None = None
    last_move_later: bool = False  # the most recent move was a slip
    history: tuple[Move, ...] = ()

    def as_dict(self) -> dict:
        return {"moves": self.moves, "later": self.later, "earlier": self.earlier, "months": self.months,
                "months_moved": self.months_moved, "first": self.first, "last": self.last,
                "first_on": self.first_on.isoformat() if self.first_on else None, "first_precision": self.first_precision,
                "last_on": self.last_on.isoformat() if self.last_on else None, "last_precision": self.last_precision,
                "last_move_later": self.last_move_later, "history": [m.as_dict() for m in self.history]}


def launch_summary(claims) -> LaunchSummary:
    """How many times the announced launch moved, which way, and by how much in all."""
    said = launch_claims(claims)
    if not said:
        return LaunchSummary()
    ms = moves(said)
    first, last = said[0], said[-1]
    p = _coarser(first.precision, last.precision)
    return LaunchSummary(
        moves=len(ms), later=sum(m.later for m in ms), earlier=sum(not m.later for m in ms),
        months=months_between(first.on, last.on, p), months_moved=sum(abs(m.months) for m in ms),
        first=period_text(first.on, first.precision), last=period_text(last.on, last.precision),
        first_on=first.on, first_precision=first.precision or "day", last_on=last.on,
        last_precision=last.precision or "day",
        last_move_later=bool(ms) and ms[-1].later, history=tuple(ms))


@dataclass
class Series:
    """One measure's claims in the order said, with the first and last values announced."""

    measure: str
    claims: list[Said] = field(default_factory=list)

    @property
    def first(self) -> Said | None:
        return self.claims[0] if self.claims else None

    @property
    def last(self) -> Said | None:
        return self.claims[-1] if self.claims else None

    @property
    def changes(self) -> int:
        """How many times the announced value differed from the one before it (same unit)."""
        n = 0
        for a, b in zip(self.claims, self.claims[1:]):
            if a.measure == "launch":
                n += a.on is not None and b.on is not None and not same_period(a, b)
            elif (a.value, a.unit) != (b.value, b.unit):
                n += 1
        return n


def timeline(claims, planned_only: bool = False) -> dict[str, Series]:
    """The claims per measure, each list in the order said (``planned_only``: leave out actual figures)."""
    out: dict[str, Series] = {}
    for c in _order(claims):
        if planned_only and c.actual:
            continue
        out.setdefault(c.measure, Series(c.measure)).claims.append(c)
    return out
