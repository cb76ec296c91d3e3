"""Accepting a news fact about a region as a value of the regional statistics (``indicator_values``).

A fact linked to a region (not to a project, zone or organisation) whose measure is a region-level
one of the extractor's vocabulary — a count of enterprises or projects, a growth or a share in
percent, an output, an investment or a number of jobs in money or persons — can be accepted with
the target ``indicator``: the analyst picks the indicator among those the measure may stand for
(the one the sentence's words suggest comes first), and the value is written with the indicator's
unit, the period (year, months from January), the article as its source and the article's date as
its as-of date. A growth percent becomes an index (+7.3 % -> 107.3, -2 % -> 98), as the official
tables give it. Nothing else of the registry changes; the value goes through ``stats.service.upsert``
(the same indicator, region, period and source is held only once).
"""

from __future__ import annotations

import re
from decimal import Decimal

from orken.db.models import AdminUnit
from orken.news.models import NewsFact
from orken.news.schemas import AcceptIn
from orken.errors import InvalidInput
from orken.stats import periods
from orken.stats.indicators import VOCABULARY
from orken.stats.service import upsert

TARGET = "indicator"

#: the extractor's region-level measures -> the indicators each may stand for (the first is the default)
MEASURE_INDICATORS: dict[str, tuple[str, ...]] = {
    "count_enterprises": ("enterprises_total", "enterprises_large", "enterprises_medium", "enterprises_small"),
    "count_projects": ("projects_launched", "projects_planned", "projects_in_pool"),
    "growth_percent": ("industrial_output_index", "manufacturing_output_index", "investment_fixed_capital_index",
                       "grp_index"),
    "share_percent": ("industry_share_grp", "manufacturing_share_industry"),
    "output_value": ("industrial_output", "manufacturing_output", "grp"),
    "investment": ("investment_fixed_capital", "investment_attracted", "pool_investment"),
    "jobs": ("jobs_created", "employment_industry"),
}

#: words of the sentence (kk/ru/en stems) that make one indicator the likelier
HINTS: tuple[tuple[str, str], ...] = (
    (r"крупн|ір[іи]\b|ірі |large", "enterprises_large"),
    (r"средн|орта |medium", "enterprises_medium"),
    (r"мал(ых|ые|ого)|шағын|small", "enterprises_small"),
    (r"обрабатыва|өңде(у|йтін)|manufactur", "manufacturing"),
    (r"\bврп\b|\bжөө\b|валов\w* регион|grp\b|gross regional", "grp"),
    (r"основн\w* капитал|негізгі капитал|fixed capital", "investment_fixed_capital"),
    (r"пул|pool", "pool"),
    (r"запущ|введен|іске қосыл|launched", "projects_launched"),
    (r"занят|жұмыспен қамт|employ", "employment_industry"),
)


def options(fact: NewsFact) -> tuple[str, ...]:
    """The indicators this fact may be accepted as (empty when it is not about a region or not a
    region-level measure), the likeliest first."""
    codes = MEASURE_INDICATORS.get(fact.measure, ())
    if not codes or fact.project_id or fact.zone_id or fact.organisation_id or fact.proposal or not fact.region_kato:
        return ()
    text = fact.document.text or ""
    # the clause of the figure: "941 предприятие, из них 36 крупных" is about all enterprises
    before = re.split(r"[,;:.!?]", text[fact.sentence_start:fact.span_start])[-1]
    after = re.split(r"[,;:.!?]", text[fact.span_end:fact.sentence_end])[0]
    clause = f"{before} {text[fact.span_start:fact.span_end]} {after}".casefold()
    liked = [code for pattern, code in HINTS if re.search(pattern, clause)]
    score = {c: -sum(1 for h in liked if h in c) for c in codes}
    return tuple(sorted(codes, key=lambda c: (score[c], codes.index(c))))


