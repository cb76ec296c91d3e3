"""Reading the registry: filters, keyset pagination, facets and grouped sums.

One ``ProjectFilter`` serves the list, the facets, the stats and the GeoJSON, so that every view
of a selection counts the same projects.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (BigInteger, Row, Select, String, and_, cast, exists, false, func, literal, or_, select, true,
                        tuple_, type_coerce, union_all)
from sqlalchemy.orm import Session

from orken.db.models import (
    AdminUnit,
    Organisation,
    Programme,
    Project,
    ProjectOrganisation,
    ProjectProgramme,
    Sector,
    Zone,
)
from orken.domain.kato import is_region
from orken.errors import InvalidInput
from orken.registry.serialize import SUMMARY_COLUMNS


@dataclass
class ProjectFilter:
    region: list[str] = field(default_factory=list)  # region or district KATO codes
    sector: list[str] = field(default_factory=list)  # OKED sections (letters) or divisions (2 digits)
    status: list[str] = field(default_factory=list)
    programme: list[str] = field(default_factory=list)
    map_level: list[str] = field(default_factory=list)
    zone: list[int] = field(default_factory=list)
    organisation: list[int] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    q: str | None = None
    sample: bool | None = None
    #: the permission seam: only projects covered by one of these grants (``orken.auth.policy.Grant``);
    #: None means no restriction, an empty list means no project at all
    scope: list | None = None

    def conditions(self) -> list:
        c = []
        if self.scope is not None:
            c.append(scope_condition(self.scope))
        if self.region:
            c.append(_place_condition(Project, self.region))
        if self.sector:
            sections = [s.upper() for s in self.sector if s.isalpha()]
            divisions = [s for s in self.sector if not s.isalpha()]
            # only the non-empty lists: an empty IN in an OR keeps SQLite from using the one index it needs
            parts = ([Project.oked_section.in_(sections)] if sections else []) + (
                [Project.oked_division.in_(divisions)] if divisions else [])
            c.append(parts[0] if len(parts) == 1 else or_(*parts))
        if self.status:
            c.append(Project.status.in_(self.status))
        if self.programme:
            c.append(exists().where(ProjectProgramme.project_id == Project.id,  # correlated to Project only (the
                                    # programme facet joins project_programmes outside)
                                    ProjectProgramme.programme_code.in_(self.programme)).correlate(Project))
        if self.map_level:
            c.append(Project.map_level.in_(self.map_level))
        if self.zone:
            c.append(Project.zone_id.in_(self.zone))
        if self.organisation:
            c.append(exists().where(ProjectOrganisation.project_id == Project.id,
                                    ProjectOrganisation.organisation_id.in_(self.organisation)))
        if self.year_from is not None:
            c.append(Project.year >= self.year_from)
        if self.year_to is not None:
            c.append(Project.year <= self.year_to)
        if self.q:
            c.append(Project.search_text.like(f"%{_escape(self.q.casefold())}%", escape="\\"))
        if self.sample is not None:
            c.append(Project.is_sample.is_(self.sample))
        return c

    def apply(self, stmt: Select) -> Select:
        conditions = self.conditions()
        return stmt.where(and_(*conditions)) if conditions else stmt


def _place_condition(model, codes: list[str]):
    """Regions match the region column, districts the district column (one index each)."""
    for code in codes:
        if not (code.isdigit() and len(code) == 9):
            raise InvalidInput.one("region", f"{code!r} is not a 9-digit KATO code")
    regions = [c for c in codes if is_region(c)]
    districts = [c for c in codes if not is_region(c)]
    parts = ([model.region_kato.in_(regions)] if regions else []) + (
        [model.district_kato.in_(districts)] if districts else [])
    return parts[0] if len(parts) == 1 else or_(*parts)


def scope_condition(grants: list):
    """SQL for "the project is covered by one of the grants" (see ``orken.auth.policy.grant_covers``)."""
    alternatives = []
    for g in grants:
        parts = []
        if g.region is not None:
            parts.append(or_(Project.region_kato == g.region, Project.district_kato == g.region))
        if g.sector is not None:
            parts.append(or_(Project.oked_section == g.sector.upper(), Project.oked_division == g.sector))
        if g.programme is not None:
            parts.append(exists().where(ProjectProgramme.project_id == Project.id,
                                        ProjectProgramme.programme_code == g.programme).correlate(Project))
        if g.project_id is not None:
            parts.append(Project.id == g.project_id)
        if g.organisation_id is not None:
            parts.append(exists().where(ProjectOrganisation.project_id == Project.id,
                                        ProjectOrganisation.organisation_id == g.organisation_id))
        alternatives.append(and_(true(), *parts))
    return or_(false(), *alternatives)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- keyset pagination --------------------------------------------------------------------------

SORTS = {
    "id": Project.id,
    "name": Project.sort_name,
    "year": func.coalesce(Project.year, 0),
    # raw tiyn, so that cursors compare integers with integers
    "investment": func.coalesce(type_coerce(Project.investment_planned_kzt, BigInteger), -1),
    "jobs": func.coalesce(Project.jobs_permanent_planned, -1),
    "updated": Project.updated_at,
}


def encode_cursor(value: Any, last_id: int) -> str:
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    raw = json.dumps([value, last_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


#: what the sort value of a cursor is, per sort key: a cursor carrying anything else is refused
CURSOR_KINDS = {"id": "int", "name": "text", "year": "int", "investment": "int", "jobs": "int", "updated": "datetime",
                None: "none"}
_INT64 = 2**63 - 1
#: ids are ``integer`` columns (PostgreSQL int4)
_MAX_ID = 2**31 - 1


def _bad_cursor() -> InvalidInput:
    return InvalidInput.one("cursor", "the cursor is not valid; start from the first page")


def decode_cursor(cursor: str, kind: str | None = "any") -> tuple[Any, int]:
    """(sort value, last id) of a cursor made by ``encode_cursor``; anything else (not base64, not JSON,
    a value of the wrong type for the sort ``kind``, numbers beyond their column) is an InvalidInput,
    never a value passed on to the database."""
    try:
        if not isinstance(cursor, str) or len(cursor) > 2000 or not cursor.isascii():
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decoded = json.loads(raw, parse_constant=lambda _: (_ for _ in ()).throw(ValueError()))
        value, last_id = decoded
    except (ValueError, TypeError, RecursionError):
        raise _bad_cursor() from None
    if type(last_id) is not int or not -_MAX_ID - 1 <= last_id <= _MAX_ID:
        raise _bad_cursor()
    expected = "any" if kind == "any" else CURSOR_KINDS.get(kind, "none")
    if expected == "int":
        if type(value) is not int or not -_INT64 - 1 <= value <= _INT64:
            raise _bad_cursor()
    elif expected == "text":
        if value is not None and (not isinstance(value, str) or len(value) > 1000 or "\x00" in value):
            raise _bad_cursor()
    elif expected == "datetime":
        if not isinstance(value, str) or len(value) > 40:
            raise _bad_cursor()
        from datetime import datetime

        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise _bad_cursor() from None
    elif expected == "none":
        if value is not None and (type(value) is not int or not -_INT64 - 1 <= value <= _INT64):
            raise _bad_cursor()
    elif isinstance(value, (dict, list, float)):
        raise _bad_cursor()
    return value, last_id


def page(session: Session, f: ProjectFilter, sort: str = "id", cursor: str | None = None,
         limit: int = 50) -> tuple[list[Row], int, str | None]:
    """One page of projects, the total of the selection, and the cursor of the next page.

    The projects are rows of the columns ``project_summary`` reads (``SUMMARY_COLUMNS``), not ORM
    objects: lists show summaries."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise InvalidInput.one("sort", f"sort by one of {', '.join(SORTS)} (prefix '-' for descending)")
    if not 1 <= limit <= 1000:
        raise InvalidInput.one("limit", "limit must be between 1 and 1000")
    column = SORTS[key]
    total = session.scalar(f.apply(select(func.count()).select_from(Project))) or 0
    # a list shows summaries: plain rows of their columns (building ORM objects cost more than the query)
    stmt = f.apply(select(*(getattr(Project, name) for name in SUMMARY_COLUMNS), column.label("sort_value")))
    if cursor:
        value, last_id = decode_cursor(cursor, key)
        bound = tuple_(column, Project.id)
        stmt = stmt.where(bound < tuple_(literal(value), literal(last_id)) if descending
                          else bound > tuple_(literal(value), literal(last_id)))
    order = [column.desc(), Project.id.desc()] if descending else [column.asc(), Project.id.asc()]
    rows = session.execute(stmt.order_by(*order).limit(limit + 1)).all()
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor(last.sort_value, last.id)
    return items, total, next_cursor


