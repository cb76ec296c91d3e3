"""The row-level export path: the projects of a selection as the plain dicts an output reads.

An export of the whole registry (100,000 projects) used to build every project as an ORM object
with its eight relationships and serialise it through ``project_dict``: ~30 s and ~1 GB. Here each
output *shape* names the columns and the child rows it reads; they come from SQLAlchemy Core
selects (no ORM objects), the projects in keyset chunks of ``CHUNK`` by id (memory stays bounded on
both engines: no cursor is held open across the child queries), each chunk's programmes,
organisations, sources, status history and capacities in one query per kind.

The dicts carry exactly the keys of ``orken.registry.serialize.project_dict`` that the shape
reads, with the same values (``tests/io/test_project_rows.py`` compares them with the full dicts
and the files written both ways), so the writers (``export_tabular``, ``export_geojson``,
``oc4ids``) are unchanged. The permission seam is the same: the internal fields
(``orken.auth.policy.INTERNAL_PROJECT_FIELDS``) are in a record only when ``internal`` is asked and
the session's reader may read that project's internal data (no principal: the command line, all).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from orken.auth.policy import INTERNAL_PROJECT_FIELDS, INTERNAL_READERS, Subject
from orken.db.models import Capacity, Organisation, Project, ProjectOrganisation, ProjectProgramme, Source, StatusChange
from orken.registry.query import ProjectFilter
from orken.registry.serialize import SUMMARY_COLUMNS, dec, money, names, project_summary, unique_sources

CHUNK = 2000


@dataclass(frozen=True)
class Shape:
    """What one output reads: project columns beyond the summary's, and child rows."""

    name: str
    columns: tuple[str, ...] = ()
    children: frozenset[str] = frozenset()
    #: the output shows internal fields (curator, note) to readers who may see them
    internal_fields: bool = False


_TABULAR_COLUMNS = ("settlement", "project_type", "investment_planned", "investment_planned_currency",
                    "investment_planned_date", "investment_actual", "investment_actual_currency",
                    "investment_actual_date", "jobs_construction_planned", "launch_planned", "launch_actual",
                    "updated_at", "oked_division")
#: the GeoJSON export's features: the summary (``export_geojson.PROPERTIES`` and the point)
GEOJSON = Shape("geojson")
#: the CSV and XLSX project sheet (``export_tabular.PROJECT_COLUMNS``)
TABULAR = Shape("tabular", _TABULAR_COLUMNS, frozenset({"programmes", "organisations", "sources"}), True)
#: the OC4IDS package (``oc4ids.project``)
OC4IDS = Shape("oc4ids", _TABULAR_COLUMNS + ("jobs_construction_actual", "description_kk", "description_ru",
                                             "description_en"),
               frozenset({"programmes", "organisations", "sources", "statuses", "capacities"}))


def _children(conn: Connection, kind: str, ids: list[int]) -> dict[int, list]:
    """One chunk's child rows of one kind, per project id, in the order ``project_dict`` lists them.
    The chunk's id range is one ``BETWEEN`` (not thousands of bound ids); rows of projects in the
    range but outside the selection are read and left (the caller looks up only its ids)."""
    out: dict[int, list] = defaultdict(list)
    lo, hi = ids[0], ids[-1]
    if kind == "programmes":
        rows = conn.execute(select(ProjectProgramme.project_id, ProjectProgramme.programme_code)
                               .where(ProjectProgramme.project_id.between(lo, hi)))
        for pid, code in rows:
            out[pid].append(code)
        for codes in out.values():
            codes.sort()
    elif kind == "organisations":
        rows = conn.execute(
            select(ProjectOrganisation.project_id, ProjectOrganisation.organisation_id, ProjectOrganisation.role,
                   Organisation.name_kk, Organisation.name_ru, Organisation.name_en)
            .join(Organisation, Organisation.id == ProjectOrganisation.organisation_id)
            .where(ProjectOrganisation.project_id.between(lo, hi))
            .order_by(ProjectOrganisation.project_id, ProjectOrganisation.role, ProjectOrganisation.organisation_id))
        for pid, oid, role, kk, ru, en in rows:
            out[pid].append({"organisation_id": oid, "role": role, "name": {"kk": kk, "ru": ru, "en": en}})
    elif kind == "sources":
        rows = conn.execute(select(Source.project_id, Source.kind, Source.title, Source.url, Source.date,
                                      Source.quote, Source.document_id, Source.lang)
                               .where(Source.project_id.between(lo, hi)).order_by(Source.id))
        for pid, skind, title, url, when, quote, document_id, lang in rows:
            out[pid].append({"kind": skind, "title": title, "url": url, "date": when.isoformat() if when else None,
                             "quote": quote, "document_id": document_id, "lang": lang})
    elif kind == "statuses":
        rows = conn.execute(select(StatusChange.project_id, StatusChange.status, StatusChange.date,
                                      StatusChange.note)
                               .where(StatusChange.project_id.between(lo, hi)).order_by(StatusChange.id))
        for pid, status, when, note in rows:
            out[pid].append({"status": status, "date": when.isoformat() if when else None, "note": note})
    elif kind == "capacities":
        rows = conn.execute(select(Capacity.project_id, Capacity.product_kk, Capacity.product_ru,
                                      Capacity.product_en, Capacity.quantity, Capacity.unit, Capacity.period,
                                      Capacity.phase_seq)
                               .where(Capacity.project_id.between(lo, hi)).order_by(Capacity.id))
        for pid, kk, ru, en, quantity, unit, period, phase in rows:
            out[pid].append({"product": {"kk": kk, "ru": ru, "en": en}, "quantity": dec(quantity), "unit": unit,
                             "period": period, "phase": phase})
    else:  # pragma: no cover - a shape names only the kinds above
        raise ValueError(kind)
    return out