def period(fact: NewsFact) -> tuple[int | None, int]:
    """(year, months from January) the sentence states: "за 9 месяцев 2025 года" -> (2025, 9); a
    year without a part of it is the whole year (12)."""
    sentence = (fact.document.text or "")[fact.sentence_start:fact.sentence_end]
    found = periods.parse(sentence)
    year = fact.year or (found[0] if found else None)
    months = found[1] if found and found[1] else 12
    return year, months


def _unit_value(fact: NewsFact, code: str) -> Decimal:
    indicator = VOCABULARY[code]
    if fact.value is None:
        raise InvalidInput.one("value", "a statistic needs a value")
    value = Decimal(fact.value)
    if indicator.unit == "KZT":
        if fact.unit != "KZT":
            raise InvalidInput.one("unit", f"{code} is in tenge; the fact is in {fact.unit or 'no unit'} "
                                           "(correct the value in tenge with unit KZT)")
        return value
    if indicator.unit == "%":
        if fact.unit != "%":
            raise InvalidInput.one("unit", f"{code} is a percent; the fact is in {fact.unit or 'no unit'}")
        return value + 100 if code.endswith("_index") and fact.measure == "growth_percent" else value
    if fact.unit not in (None, "unit", "person"):
        raise InvalidInput.one("unit", f"{code} is a count; the fact is in {fact.unit}")
    if value != value.to_integral_value() or value < 0:
        raise InvalidInput.one("value", f"{code} is a count: a whole number")
    return value


def write(session, fact: NewsFact, edits: AcceptIn) -> dict:
    """Write the accepted fact as an indicator value; return what was written (``fact.applied``)."""
    choices = options(fact)
    if not choices:
        raise InvalidInput.one("target", f"a {fact.measure} fact is not a regional statistic; use one of the "
                                         f"measures {', '.join(MEASURE_INDICATORS)} linked to a region")
    code = edits.indicator or choices[0]
    if code not in choices:
        raise InvalidInput.one("indicator", f"a {fact.measure} fact may be one of {', '.join(choices)}")
    unit = session.get(AdminUnit, fact.region_kato)
    if unit is None or unit.level != 1:
        raise InvalidInput.one("link", "a regional statistic is for a region (or a city of republican "
                                       "significance): re-link the fact to its region")
    year, months = period(fact)
    year = edits.year or year
    months = edits.months or months
    if year is None:
        raise InvalidInput.one("year", "give the year the figure is for")
    doc = fact.document
    value = _unit_value(fact, code)
    quote = (doc.text or "")[fact.sentence_start:fact.sentence_end].strip()
    fields = {"indicator": code, "region_kato": unit.kato, "year": year, "months": months, "period_text": None,
              "value": value, "unit": VOCABULARY[code].unit, "source_url": doc.url or f"document:{doc.id}",
              "source_title": doc.title or doc.publisher or doc.key, "source_lang": doc.lang,
              "as_of": edits.date or doc.date,
              "note": (f"accepted from the review queue (fact {fact.id}): {quote}"
                       + (f"; reported as growth of {fact.value} %" if value != fact.value else ""))[:2000]}
    if not upsert(session, **fields):
        raise InvalidInput.one("indicator", f"{code} of {unit.kato} for {year} ({months} months) from this "
                                            "source is already held")
    session.flush()
    from sqlalchemy import select

    from orken.stats.models import IndicatorValue
    row = session.scalar(select(IndicatorValue).where(
        IndicatorValue.indicator == code, IndicatorValue.region_kato == unit.kato, IndicatorValue.year == year,
        IndicatorValue.months == months, IndicatorValue.period_text.is_(None),
        IndicatorValue.source_url == fields["source_url"]))
    shown = {k: (format(v, "f") if isinstance(v, Decimal) else v.isoformat() if hasattr(v, "isoformat") else v)
             for k, v in fields.items() if k not in ("note", "period_text")}
    return {"object": "indicator_value", "id": row.id, "action": "create", "fields": shown}
