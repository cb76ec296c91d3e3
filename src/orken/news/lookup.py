"""Finding a registry object or a place by name, to link a fact to it (the review page's search and
``GET /api/v1/lookup``).

A query matches a project, zone, organisation, region or district by any of its names (kk, ru, en),
whatever the case, the script of look-alike letters (a Latin "с" in a Cyrillic word) or the case
ending, and with a typo or two (``names``: the same keys the linker compares); nine digits find a
KATO code. Only what the public may read comes back: names, the place, the kind and a project's
status. Internal fields (a project's curator or note, contacts) are neither returned nor searched.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit, Organisation, Project, Zone
from orken.news import names

KINDS = ("project", "zone", "organisation", "region")
#: results below this score are not shown
FLOOR = 0.6
LIMIT = 10
#: a query found inside a longer name counts from this likeness on
PARTIAL_AT = 0.8


@dataclass
class Found:
    type: str
    id: int | str
    name: dict
    score: float
    region: str | None = None
    district: str | None = None
    kind: str | None = None
    status: str | None = None


def _names(row) -> dict:
    return {"kk": row.name_kk, "ru": row.name_ru, "en": row.name_en}


def _query_keys(query: str) -> list[str]:
    """The query's key (generic words dropped), or its words coded when it is all generic words."""
    key = names.key(query)
    return [key] if key else ([" ".join(names.code(w) for w in names.words(query))] if names.words(query) else [])


def score(query_key: str, keys: tuple[str, ...]) -> float:
    """0..1: how well a query (a key) names something with these keys; a query that begins each of its
    words (``алюм`` for «Алюминий») counts as a full match, and a typo costs a little."""
    best = 0.0
    q_words = query_key.split()
    for k in keys:
        k_words = k.split()
        # a word of one or two letters (or digits) must be a whole word of the name, not its beginning
        if q_words and all(any(w == q or (len(q) >= 3 and w.startswith(q)) for w in k_words) for q in q_words):
            best = max(best, 0.97 if len(q_words) == len(k_words) else 0.92)
            continue
        # (only the query inside a longer name: partial_ratio would also find a short name inside a long query)
        partial = fuzz.partial_ratio(query_key, k) / 100 if 4 <= len(query_key) <= len(k) else 0.0
        # a part of the name with at most a letter in six wrong (a typo), not any few letters in common
        best = max(best, names.similarity(query_key, k), partial * 0.9 if partial >= PARTIAL_AT else 0.0)
    return best


def search(session: Session, query: str, kinds: tuple[str, ...] | list[str] = KINDS, limit: int = LIMIT) -> list[Found]:
    """The best matches of ``query`` among the kinds asked for, best first."""
    query = (query or "").strip()[:200]
    kinds = [k for k in kinds if k in KINDS] or list(KINDS)
    digits = query.replace(" ", "")
    if len(digits) == 9 and digits.isascii() and digits.isdigit():
        return _by_code(session, digits, kinds)
    keys = _query_keys(query)
    if not keys or sum(c.isalnum() for c in keys[0]) < 3:  # "or", "1": no name is found by two letters
        return []
    q = keys[0]
    found: list[Found] = []

    def consider(type_, ident, row, **extra):
        s = score(q, names.aliases(row.name_kk, row.name_ru, row.name_en))
        if s >= FLOOR:
            found.append(Found(type_, ident, _names(row), round(s, 3), **extra))

    if "project" in kinds:
        for row in session.execute(select(Project.id, Project.name_kk, Project.name_ru, Project.name_en,
                                          Project.region_kato, Project.district_kato, Project.status)):
            consider("project", row.id, row, region=row.region_kato, district=row.district_kato, status=row.status)
    if "zone" in kinds:
        for row in session.execute(select(Zone.id, Zone.name_kk, Zone.name_ru, Zone.name_en, Zone.region_kato,
                                          Zone.district_kato, Zone.kind)):
            consider("zone", row.id, row, region=row.region_kato, district=row.district_kato, kind=row.kind)
    if "organisation" in kinds:
        for row in session.execute(select(Organisation.id, Organisation.name_kk, Organisation.name_ru,
                                          Organisation.name_en, Organisation.kind)):
            consider("organisation", row.id, row, kind=row.kind)
    if "region" in kinds:
        for row in session.execute(select(AdminUnit.kato, AdminUnit.name_kk, AdminUnit.name_ru, AdminUnit.name_en,
                                          AdminUnit.level, AdminUnit.parent_kato, AdminUnit.kind)
                                   .where(AdminUnit.level.in_((1, 2)), AdminUnit.valid_to.is_(None))):
            consider("region", row.kato, row, region=row.kato if row.level == 1 else row.parent_kato,
                     district=row.kato if row.level == 2 else None, kind="region" if row.level == 1 else "district")
    found.sort(key=lambda f: (-f.score, KINDS.index(f.type), str(f.id)))
    return found[:limit]


def _by_code(session: Session, kato: str, kinds) -> list[Found]:
    if "region" not in kinds:
        return []
    unit = session.get(AdminUnit, kato)
    if unit is None or unit.level not in (1, 2):
        return []
    return [Found("region", unit.kato, _names(unit), 1.0, region=unit.kato if unit.level == 1 else unit.parent_kato,
                  district=unit.kato if unit.level == 2 else None, kind="region" if unit.level == 1 else "district")]


def place_names(session: Session, katos) -> dict[str, dict]:
    """KATO code -> its names, for showing the places of found objects."""
    wanted = {k for k in katos if k}
    if not wanted:
        return {}
    return {row.kato: _names(row) for row in session.execute(
        select(AdminUnit.kato, AdminUnit.name_kk, AdminUnit.name_ru, AdminUnit.name_en)
        .where(AdminUnit.kato.in_(wanted)))}


def as_dicts(session: Session, found: list[Found]) -> list[dict]:
    """The matches as the public may read them, each with the names of its region and district."""
    places = place_names(session, [f.region for f in found] + [f.district for f in found])
    return [{"type": f.type, "id": f.id, "name": f.name, "score": f.score, "kind": f.kind, "status": f.status,
             "region": {"kato": f.region, "name": places.get(f.region)} if f.region else None,
             "district": {"kato": f.district, "name": places.get(f.district)} if f.district else None}
            for f in found]