# --- facets and stats -------------------------------------------------------------------------------

FACETS = ("status", "region", "district", "sector", "division", "programme", "map_level", "zone", "year")


def _group_column(name: str):
    return {
        "status": Project.status, "region": Project.region_kato, "district": Project.district_kato,
        "sector": Project.oked_section, "division": Project.oked_division, "programme": ProjectProgramme.programme_code,
        "map_level": Project.map_level, "zone": Project.zone_id, "year": Project.year,
    }[name]


def _grouped(f: ProjectFilter, name: str, *columns) -> Select:
    key = _group_column(name)
    stmt = select(key.label("value"), *columns).select_from(Project)
    if name == "programme":
        stmt = stmt.join(ProjectProgramme, ProjectProgramme.project_id == Project.id)
    return f.apply(stmt).group_by(key)


#: where the names of a grouping's values are: (table, key column)
_LABELS = {"region": (AdminUnit, AdminUnit.kato), "district": (AdminUnit, AdminUnit.kato),
           "sector": (Sector, Sector.code), "division": (Sector, Sector.code),
           "programme": (Programme, Programme.code), "zone": (Zone, Zone.id)}


def labels(session: Session, name: str, values: list) -> dict[Any, dict[str, str | None]]:
    """Names in kk/ru/en for facet values (regions, sectors, programmes, zones)."""
    model = _LABELS.get(name)
    if model is None or not values:
        return {}
    cls, key = model
    rows = session.execute(select(key, cls.name_kk, cls.name_ru, cls.name_en).where(key.in_(values)))
    return {r[0]: {"kk": r[1], "ru": r[2], "en": r[3]} for r in rows}


