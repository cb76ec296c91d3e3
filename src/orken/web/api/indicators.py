"""/api/v1/indicators: regional industrial statistics, and the registry reconciled with them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from orken.errors import InvalidInput
from orken.stats import service
from orken.stats.indicators import VOCABULARY
from orken.web.deps import get_session
from orken.web.responses import json_response
from orken.web.api import outputs as O

router = APIRouter(prefix="/api/v1")


def _region(session: Session, region: str | None) -> str | None:
    if region is None:
        return None
    from orken.db.models import AdminUnit

    unit = session.get(AdminUnit, region)
    if unit is None or unit.level != 1:
        raise InvalidInput.one("region", f"{region} is not a region KATO code")
    return region


@router.get("/indicators", tags=["statistics"], responses={200: {"model": O.Indicators}})
def get_indicators(region: str | None = Query(None, pattern=r"^\d{9}$", description="region KATO; none: all"),
                   indicator: str | None = Query(None, description=", ".join(VOCABULARY)),
                   year: int | None = Query(None, ge=1990, le=2100),
                   national: bool = Query(False, description="only the country's values"),
                   session: Session = Depends(get_session)):
    """Indicator values per region and period, each with its unit, period, source and as-of date."""
    rows = service.values(session, _region(session, region), indicator, year, national)
    items = [service.value_dict(v) for v in rows]
    return json_response({"items": items, "total": len(items),
                          "vocabulary": {c: {"unit": i.unit, "label": i.label} for c, i in VOCABULARY.items()}})


@router.get("/indicators/reconciliation", tags=["statistics"], responses={200: {"model": O.Reconciliation}})
def get_reconciliation(region: str | None = Query(None, pattern=r"^\d{9}$", description="region KATO; none: the country"),
                       session: Session = Depends(get_session)):
    """Per year: the registry's investment beside the official investment in fixed capital, the share
    the registry explains, and a flag (``exceeds_official``, ``explains_little``, ``ok``)."""
    rows = service.reconciliation(session, _region(session, region))
    return json_response({"region": region, "items": rows, "low_share": format(service.LOW_SHARE, "f"),
                          "method": service.reconciliation.__doc__.split("\n\n")[1].replace("\n", " ").strip()})
