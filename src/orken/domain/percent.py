"""Fact against plan in percent, exactly (Decimal, one decimal, half up). Pure.

The plan-vs-fact rule of the regions: a percent only where there is a plan to measure against
(a plan of zero or none gives None, "no plan"). ``orken.monitoring.planfact`` and the zone KPIs
(``orken.domain.sites.kpi_lines``) both judge figures with it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def progress(fact, plan) -> Decimal | None:
    """fact / plan in percent, to one decimal (half up); None when there is no plan to measure against."""
    if plan is None or plan == 0:
        return None
    return (Decimal(fact) * 100 / Decimal(plan)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