def _internal_reader(session: Session, internal: bool):
    """(project row, programmes, organisation ids) -> may the reader see its internal fields."""
    if not internal:
        return lambda *_: False
    principal = session.info.get("principal")
    if principal is None:  # the command line, loaders: everything
        return lambda *_: True
    if principal.unrestricted(INTERNAL_READERS):
        return lambda *_: True
    if not principal.grants_for(INTERNAL_READERS):
        return lambda *_: False

    def may(r, programmes, orgs) -> bool:
        return principal.can_read_internal(Subject(
            region=r.region_kato, district=r.district_kato, sector_section=r.oked_section,
            sector_division=r.oked_division, programmes=frozenset(programmes), project_id=r.id,
            organisation_ids=frozenset(o["organisation_id"] for o in orgs)))

    return may


def records(session: Session, f: ProjectFilter | None, shape: Shape, internal: bool = False) -> Iterator[dict]:
    """The selection's projects in id order, each the dict ``shape`` reads (keys of ``project_dict``)."""
    f = f or ProjectFilter()
    columns = tuple(dict.fromkeys(SUMMARY_COLUMNS + shape.columns + (
        ("curator", "note", "oked_division") if shape.internal_fields else ())))
    table = Project.__table__  # Core columns: plain rows, no ORM loading (the column types still apply)
    stmt = f.apply(select(*(table.c[c] for c in columns)))
    children = shape.children | ({"programmes", "organisations"} if shape.internal_fields and internal else set())
    may_read = _internal_reader(session, internal and shape.internal_fields)
    conn = session.connection()
    last = None
    while True:
        page = stmt if last is None else stmt.where(table.c.id > last)
        rows = conn.execute(page.order_by(table.c.id).limit(CHUNK)).all()
        if not rows:
            return
        ids = [r.id for r in rows]
        kids = {kind: _children(conn, kind, ids) for kind in sorted(children)}
        for r in rows:
            d = project_summary(r)
            if shape.columns:
                d.update(_full(r, shape))
            if "programmes" in kids:
                d["programmes"] = kids["programmes"].get(r.id, [])
            if "organisations" in kids:
                d["organisations"] = kids["organisations"].get(r.id, [])
            if "sources" in kids:
                d["sources"] = unique_sources(kids["sources"].get(r.id, []))  # as project_dict lists them
            if "statuses" in kids:
                d["status_history"] = kids["statuses"].get(r.id, [])
            if "capacities" in kids:
                d["capacities"] = kids["capacities"].get(r.id, [])
            if shape.internal_fields and may_read(r, d.get("programmes", ()), d.get("organisations", ())):
                d["curator"], d["note"] = r.curator, r.note
            yield d
        last = ids[-1]


def _full(r, shape: Shape) -> dict:
    d = {"settlement": r.settlement, "project_type": r.project_type,
         "investment_planned": money(r.investment_planned, r.investment_planned_currency,
                                     r.investment_planned_date, r.investment_planned_kzt),
         "investment_actual": money(r.investment_actual, r.investment_actual_currency,
                                    r.investment_actual_date, r.investment_actual_kzt),
         "jobs_construction_planned": r.jobs_construction_planned,
         "launch_planned": r.launch_planned.isoformat() if r.launch_planned else None,
         "launch_actual": r.launch_actual.isoformat() if r.launch_actual else None,
         "updated_at": r.updated_at.isoformat() if r.updated_at else None}
    if "description_kk" in shape.columns:
        d["description"] = names(r, "description")
    if "jobs_construction_actual" in shape.columns:
        d["jobs_construction_actual"] = r.jobs_construction_actual
    return d


#: the internal keys a record may carry (for the tests: a public record has none of them)
INTERNAL_KEYS = INTERNAL_PROJECT_FIELDS
