"""The region facts of the real dataset (data/real/region-facts.jsonl) as the sample statistics."""

from __future__ import annotations

import json
from datetime import date

from orken.auth.guard import loader  # writes as the system (a loader)
from orken.reference import places
from orken.sample.real import DATA, full_date, partial_date
from orken.stats import periods, service
from orken.stats.indicators import VOCABULARY, map_reported


def facts() -> list[dict]:
    text = DATA.joinpath("region-facts.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@loader("sample")
def load(session) -> int:
    """Store the facts whose indicator is in the vocabulary; returns how many were added."""
    added = 0
    for f in facts():
        mapped = map_reported(f.get("indicator") or "", f.get("value"))
        region = places.region_code(f.get("region")) if f.get("region") else None
        if mapped is None or f.get("year") is None or f.get("value") is None:
            continue
        code, value, note = mapped
        period = f.get("period")
        if period in (None, "year to date"):
            year, months, text = int(f["year"]), None, period
        elif period == "year":
            year, months, text = int(f["year"]), 12, None
        else:
            parsed = periods.parse(f"{period} {f['year']}" if "month" in str(period) else str(period),
                                   default_year=int(f["year"]))
            year, months, text = parsed if parsed else (int(f["year"]), None, str(period))
            year = int(f["year"])
        src = next((s for s in f.get("sources") or [] if s.get("url")), {})
        published = [full_date(partial_date(s.get("published"))) for s in f.get("sources") or []]
        as_of = max((d for d in published if d), default=None)
        notes = [n for n in (note, f.get("evidence")) if n]
        added += service.upsert(
            session, indicator=code, region_kato=region, year=year, months=months, period_text=text,
            value=value, unit=VOCABULARY[code].unit, source_url=src.get("url"), source_title=None,
            source_lang=src.get("lang"), as_of=as_of if isinstance(as_of, date) else None,
            note=" — ".join(notes) or None, is_sample=True)
    session.flush()
    return added