def facet_names(names: list[str]) -> list[str]:
    """The facets asked for, each once, in the order first asked; an unknown name, or more names than
    a request could mean (each facet is a grouped count over the selection), is an InvalidInput.
    Unchecked, 300 repeated names cost 300 grouped scans of the registry per request."""
    if len(names) > 2 * len(FACETS):
        raise InvalidInput.one("facets", f"ask for at most {len(FACETS)} facets, each once")
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        raise InvalidInput.one("facets", f"unknown facet {unknown[0][:40]!r}; use {', '.join(FACETS)}")
    return list(dict.fromkeys(names))


#: facets whose values are integers (read back from the one text column of ``facets``)
_INT_FACETS = frozenset({"zone", "year"})


def facets(session: Session, f: ProjectFilter, names: list[str], limit: int = 50) -> dict[str, list[dict]]:
    """The count of each value of each facet over the selection, most frequent first (at most ``limit``).

    One statement: the selection is read once (a common table expression, which both engines
    materialise when it is used more than once; a text search ``q`` is one ``LIKE`` scan, not one per
    facet) and each facet is a ``GROUP BY`` over it, the groups joined by ``UNION ALL``."""
    names = facet_names(names)
    if not names:
        return {}
    plain = [n for n in names if n != "programme"]
    chosen = f.apply(select(Project.id, *(_group_column(n).label(n) for n in plain))).cte("chosen")
    branches = []
    for name in names:
        count = func.count().label("count")
        if name == "programme":
            key = ProjectProgramme.programme_code
            stmt = select(key.label("value"), count).select_from(chosen).join(
                ProjectProgramme, ProjectProgramme.project_id == chosen.c.id)
        else:
            key = chosen.c[name]
            stmt = select(key.label("value"), count).select_from(chosen)
        top = stmt.group_by(key).order_by(count.desc(), key).limit(limit).subquery()
        branches.append(select(literal(name).label("facet"), cast(top.c.value, String).label("value"), top.c.count))
    rows = session.execute(union_all(*branches) if len(branches) > 1 else branches[0]).all()
    grouped: dict[str, list] = {name: [] for name in names}
    for name, value, n in rows:
        if value is not None and name in _INT_FACETS:
            value = int(value)
        grouped[name].append((value, n))
    result = {}
    for name in names:
        items = sorted(grouped[name], key=lambda vc: (-vc[1], vc[0] is None, str(vc[0])))
        names_of = labels(session, name, [v for v, _ in items if v is not None])
        result[name] = [{"value": v, "label": names_of.get(v), "count": n} for v, n in items]
    return result


