"""Estimates, flagged: an investment or jobs figure for a project that has none, from comparable projects.

The method (stated with every estimate): the **median** of the reported figure over the projects
of the same OKED division (else the same section) whose year (launch, actual else planned) is
within ``YEARS`` of the project's, and, when both have a capacity line in the same unit, within a
factor of ``CAPACITY_FACTOR`` of its capacity. At least ``MIN_COMPARABLES`` comparables are needed;
otherwise there is no estimate. Estimates are computed when asked, never stored in the reported
fields, and are not in any total unless the reader asks for them.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Project
from orken.registry.query import ProjectFilter

YEARS = 5
CAPACITY_FACTOR = Decimal(10)
MIN_COMPARABLES = 3


def _investment(p: Project) -> Decimal | None:
    return p.investment_actual_kzt if p.investment_actual_kzt is not None else p.investment_planned_kzt


def _jobs(p: Project) -> int | None:
    return p.jobs_permanent_actual if p.jobs_permanent_actual is not None else p.jobs_permanent_planned


def _capacity(p: Project) -> tuple[str, Decimal] | None:
    for c in p.capacities:
        if c.unit and c.quantity:
            return c.unit, Decimal(c.quantity)
    return None


def _comparable(p: Project, q: Project, level: str) -> bool:
    if level == "division":
        if not p.oked_division or q.oked_division != p.oked_division:
            return False
    elif not p.oked_section or q.oked_section != p.oked_section:
        return False
    if p.year is not None and q.year is not None and abs(p.year - q.year) > YEARS:
        return False
    a, b = _capacity(p), _capacity(q)
    if a and b and a[0] == b[0] and b[1] > 0 and not (1 / CAPACITY_FACTOR <= a[1] / b[1] <= CAPACITY_FACTOR):
        return False
    return True


def _estimate(p: Project, pool: list[Project], figure) -> dict | None:
    for level in ("division", "section"):
        found = [figure(q) for q in pool if q.id != p.id and figure(q) is not None and _comparable(p, q, level)]
        if len(found) >= MIN_COMPARABLES:
            value = median(found)
            return {"value": value, "comparables": len(found), "level": level, "years": YEARS,
                    "method": f"median of {len(found)} projects of the same OKED {level}"
                              f" (year within {YEARS}, capacity within x{CAPACITY_FACTOR} where comparable)"}
    return None


def estimates(session: Session, f: ProjectFilter | None = None, only: set[int] | None = None) -> dict[int, dict[str, Any]]:
    """project id -> {"investment_kzt": {...}, "jobs_permanent": {...}} for projects of the
    selection (or the ids ``only``) that lack the figure (comparables are drawn from the whole registry)."""
    pool = list(session.scalars(select(Project)))
    wanted = set(session.scalars(f.apply(select(Project.id)))) if f is not None else {p.id for p in pool}
    if only is not None:
        wanted &= only
    out: dict[int, dict[str, Any]] = {}
    for p in pool:
        if p.id not in wanted:
            continue
        entry = {}
        if _investment(p) is None and p.investment_planned is None and p.investment_actual is None:
            e = _estimate(p, pool, _investment)
            if e:
                e["value"] = format(Decimal(e["value"]).quantize(Decimal("0.01")), "f")
                entry["investment_kzt"] = e
        if _jobs(p) is None:
            e = _estimate(p, pool, _jobs)
            if e:
                e["value"] = int(round(e["value"]))
                entry["jobs_permanent"] = e
        if entry:
            out[p.id] = entry
    return out


def add_to_stats(session: Session, f: ProjectFilter, group_by: str, rows: list[dict]) -> list[dict]:
    """The stats rows with the estimates of their projects beside the reported sums (never inside them)."""
    from orken.registry.query import _group_column

    est = estimates(session, f)
    column = _group_column(group_by)
    stmt = select(Project.id, column).select_from(Project)
    if group_by == "programme":
        from orken.db.models import ProjectProgramme

        stmt = stmt.join(ProjectProgramme, ProjectProgramme.project_id == Project.id)
    keys: dict[Any, dict] = {}
    for pid, key in session.execute(f.apply(stmt).where(Project.id.in_(list(est) or [-1]))):
        k = keys.setdefault(key, {"investment": Decimal(0), "jobs": 0, "projects": 0})
        e = est[pid]
        k["projects"] += 1
        if "investment_kzt" in e:
            k["investment"] += Decimal(e["investment_kzt"]["value"])
        if "jobs_permanent" in e:
            k["jobs"] += e["jobs_permanent"]["value"]
    for r in rows:
        k = keys.get(r["key"], {"investment": Decimal(0), "jobs": 0, "projects": 0})
        r["estimated"] = {"investment_kzt": format(k["investment"].quantize(Decimal("0.01")), "f"),
                          "jobs_permanent": k["jobs"], "projects": k["projects"], "method": __doc__.split("\n\n")[1]
                          .replace("\n", " ")}
    return rows
