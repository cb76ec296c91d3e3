"""Linking a fact to the registry: which project, zone, organisation or region it is about.

The evidence is the subject's name (fuzzy, across kk/ru/en and case forms: see ``names``), the
location the extractor resolved to a KATO code, and the year. Each candidate gets a score in 0..1;
the best one is linked when it is good enough and clearly ahead of the next, and the others are
kept as candidates for the analyst. Facts whose subject is generic ("the plant") take the link of
the last named subject before them in the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit, Organisation, Project, Zone
from orken.news import names

#: a candidate is linked from this score on, if no other is within MARGIN of it
LINK_AT = 0.8
MARGIN = 0.05
#: candidates below this are not worth showing
SHOW_AT = 0.5
SHOWN = 5
#: subject types whose names are looked up, and in which registries
LOOKUP = {
    "project": ("project", "organisation", "zone"),
    "enterprise": ("project", "organisation", "zone"),
    "organisation": ("organisation", "project"),
    "zone": ("zone",),
    "product": ("project",),
}
#: subject types that name a place, not a registry object
PLACES = frozenset({"region", "district", "settlement", "country"})


@dataclass
class Candidate:
    type: str
    id: int
    label: str
    keys: tuple[str, ...]
    region: str | None = None
    district: str | None = None
    year: int | None = None


@dataclass
class Match:
    type: str
    id: int
    label: str
    score: Decimal
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"type": self.type, "id": self.id, "name": self.label, "score": format(self.score, "f"),
                "evidence": self.evidence}


def region_of(kato: str | None) -> str | None:
    return kato[:2] + "0000000" if kato and len(kato) == 9 and kato.isdigit() else None


class Linker:
    """Scores facts against the registry; loads the names once, so one linker serves a whole batch."""

    def __init__(self, session: Session):
        self.session = session
        self._candidates: dict[str, list[Candidate]] | None = None
        self._units: dict[str, int] | None = None

    def candidates(self) -> dict[str, list[Candidate]]:
        if self._candidates is None:
            s = self.session
            found: dict[str, list[Candidate]] = {"project": [], "zone": [], "organisation": []}
            for row in s.execute(select(Project.id, Project.name_kk, Project.name_ru, Project.name_en,
                                        Project.region_kato, Project.district_kato, Project.year)):
                found["project"].append(Candidate("project", row.id, row.name_ru or row.name_kk or row.name_en or "",
                                                  names.aliases(row.name_kk, row.name_ru, row.name_en),
                                                  row.region_kato, row.district_kato, row.year))
            for row in s.execute(select(Zone.id, Zone.name_kk, Zone.name_ru, Zone.name_en, Zone.region_kato,
                                        Zone.district_kato)):
                found["zone"].append(Candidate("zone", row.id, row.name_ru or row.name_kk or row.name_en or "",
                                               names.aliases(row.name_kk, row.name_ru, row.name_en),
                                               row.region_kato, row.district_kato))
            for row in s.execute(select(Organisation.id, Organisation.name_kk, Organisation.name_ru,
                                        Organisation.name_en)):
                found["organisation"].append(Candidate(
                    "organisation", row.id, row.name_ru or row.name_kk or row.name_en or "",
                    names.aliases(row.name_kk, row.name_ru, row.name_en)))
            self._candidates = found
        return self._candidates

    def unit_level(self, kato: str) -> int | None:
        if self._units is None:
            self._units = dict(self.session.execute(select(AdminUnit.kato, AdminUnit.level)).all())
        return self._units.get(kato)

    def place(self, kato: str | None) -> tuple[str | None, str | None]:
        """(region, district) KATO codes of the registry for a gazetteer code, or (None, None)."""
        if not kato:
            return None, None
        level = self.unit_level(kato)
        region = region_of(kato)
        if level == 2:
            return region if self.unit_level(region) == 1 else None, kato
        if self.unit_level(region) == 1:
            return region, None
        return None, None

    def match(self, subject: str, subject_type: str | None, kato: str | None, year: int | None) -> list[Match]:
        subject_key = names.key(subject)
        if not subject_key:
            return []
        region, district = self.place(kato)
        matches = []
        for kind in LOOKUP.get(subject_type or "enterprise", LOOKUP["enterprise"]):
            for c in self.candidates()[kind]:
                similarity = max((names.similarity(subject_key, k) for k in c.keys), default=0.0)
                if similarity < SHOW_AT - 0.1:
                    continue
                score, evidence = similarity, [f"name {similarity:.2f}"]
                if region and c.region:
                    if district and c.district == district:
                        score, evidence = score + 0.08, evidence + ["same district"]
                    elif c.region == region:
                        score, evidence = score + 0.05, evidence + ["same region"]
                    else:
                        score, evidence = score - 0.15, evidence + ["other region"]
                if year and c.year and abs(year - c.year) <= 1:
                    score, evidence = score + 0.03, evidence + ["same year"]
                score = min(max(score, 0.0), 1.0)
                if score >= SHOW_AT:
                    matches.append(Match(c.type, c.id, c.label, Decimal(f"{score:.3f}"), evidence))
        matches.sort(key=lambda m: (-m.score, m.type, m.id))
        return matches[:SHOWN]


def decide(matches: list[Match]) -> Match | None:
    """The match to link, if the best is good enough and not too close to a different one."""
    if not matches or matches[0].score < Decimal(str(LINK_AT)):
        return None
    best = matches[0]
    if len(matches) > 1 and best.score - matches[1].score < Decimal(str(MARGIN)):
        return None
    return best