STAT_GROUPS = ("region", "district", "sector", "division", "status", "year", "programme", "map_level", "zone")


@cache
def _stat_columns() -> tuple:
    """The sums of a stats row: expressions are immutable, so they are built once, not per request."""
    inv_p = type_coerce(Project.investment_planned_kzt, BigInteger)  # sum raw tiyn, exactly
    inv_a = type_coerce(Project.investment_actual_kzt, BigInteger)
    return (
        func.count(Project.id).label("projects"),
        func.sum(inv_p).label("investment_planned_tiyn"),
        func.sum(inv_a).label("investment_actual_tiyn"),
        func.sum(Project.jobs_permanent_planned).label("jobs_permanent_planned"),
        func.sum(Project.jobs_permanent_actual).label("jobs_permanent_actual"),
        func.sum(Project.jobs_construction_planned).label("jobs_construction_planned"),
        func.count(Project.investment_planned).label("with_investment"),
        func.count(inv_p).label("with_investment_kzt"),
    )


def stats(session: Session, f: ProjectFilter, group_by: str) -> list[dict[str, Any]]:
    """Projects counted and investment (KZT) and jobs summed per group, for the same filters.

    One query: the grouped sums, with the groups' names (``labels``) joined to the few result rows.
    """
    if group_by not in STAT_GROUPS:
        raise InvalidInput.one("group_by", f"group by one of {', '.join(STAT_GROUPS)}")
    sums = _grouped(f, group_by, *_stat_columns()).subquery("sums")
    stmt = select(sums)
    names = _LABELS.get(group_by)
    if names is not None:
        cls, key = names
        stmt = (select(sums, key.label("label_key"), cls.name_kk, cls.name_ru, cls.name_en)
                .outerjoin(cls, key == sums.c.value))
    result = []
    # rows unpacked by position (the order of ``_stat_columns``): a tenth of the cost of attribute access
    for value, projects, planned, actual, jobs_p, jobs_a, jobs_c, with_inv, with_kzt, *label in session.execute(
            stmt.order_by(sums.c.value)):
        result.append({
            "key": value, "label": {"kk": label[1], "ru": label[2], "en": label[3]} if label and label[0] is not None else None,
            "projects": projects,
            "investment_planned_kzt": _money(planned), "investment_actual_kzt": _money(actual),
            "jobs_permanent_planned": int(jobs_p or 0), "jobs_permanent_actual": int(jobs_a or 0),
            "jobs_construction_planned": int(jobs_c or 0),
            # amounts in foreign currency with no official rate for their date are not in the sums
            "investment_unconverted": with_inv - with_kzt,
        })
    return result


def _money(tiyn) -> str:
    """A sum of tiyn as KZT text with two decimals, exactly (integer arithmetic: one per group and column)."""
    tiyn = int(tiyn or 0)
    tenge, rest = divmod(abs(tiyn), 100)
    return f"{'-' if tiyn < 0 else ''}{tenge}.{rest:02d}"


# --- zones and organisations -----------------------------------------------------------------------


def simple_page(session: Session, model, conditions: list, cursor: str | None, limit: int):
    if not 1 <= limit <= 1000:
        raise InvalidInput.one("limit", "limit must be between 1 and 1000")
    base = select(model).where(and_(*conditions)) if conditions else select(model)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    stmt = base
    if cursor:
        _, last_id = decode_cursor(cursor, None)
        stmt = stmt.where(model.id > last_id)
    rows = list(session.scalars(stmt.order_by(model.id).limit(limit + 1)).unique())
    next_cursor = encode_cursor(None, rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], total, next_cursor


def zone_conditions(region: list[str], kind: list[str], q: str | None) -> list:
    c = []
    if region:
        c.append(_place_condition(Zone, region))
    if kind:
        c.append(Zone.kind.in_(kind))
    if q:
        c.append(Zone.search_text.like(f"%{_escape(q.casefold())}%", escape="\\"))
    return c


def organisation_conditions(kind: list[str], q: str | None) -> list:
    c = []
    if kind:
        c.append(Organisation.kind.in_(kind))
    if q:
        c.append(Organisation.search_text.like(f"%{_escape(q.casefold())}%", escape="\\"))
    return c
