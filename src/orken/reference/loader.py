"""Loading the shipped reference data into the database (idempotent: safe to run again)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from importlib.resources import files
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.guard import loader  # writes as the system (a loader)
from orken.db.models import AdminUnit, ExchangeRate, PrioritySector, Programme, Sector, UnitChange
from orken.domain.money import Currency, to_decimal
from orken.domain.reform import REFORM_DATE, SPLITS
from orken.reference import geo

DATA = files("orken.reference").joinpath("data")


def _json(name: str):
    return json.loads(DATA.joinpath(name).read_text("utf-8"))


def _names(obj, names: dict | None) -> None:
    names = names or {}
    obj.name_kk, obj.name_ru, obj.name_en = names.get("kk"), names.get("ru"), names.get("en")


@loader("reference")
def load_units(session: Session) -> int:
    new_regions = set(SPLITS.values())
    for unit in sorted(geo.units().values(), key=lambda u: u.level):
        row = session.get(AdminUnit, unit.kato) or AdminUnit(kato=unit.kato)
        row.level, row.parent_kato, row.kind = unit.level, unit.parent, unit.kind
        row.name_kk, row.name_ru, row.name_en = unit.name_kk, unit.name_ru, unit.name_en
        row.valid_from = REFORM_DATE if unit.kato in new_regions else None
        centroid = unit.geometry.representative_point()
        row.lat, row.lon = round(centroid.y, 5), round(centroid.x, 5)
        row.geometry = unit.geojson
        session.add(row)
        session.flush()
    for parent, child in SPLITS.items():
        exists = session.scalar(select(UnitChange).where(UnitChange.to_kato == child))
        if not exists:
            session.add(UnitChange(date=REFORM_DATE, kind="split", from_kato=parent, to_kato=child,
                                   note="Region formed by Presidential Decree of 4 May 2022, in force 8 June 2022"))
    return len(geo.units())


@loader("reference")
def load_sectors(session: Session) -> int:
    rows = sorted(_json("oked.json"), key=lambda r: r["level"] != "section")
    for r in rows:
        row = session.get(Sector, r["code"]) or Sector(code=r["code"])
        row.level, row.parent_code = r["level"], r.get("parent")
        _names(row, r.get("name"))
        session.add(row)
    session.flush()
    priority = _json("priority_sectors.json")
    for r in priority:
        row = session.get(PrioritySector, r["code"]) or PrioritySector(code=r["code"])
        row.oked, row.programmes = list(r.get("oked", [])), list(r.get("programmes", []))
        _names(row, r.get("name"))
        session.add(row)
    return len(rows) + len(priority)


@loader("reference")
def load_programmes(session: Session) -> int:
    rows = _json("programmes.json")
    for r in rows:
        row = session.get(Programme, r["code"]) or Programme(code=r["code"])
        row.kind, row.note = r["kind"], r.get("note")
        row.start = date.fromisoformat(r["start"]) if r.get("start") else None
        row.end = date.fromisoformat(r["end"]) if r.get("end") else None
        _names(row, r.get("name"))
        session.add(row)
    return len(rows)


class RateFileError(ValueError):
    pass


def read_rates_csv(lines: Iterable[str], default_source: str | None = None) -> list[ExchangeRate]:
    """Parse a rates CSV with columns date,currency,rate_kzt[,source]; errors name the line."""
    reader = csv.DictReader(lines)
    missing = {"date", "currency", "rate_kzt"} - set(reader.fieldnames or [])
    if missing:
        raise RateFileError(f"the rates file lacks the column(s): {', '.join(sorted(missing))}")
    result = []
    for n, r in enumerate(reader, start=2):
        try:
            currency = Currency(r["currency"].strip().upper())
            if currency is Currency.KZT:
                raise ValueError("KZT is the base currency and has no rate")
            rate = to_decimal(r["rate_kzt"])
            if rate <= 0:
                raise ValueError("a rate must be positive")
            source = (r.get("source") or default_source or "").strip()
            if not source:
                raise ValueError("every rate needs its source")
            result.append(ExchangeRate(date=date.fromisoformat(r["date"].strip()), currency=currency.value,
                                       rate_kzt=rate, source=source))
        except (ValueError, TypeError) as exc:
            raise RateFileError(f"line {n}: {exc}") from None
    return result


@loader("reference")
def import_rates(session: Session, rates: list[ExchangeRate]) -> int:
    for rate in rates:
        session.merge(rate)
    session.flush()
    from orken.reference.rates import reconvert_all

    reconvert_all(session)
    return len(rates)


@loader("reference")
def load_shipped_rates(session: Session) -> int:
    text = DATA.joinpath("rates.csv").read_text("utf-8")
    return import_rates(session, read_rates_csv(text.splitlines()))


@loader("reference")
def load_reference(session: Session) -> dict[str, int]:
    return {
        "units": load_units(session),
        "sectors": load_sectors(session),
        "programmes": load_programmes(session),
        "rates": load_shipped_rates(session),
    }


def rates_from_file(path: Path, source: str | None = None) -> list[ExchangeRate]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return read_rates_csv(handle, default_source=source or f"file {path.name}")


