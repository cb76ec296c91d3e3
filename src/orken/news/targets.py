"""Which registry field a fact would change when accepted, and whether it reports an actual figure.

Targets of a project: ``investment_planned`` / ``investment_actual`` (money), ``jobs_permanent_*``
(jobs), ``jobs_construction_*`` (temporary jobs), ``capacity`` (a new capacity line), ``status``
(a status change) and ``source`` (the document becomes a source of the record, nothing else
changes). A zone takes ``zone_area`` (its area in hectares) or ``source``; an organisation only
``source``. A fact linked to a region alone changes nothing in the registry; a region-level figure
(a count of enterprises, a growth percent, a region's output) may be accepted as a value of the
regional statistics (``indicator``, see ``orken.news.statistics``).
"""

from __future__ import annotations

import re

from orken.domain.lifecycle import OPERATING  # the operating statuses, defined with the lifecycle
from orken.domain.units import UNITS
from orken.news.values import MONEY_UNITS

PROJECT_TARGETS = ("investment_planned", "investment_actual", "jobs_permanent_planned", "jobs_permanent_actual",
                   "jobs_construction_planned", "jobs_construction_actual", "capacity", "status", "source",
                   "launch_planned", "launch_actual")
ZONE_TARGETS = ("zone_area", "source")
ORGANISATION_TARGETS = ("source",)
TARGETS = {"project": PROJECT_TARGETS, "zone": ZONE_TARGETS, "organisation": ORGANISATION_TARGETS,
           "region": ("indicator",), None: PROJECT_TARGETS}  # no link yet: a proposed new project


#: words saying the money was spent, the jobs created, the plant built (kk and ru stems)
ACTUAL_WORDS = re.compile(
    r"жұмсал|игеріл|салынды|іске қосыл|пайдалануға беріл|ашылды|құрылды|жұмыспен қамтыл|тартылды|"
    r"инвестицияланд|жұмыс істейді|вложен|вложил|освоен|израсходован|потрачен|инвестирован|создан[оы]?\b|"
    r"трудоустроен|работают|запущен|введен|введён|построен[аоы]?\b|открыт[аоы]?\b",
    re.IGNORECASE)
#: words saying it is still a plan (these win over the above)
PLANNED_WORDS = re.compile(
    r"жоспар|болады|ашылады|қосылады|салынады|құрылады|тиіс|көзделу|күтілу|планиру|будет|будут|"
    r"предусмотр|ожида|намерен|предполага|прогноз",
    re.IGNORECASE)


def says_actual(sentence: str, implied_status: str | None) -> bool:
    """The sentence reports what happened (spent, created, launched), not what is planned."""
    if PLANNED_WORDS.search(sentence):
        return False
    return implied_status in OPERATING or bool(ACTUAL_WORDS.search(sentence))


def default_target(measure: str, unit: str | None, link_type: str | None, actual: bool) -> str | None:
    """The target a fact gets on ingest (the analyst may change it); None for a region-only link."""
    if link_type == "region":
        return None
    if link_type == "organisation":
        return "source"
    if link_type == "zone":
        return "zone_area" if measure == "area" and unit in ("ha", "m2") else "source"
    when = "actual" if actual else "planned"
    if measure == "investment" and unit in MONEY_UNITS:
        return f"investment_{when}"
    if measure == "jobs":
        return f"jobs_permanent_{when}"
    if measure == "jobs_temporary":
        return f"jobs_construction_{when}"
    if measure == "capacity" and unit in UNITS:
        return "capacity"
    if measure == "status":
        return "status"
    if measure == "launch":
        return f"launch_{when}"
    return "source"


def allowed(link_type: str | None) -> tuple[str, ...]:
    return TARGETS.get(link_type, ())
