"""Reading indicator series and reconciling the registry with the official statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orken.db.models import Project
from orken.errors import InvalidInput
from orken.stats.indicators import VOCABULARY
from orken.stats.models import IndicatorValue

#: below this share of the official investment the registry "explains almost nothing"
LOW_SHARE = Decimal("0.05")


def value_dict(v: IndicatorValue) -> dict[str, Any]:
    return {"indicator": v.indicator, "region_kato": v.region_kato, "year": v.year, "months": v.months,
            "period_text": v.period_text, "value": format(v.value, "f"), "unit": v.unit,
            "source": {"url": v.source_url, "title": v.source_title, "lang": v.source_lang},
            "as_of": v.as_of.isoformat() if v.as_of else None, "note": v.note, "is_sample": v.is_sample}


def values(session: Session, region: str | None = None, indicator: str | None = None, year: int | None = None,
           national: bool = False) -> list[IndicatorValue]:
    """Values by indicator, region and year (``national``: only the country's, region NULL)."""
    if indicator and indicator not in VOCABULARY:
        raise InvalidInput.one("indicator", f"unknown indicator; use one of {', '.join(VOCABULARY)}")
    stmt = select(IndicatorValue)
    if region:
        stmt = stmt.where(IndicatorValue.region_kato == region)
    elif national:
        stmt = stmt.where(IndicatorValue.region_kato.is_(None))
    if indicator:
        stmt = stmt.where(IndicatorValue.indicator == indicator)
    if year:
        stmt = stmt.where(IndicatorValue.year == year)
    return list(session.scalars(stmt.order_by(IndicatorValue.indicator, IndicatorValue.region_kato,
                                              IndicatorValue.year, IndicatorValue.months, IndicatorValue.id)))


def upsert(session: Session, **fields) -> bool:
    """Store a value unless the same indicator, place, period and source is there; True when added."""
    key = {k: fields.get(k) for k in ("indicator", "region_kato", "year", "months", "period_text", "source_url")}
    stmt = select(IndicatorValue.id)
    for k, v in key.items():
        col = getattr(IndicatorValue, k)
        stmt = stmt.where(col.is_(None) if v is None else col == v)
    if session.scalar(stmt) is not None:
        return False
    session.add(IndicatorValue(**fields))
    return True


def series(rows: list[IndicatorValue]) -> list[dict]:
    """Rows grouped per indicator (and per period length), in time order: what a chart draws."""
    out: dict[tuple, dict] = {}
    for v in rows:
        k = (v.indicator, v.months, v.unit)
        s = out.setdefault(k, {"indicator": v.indicator, "months": v.months, "unit": v.unit, "points": []})
        s["points"].append(value_dict(v))
    for s in out.values():
        s["points"].sort(key=lambda p: (p["year"], p["as_of"] or ""))
    return sorted(out.values(), key=lambda s: (list(VOCABULARY).index(s["indicator"]) if s["indicator"] in VOCABULARY
                                               else 999, -(s["months"] or 0)))


def _registry_investment(session: Session, region: str | None) -> dict[int, Decimal]:
    """The registry's investment (actual where reported, else planned; KZT) by the project's year."""
    amount = func.coalesce(Project.investment_actual_kzt, Project.investment_planned_kzt)
    stmt = select(Project.year, func.sum(amount)).where(Project.year.is_not(None)).group_by(Project.year)
    if region:
        stmt = stmt.where(Project.region_kato == region)
    return {y: Decimal(total or 0) for y, total in session.execute(stmt)}


def reconcile(official: Decimal | None, registry: Decimal) -> dict[str, Any]:
    """The share of the official investment the registry explains, and its flag."""
    if official is None or official <= 0:
        return {"share": None, "flag": "no_official"}
    share = registry / official
    flag = "exceeds_official" if share > 1 else ("explains_little" if share < LOW_SHARE else "ok")
    return {"share": format(share.quantize(Decimal("0.0001")), "f"), "flag": flag}


def reconciliation(session: Session, region: str | None = None) -> list[dict[str, Any]]:
    """For each year: the registry's investment beside the official investment in fixed capital.

    The registry's figure is the sum of its projects' investment (actual, else planned) whose
    launch (actual, else planned) falls in the year: a project's whole cost set against one year of
    the region's fixed-capital investment. Official values are the whole-year figure where one is
    held, else the longest part of the year (``months`` says which).
    """
    registry = _registry_investment(session, region)
    official: dict[int, IndicatorValue] = {}
    for v in values(session, region=region, indicator="investment_fixed_capital", national=region is None):
        best = official.get(v.year)
        if best is None or (v.months or 0) > (best.months or 0) or (
                (v.months or 0) == (best.months or 0) and (v.as_of or date.min) > (best.as_of or date.min)):
            official[v.year] = v
    rows = []
    for year in sorted(set(official) | {y for y, amount in registry.items() if amount and y in official}):
        o = official.get(year)
        reg = registry.get(year, Decimal(0))
        rows.append({"year": year, "registry_kzt": format(reg.quantize(Decimal("0.01")), "f"),
                     "official_kzt": format(o.value, "f") if o else None, "official_months": o.months if o else None,
                     "official_source": value_dict(o)["source"] if o else None,
                     **reconcile(o.value if o else None, reg)})
    return rows
