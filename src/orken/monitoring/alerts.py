"""Alert rules over one project's plan, status and approved reports. Pure.

Each rule looks at a ``Snapshot`` of a project on a day and returns the alerts it raises:

- ``launch_slipped``: the planned launch date has passed and the project has not launched; a launch
  planned for a year, quarter or month (``launch_planned_precision``) has passed once that whole
  period has;
- ``report_overdue``: the latest quarter whose deadline has passed has no submitted or approved
  report (the project is under monitoring: under construction, launched or at capacity);
- ``investment_behind``: investment to date is below the planned investment times the share of
  the construction time elapsed (start to planned launch), by more than the threshold;
- ``jobs_behind``: after launch, permanent jobs are below plan by more than the threshold;
- ``low_utilisation``: a year (``grace_quarters``) after launch, capacity utilisation is below the
  minimum;
- ``stalled``: the last ``stalled_periods`` quarterly reports of a project not yet launched show no
  progress (the same investment to date and jobs);
- ``commitment_overdue``: a state support measure is past its due date and not delivered;
- ``launch_promise_moved``: the launch date announced in the news (the promise ledger's claims,
  ``orken.domain.promises``) moved later again: the latest move was a slip and there have been at
  least ``promise_slips`` of them, counted at the dates' precision (a project not yet launched).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from orken.domain import promises
from orken.monitoring import periods
from orken.monitoring.workflow import is_overdue

MONITORED = frozenset({"under_construction", "launched", "at_design_capacity", "restoring"})
OPERATING = frozenset({"launched", "at_design_capacity"})
CLOSED = frozenset({"cancelled"})


@dataclass(frozen=True)
class Thresholds:
    behind: Decimal = Decimal("0.2")  # 20 % below plan
    min_utilisation: Decimal = Decimal(50)  # percent
    grace_quarters: int = 4
    stalled_periods: int = 4
    promise_slips: int = 2  # the announced launch moved later this many times (the last move a slip)


@dataclass(frozen=True)
class ReportFigures:
    year: int
    quarter: int
    investment_to_date: Decimal | None = None
    jobs_permanent: int | None = None
    capacity_utilisation: Decimal | None = None


@dataclass(frozen=True)
class Commitment:
    kind: str
    due: date | None
    status: str


@dataclass(frozen=True)
class Snapshot:
    project_id: int
    status: str
    launch_planned: date | None = None
    launch_actual: date | None = None
    launch_planned_precision: str | None = None  # "year", "quarter", "month"; None or "day": the date
    start: date | None = None  # when construction started (first status date), if known
    investment_planned: Decimal | None = None
    jobs_planned: int | None = None
    approved: tuple[ReportFigures, ...] = ()  # current approved reports, any order
    report_states: dict = field(default_factory=dict)  # (year, quarter) -> best state of its reports
    commitments: tuple[Commitment, ...] = ()
    launch_promises: tuple[promises.Said, ...] = ()  # the launch dates announced in accepted news


@dataclass(frozen=True)
class Alert:
    kind: str
    project_id: int
    message: str
    severity: str = "warning"
    data: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "project_id": self.project_id, "message": self.message,
                "severity": self.severity, "data": self.data}


def period_end(on: date, precision: str | None) -> date:
    """The last day of the period a date stands for at its precision (the day itself for a date)."""
    if precision == "year":
        return date(on.year, 12, 31)
    if precision in ("quarter", "month"):
        last_month = ((on.month - 1) // 3 + 1) * 3 if precision == "quarter" else on.month
        first_next = date(on.year + 1, 1, 1) if last_month == 12 else date(on.year, last_month + 1, 1)
        return first_next - timedelta(days=1)
    return on


def evaluate(s: Snapshot, today: date, t: Thresholds = Thresholds()) -> list[Alert]:
    if s.status in CLOSED:
        return []
    out: list[Alert] = []
    reports = sorted(s.approved, key=lambda r: periods.index(r.year, r.quarter))
    latest = reports[-1] if reports else None
    launched = s.status in OPERATING or s.launch_actual is not None

    due = period_end(s.launch_planned, s.launch_planned_precision) if s.launch_planned else None
    if due and due < today and not launched:
        planned = promises.period_text(s.launch_planned, s.launch_planned_precision, quarter_sep=" ")
        out.append(Alert("launch_slipped", s.project_id, f"planned launch {planned} has passed",
                         data={"launch_planned": s.launch_planned.isoformat(),
                               "precision": s.launch_planned_precision or "day",
                               "days": (today - due).days}))

    if s.status in MONITORED:
        due_period = periods.latest_due(today)
        state = s.report_states.get(due_period)
        if due_period and is_overdue(state, periods.deadline(*due_period), today):
            year, quarter = due_period
            out.append(Alert("report_overdue", s.project_id, f"the report for {year} Q{quarter} is overdue",
                             data={"year": year, "quarter": quarter, "state": state,
                                   "due": periods.deadline(year, quarter).isoformat()}))

    if s.investment_planned and latest is not None and latest.investment_to_date is not None:
        share = _elapsed_share(s.start, due, today) if not launched else Decimal(1)
        if share is not None:
            expected = s.investment_planned * share
            if latest.investment_to_date < expected * (1 - t.behind):
                out.append(Alert("investment_behind", s.project_id,
                                 f"investment to date is {_pct(latest.investment_to_date, expected)} % of "
                                 f"what the plan expects by now", data={
                                     "expected_kzt": format(expected.quantize(Decimal("0.01")), "f"),
                                     "actual_kzt": format(latest.investment_to_date, "f")}))

    if launched and s.jobs_planned and latest is not None and latest.jobs_permanent is not None:
        if latest.jobs_permanent < s.jobs_planned * (1 - t.behind):
            out.append(Alert("jobs_behind", s.project_id,
                             f"{latest.jobs_permanent} permanent jobs of {s.jobs_planned} planned",
                             data={"planned": s.jobs_planned, "actual": latest.jobs_permanent}))

    if s.launch_actual and latest is not None and latest.capacity_utilisation is not None:
        quarters_since = periods.index(latest.year, latest.quarter) - periods.index(*periods.quarter_of(s.launch_actual))
        if quarters_since >= t.grace_quarters and latest.capacity_utilisation < t.min_utilisation:
            out.append(Alert("low_utilisation", s.project_id,
                             f"capacity utilisation {latest.capacity_utilisation} % "
                             f"{quarters_since} quarters after launch",
                             data={"utilisation": format(latest.capacity_utilisation, "f"),
                                   "quarters_since_launch": quarters_since}))

    if not launched and len(reports) >= t.stalled_periods:
        last = reports[-t.stalled_periods:]
        consecutive = periods.index(last[-1].year, last[-1].quarter) - periods.index(last[0].year, last[0].quarter) \
            == t.stalled_periods - 1
        same = len({(r.investment_to_date, r.jobs_permanent) for r in last}) == 1
        if consecutive and same:
            out.append(Alert("stalled", s.project_id, f"no progress in the last {t.stalled_periods} quarters",
                             severity="critical", data={"periods": t.stalled_periods}))

    if not launched and s.launch_promises:
        said = promises.launch_summary(s.launch_promises)
        if said.last_move_later and said.later >= t.promise_slips:
            last = said.history[-1]
            out.append(Alert("launch_promise_moved", s.project_id,
                             f"the announced launch moved later {said.later} times, now {said.last}",
                             severity="critical" if said.later > 2 else "warning",
                             data={"moves": said.moves, "later": said.later, "months": said.months,
                                   "from": said.first, "to": said.last, "to_on": last.after.isoformat(),
                                   "to_precision": last.after_precision,
                                   "said_on": last.said_on.isoformat() if last.said_on else None}))

    for c in s.commitments:
        if c.due and c.due < today and c.status not in ("delivered", "cancelled"):
            out.append(Alert("commitment_overdue", s.project_id, f"state commitment ({c.kind}) due {c.due} "
                             f"is not delivered", data={"kind": c.kind, "due": c.due.isoformat()}))
    return out


def _elapsed_share(start: date | None, end: date | None, today: date) -> Decimal | None:
    """Share (0..1) of the time from ``start`` to ``end`` elapsed by ``today``; None if unknown."""
    if end is None:
        return None
    if today >= end:
        return Decimal(1)
    if start is None or start >= end:
        return None
    if today <= start:
        return Decimal(0)
    return Decimal((today - start).days) / Decimal((end - start).days)


def _pct(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return "-"
    return format((part * 100 / whole).quantize(Decimal("0.1")), "f")
