"""Plan against fact: the arithmetic of combining, rolling up and judging figures. Pure.

For a scope and a period the *plan* is the target set for it (``monitoring_targets``) and,
beside it, what the projects' own plans add up to (projects planned to launch in the period,
their planned investment and permanent jobs). The *fact* comes from approved monitoring reports
(investment spent and output in the period are summed over quarters; permanent jobs are the
latest figure of each project in the period) and from the registry (projects launched in the
period). Money is Decimal KZT throughout, never float.

Plan and fact are measured over the same projects: where a target is set for a measure, it is the
plan of every project in the scope and the whole fact counts against it; otherwise the plan is the
projects' own plans for the period and only the fact *of those projects* (``fact_planned``) counts
against it. The fact of the other projects is shown beside as fact without a plan
(``fact_unplanned``), never divided by someone else's plan.

``progress`` is that fact / plan in percent, only where there is a plan (a target, or projects'
plans above zero; otherwise None: "no plan"); a line is ``behind`` when its progress is below the
share of the period elapsed (``expected``, e.g. 50 after two quarters) minus the threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from orken.domain.percent import progress  # the rule itself, shared with the zone KPIs

MEASURES = ("projects", "investment", "jobs", "output")
#: the field of each measure in the answers
FIELDS = {"projects": "projects", "investment": "investment_kzt", "jobs": "jobs_permanent", "output": "output_kzt"}
MONEY = frozenset({"investment", "output"})


@dataclass(frozen=True)
class Figures:
    projects: int = 0
    investment: Decimal = Decimal(0)
    jobs: int = 0
    output: Decimal = Decimal(0)

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_dict(self) -> dict:
        return {"projects": self.projects, "investment_kzt": _money(self.investment), "jobs_permanent": self.jobs,
                "output_kzt": _money(self.output)}


@dataclass(frozen=True)
class Target:
    """A target's figures; a measure left unset (None) is not targeted."""

    projects: int | None = None
    investment: Decimal | None = None
    jobs: int | None = None
    output: Decimal | None = None

    def __add__(self, other: Target) -> Target:
        def add(a, b):
            return b if a is None else a if b is None else a + b

        return Target(*(add(getattr(self, f.name), getattr(other, f.name)) for f in fields(self)))

    def as_dict(self) -> dict:
        return {"projects": self.projects, "investment_kzt": _money(self.investment), "jobs_permanent": self.jobs,
                "output_kzt": _money(self.output)}


@dataclass
class Line:
    key: Hashable
    target: Target | None = None
    planned: Figures = field(default_factory=Figures)  # from the projects' own plans
    fact: Figures = field(default_factory=Figures)
    label: dict | None = None
    #: the fact of the projects whose own plans make ``planned`` (None: not known, taken as ``fact``)
    fact_planned: Figures | None = None

    def targeted(self, measure: str) -> bool:
        return self.target is not None and getattr(self.target, measure) is not None

    def plan_of(self, measure: str):
        """The plan of a measure: the target if one is set for it, else the projects' plans."""
        if self.targeted(measure):
            return getattr(self.target, measure)
        return getattr(self.planned, measure)

    def compared(self, measure: str):
        """The fact measured against the plan: all of it against a target, else that of the planned projects."""
        if self.targeted(measure) or self.fact_planned is None:
            return getattr(self.fact, measure)
        return getattr(self.fact_planned, measure)

    def has_plan(self, measure: str) -> bool:
        plan = self.plan_of(measure)
        return plan is not None and plan != 0

    def progress(self, measure: str) -> Decimal | None:
        return progress(self.compared(measure), self.plan_of(measure))

    def behind(self, measure: str, expected: Decimal, threshold: Decimal) -> bool:
        p = self.progress(measure)
        return p is not None and p < expected - threshold

    def as_dict(self, expected: Decimal = Decimal(100), threshold: Decimal = Decimal(10)) -> dict:
        compared = Figures(*(self.compared(m) for m in MEASURES))
        unplanned = Figures(*(getattr(self.fact, m) - getattr(compared, m) for m in MEASURES))
        plan = {FIELDS[m]: (_money(self.plan_of(m)) if m in MONEY else self.plan_of(m)) if self.has_plan(m) else None
                for m in MEASURES}
        return {
            "key": self.key, "label": self.label,
            "target": self.target.as_dict() if self.target else None,
            "planned": self.planned.as_dict(), "fact": self.fact.as_dict(),
            # the plan of each measure (None: no plan), the fact counted against it and the rest of the fact
            "plan": plan, "plan_source": {m: ("target" if self.targeted(m) else "projects") if self.has_plan(m)
                                          else None for m in MEASURES},
            "fact_planned": compared.as_dict(), "fact_unplanned": unplanned.as_dict(),
            "progress": {m: _pct(self.progress(m)) for m in MEASURES},
            "behind": [m for m in MEASURES if self.behind(m, expected, threshold)],
        }


def expected_share(quarters_elapsed: int, quarters: int = 4) -> Decimal:
    """How much of a period's plan should be done: 2 of 4 quarters elapsed -> 50."""
    quarters_elapsed = max(0, min(quarters, quarters_elapsed))
    return (Decimal(quarters_elapsed) * 100 / quarters).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def combine(planned: dict[Hashable, Figures], fact: dict[Hashable, Figures],
            targets: dict[Hashable, Target] | None = None, labels: dict | None = None,
            fact_planned: dict[Hashable, Figures] | None = None) -> list[Line]:
    """One line per key present in any of the inputs, in key order (None last).

    ``fact_planned``: the fact of the projects with a plan in the period, per key (None: all of
    the fact is theirs)."""
    targets = targets or {}
    keys = set(planned) | set(fact) | set(targets)
    lines = [Line(key=k, target=targets.get(k), planned=planned.get(k, Figures()), fact=fact.get(k, Figures()),
                  label=(labels or {}).get(k),
                  fact_planned=None if fact_planned is None else fact_planned.get(k, Figures())) for k in keys]
    return sorted(lines, key=lambda line: (line.key is None, str(line.key)))


def rollup(lines: Iterable[Line], parent: Callable[[Hashable], Hashable],
           parent_targets: dict[Hashable, Target] | None = None) -> list[Line]:
    """Sum lines into their parents (district -> region, region -> country).

    A parent's target is its own if one is set (``parent_targets``), else the sum of its
    children's targets (None if no child has one).
    """
    parent_targets = parent_targets or {}
    groups: dict[Hashable, Line] = {}
    for line in lines:
        key = parent(line.key)
        up = groups.setdefault(key, Line(key=key))
        up.planned = up.planned + line.planned
        up.fact = up.fact + line.fact
        if line.fact_planned is not None:
            up.fact_planned = (up.fact_planned or Figures()) + line.fact_planned
        if line.target is not None:
            up.target = line.target if up.target is None else up.target + line.target
    for key, up in groups.items():
        if key in parent_targets:
            up.target = parent_targets[key]
    return sorted(groups.values(), key=lambda line: (line.key is None, str(line.key)))


def total(lines: Iterable[Line], own_target: Target | None = None) -> Line:
    """The line of the whole selection (e.g. the country)."""
    rolled = rollup(lines, lambda _key: "total", {"total": own_target} if own_target else None)
    return rolled[0] if rolled else Line(key="total", target=own_target)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).quantize(Decimal("0.01")), "f")


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")
