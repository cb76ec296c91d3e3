"""A zone's KPIs: its targets per year beside the facts of its participants (the projects of the zone).

Facts per year, with the regions' rules (``orken.monitoring.figures``): investment and output are
sums over the year's approved quarterly reports (flows); permanent jobs are each project's latest approved
quarter of the year, summed; participants are the zone's projects launched by the end of the year
(the registry). Only approved reports that are published count, so every reader sees the same
figures. Local content has no fact source yet: it shows its target only. Arithmetic: ``sites.kpi_lines``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from orken.db.models import Project, Zone
from orken.domain import sites
from orken.monitoring.models import Report


def _published(zone_id: int):
    return and_(Report.state == "approved", Report.is_public.is_(True), Report.current.is_(True),
                Report.project_id.in_(select(Project.id).where(Project.zone_id == zone_id)))


def facts(session: Session, zone: Zone, years: set[int]) -> dict[int, dict]:
    out: dict[int, dict] = defaultdict(dict)
    flows = session.execute(select(Report.year, Report.investment_period_kzt, Report.output_value_kzt)
                            .where(_published(zone.id))).all()
    for year, amount, output in flows:
        if amount is not None:
            out[year]["investment"] = out[year].get("investment", Decimal(0)) + amount
        if output is not None:
            out[year]["output"] = out[year].get("output", Decimal(0)) + output
    latest: dict[tuple[int, int], tuple[int, int | None]] = {}
    for pid, year, quarter, jobs in session.execute(
            select(Report.project_id, Report.year, Report.quarter, Report.jobs_permanent).where(_published(zone.id))):
        if jobs is not None and ((pid, year) not in latest or latest[(pid, year)][0] < quarter):
            latest[(pid, year)] = (quarter, jobs)
    for (_, year), (_, jobs) in latest.items():
        out[year]["jobs"] = out[year].get("jobs", 0) + jobs
    launched = [d for d in session.scalars(select(Project.launch_actual).where(
        Project.zone_id == zone.id, Project.launch_actual.is_not(None)))]
    for year in years | set(out):
        out[year]["participants"] = sum(1 for d in launched if d <= date(year, 12, 31))
    return dict(out)


def kpis(session: Session, zone: Zone) -> list[dict]:
    """The zone's KPI lines: every year with a target, and every year its reports have facts for."""
    targets = {t.year: {"investment": t.investment_kzt, "participants": t.participants, "jobs": t.jobs,
                        "output": t.output_kzt, "local_content": t.local_content_percent} for t in zone.targets}
    found = facts(session, zone, set(targets))
    # a year with facts but no target and no report figures is noise: keep years with a target or a report
    found = {y: f for y, f in found.items() if y in targets or set(f) - {"participants"}}
    return sites.kpi_lines(targets, found)


def count_reports(session: Session, zone_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Report).where(_published(zone_id))) or 0
