"""Creating, changing and deleting projects, with validation and the change log."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import (
    Capacity,
    Document,
    Organisation,
    Phase,
    Programme,
    Project,
    ProjectOrganisation,
    ProjectProgramme,
    Sector,
    Source,
    StatusChange,
    SupportMeasure,
    Zone,
)
from orken.auth.rules import PROJECT
from orken.db import identity
from orken.domain.lifecycle import IllegalTransition, check_transition
from orken.errors import GrantsHeld, InvalidInput
from orken.i18n import N_
from orken.registry import entities, location
from orken.reference.rates import DatabaseRates, convert_project
from orken.registry.outputs import ProjectOut
from orken.registry.schemas import ProjectCreate, ProjectUpdate, SourceIn, StatusIn
from orken.registry.serialize import project_dict

#: what a person is told of a reference to a record that is not there, and of a taken external id
MISSING = N_("This record does not exist.")
TAKEN = N_("This external identifier is already used.")


def search_text(*parts: str | None) -> str:
    return " ".join(p.casefold() for p in parts if p)


def get(session: Session, project_id: int) -> Project:
    return entities.get(session, PROJECT, project_id)


def refuse_if_granted(session: Session, kind: str, ident: int, **scope) -> None:
    """Refuse to delete a record that grants are scoped to (``project_id=`` / ``organisation_id=``): the
    database would delete those grants with it, silently taking other users' access away."""
    from orken.auth.models import User, UserGrant

    (field, value), = scope.items()
    users = sorted(set(session.scalars(select(User.username).join(UserGrant, UserGrant.user_id == User.id)
                                       .where(getattr(UserGrant, field) == value))))
    if users:
        raise GrantsHeld(kind, ident, users)


def _orm(model, **values):
    return model(**values)


def make_sources(items: list[SourceIn], make=_orm, **owner) -> list[Source]:
    return [make(Source, **owner, **s.model_dump()) for s in items]


def source_errors(session: Session, items: list[SourceIn] | None) -> list[dict]:
    """Field errors for sources that cite a document the database does not hold."""
    return [{"field": f"sources.{i}.document_id", "message": f"there is no document {s.document_id}", "msgid": MISSING}
            for i, s in enumerate(items or [])
            if s.document_id is not None and session.get(Document, s.document_id) is None]


def _check_references(session: Session, data: ProjectCreate | ProjectUpdate) -> list[dict]:
    errors = []
    if data.zone_id is not None and session.get(Zone, data.zone_id) is None:
        errors.append({"field": "zone_id", "message": f"there is no zone {data.zone_id}", "msgid": MISSING})
    if data.oked and identity.get(session, Sector, data.oked[:2]) is None:
        errors.append({"field": "oked", "message": f"{data.oked[:2]} is not an OKED section or division",
                       "msgid": N_("Choose a sector from the list.")})
    for i, code in enumerate(data.programmes or []):
        if session.get(Programme, code) is None:
            errors.append({"field": f"programmes.{i}", "message": f"there is no programme {code!r}",
                           "msgid": MISSING})
    org_ids = [(f"organisations.{i}.organisation_id", o.organisation_id) for i, o in enumerate(data.organisations or [])]
    org_ids += [(f"support.{i}.by_organisation_id", s.by_organisation_id)
                for i, s in enumerate(data.support or []) if s.by_organisation_id is not None]
    for field, org_id in org_ids:
        if session.get(Organisation, org_id) is None:
            errors.append({"field": field, "message": f"there is no organisation {org_id}", "msgid": MISSING})
    errors += source_errors(session, data.sources)
    if "project_type" in data.model_fields_set and data.project_type is None:
        errors.append({"field": "project_type", "message": "a project has a type; leave the field out to keep it",
                       "msgid": N_("A project has a type.")})
    for field, money in (("investment_planned", data.investment_planned), ("investment_actual", data.investment_actual)):
        if money is not None and money.currency != "KZT" and money.date is None and not data.investment_as_of:
            errors.append({"field": f"{field}.date",
                           "message": "an amount in foreign currency needs its date (or the investment's as-of year)",
                           "msgid": N_("An amount in a foreign currency needs its date.")})
    return errors


def _apply(session: Session, project: Project, data: ProjectCreate | ProjectUpdate, given: set[str],
           make=_orm) -> None:
    """Copy the fields the client gave onto the project (children are replaced as a whole, each made by
    ``make(model, **values)``: the ORM class, or a bulk writer's plain row)."""
    if "name" in given and data.name:
        project.name_kk, project.name_ru, project.name_en = data.name.kk, data.name.ru, data.name.en
    if "description" in given:
        d = data.description
        project.description_kk, project.description_ru, project.description_en = (
            (d.kk, d.ru, d.en) if d else (None, None, None))
    simple = ["external_id", "settlement", "lat", "lon", "zone_id", "map_level", "significance", "project_type",
              "jobs_construction_planned", "jobs_construction_actual", "jobs_permanent_planned",
              "jobs_permanent_actual", "launch_planned", "launch_actual", "launch_planned_precision",
              "launch_actual_precision", "curator", "note", "location_precision",
              "status_as_of", "investment_as_of", "jobs_as_of", "launch_planned_text", "launch_actual_text"]
    for field in simple:
        if field in given:
            setattr(project, field, getattr(data, field))
    for field in ("launch_planned", "launch_actual"):  # a new date without its precision is a day
        if field in given and f"{field}_precision" not in given:
            setattr(project, f"{field}_precision", None)
    if given & {"region_kato", "district_kato", "lat", "lon"}:
        region = data.region_kato if "region_kato" in given else project.region_kato
        district = data.district_kato if "district_kato" in given else project.district_kato
        if "district_kato" not in given and "region_kato" in given and region != project.region_kato:
            district = None
        project.region_kato, project.district_kato = location.resolve(session, region, district,
                                                                      project.lat, project.lon)
    if "oked" in given:
        project.oked_code = data.oked
        division = identity.get(session, Sector, data.oked[:2]) if data.oked else None
        if division is not None and division.level == "section":  # only the section is known
            project.oked_code, project.oked_division, project.oked_section = None, None, division.code
        else:
            project.oked_division = division.code if division else None
            project.oked_section = division.parent_code if division else None
    for field in ("investment_planned", "investment_actual"):
        if field in given:
            money = getattr(data, field)
            setattr(project, field, money.amount if money else None)
            setattr(project, f"{field}_currency", str(money.currency) if money else "KZT")
            setattr(project, f"{field}_date", money.date if money else None)
    if "programmes" in given:
        project.programmes = [make(ProjectProgramme, programme_code=c) for c in dict.fromkeys(data.programmes or [])]
    if "capacities" in given:
        project.capacities = [
            make(Capacity, product_kk=c.product.kk if c.product else None, product_ru=c.product.ru if c.product else None,
                     product_en=c.product.en if c.product else None, quantity=c.quantity, unit=c.unit,
                     period=str(c.period) if c.period else None, phase_seq=c.phase)
            for c in data.capacities or []]
    if "phases" in given:
        project.phases = [
            make(Phase, seq=ph.seq, name_kk=ph.name.kk if ph.name else None, name_ru=ph.name.ru if ph.name else None,
                  name_en=ph.name.en if ph.name else None, status=str(ph.status) if ph.status else None,
                  investment=ph.investment.amount if ph.investment else None,
                  investment_currency=str(ph.investment.currency) if ph.investment else "KZT",
                  jobs_permanent=ph.jobs_permanent, start=ph.start, end=ph.end)
            for ph in data.phases or []]
    if "organisations" in given:
        unique = {(o.organisation_id, o.role) for o in data.organisations or []}
        project.organisations = [make(ProjectOrganisation, organisation_id=i, role=r) for i, r in sorted(unique)]
    if "support" in given:
        project.support = [make(SupportMeasure, **s.model_dump()) for s in data.support or []]
    if "sources" in given:
        project.sources = make_sources(data.sources or [], make)
    launch = project.launch_actual or project.launch_planned
    reported = project.launch_actual_text or project.launch_planned_text  # a launch reported as a year or month
    project.year = launch.year if launch else (int(reported[:4]) if reported else None)
    project.search_text = search_text(project.name_kk, project.name_ru, project.name_en, project.description_kk,
                                      project.description_ru, project.description_en, project.settlement,
                                      project.external_id)
    project.sort_name = (project.name_ru or project.name_kk or project.name_en or "").casefold()[:500]
    convert_project(project, DatabaseRates(session))


def _given(data, exclude: set[str]) -> set[str]:
    return set(data.model_fields_set) - exclude


def build(session: Session, data: ProjectCreate, extra_errors: list[dict] | None = None, factory=None) -> Project:
    """A new project, checked and filled in exactly as ``create`` does, but not yet added to the
    session nor logged: bulk writers (the spreadsheet import) add many at once, then log each.
    ``factory`` makes the object instead of ``Project`` (a plain object with the same attributes,
    for a writer that inserts rows itself); its ``child(model, **values)``, if it has one, makes the
    project's rows (statuses, sources, participants...) likewise."""
    errors = _check_references(session, data) + list(extra_errors or [])
    if data.status_history and data.status_history[-1].status != data.status:
        errors.append({"field": "status_history", "message": "the last entry of the history must be the status"})
    if errors:
        raise InvalidInput(errors)
    # a new project's collections start empty, not unloaded: reading them for the change log would
    # otherwise cost a SELECT each (six per project in a bulk import)
    project = (factory or Project)(status=str(data.status), is_sample=data.is_sample,
                                   project_type=data.project_type or "new", programmes=[], phases=[], capacities=[],
                                   organisations=[], support=[], sources=[])
    # the location is always resolved on create: a project given no region, district nor coordinates is refused
    make = getattr(factory, "child", None) or _orm
    _apply(session, project, data, _given(data, {"status", "status_date", "status_history", "is_sample"})
           | {"name", "region_kato"}, make)
    history = data.status_history or [StatusIn(status=data.status, date=data.status_date)]
    project.statuses = [make(StatusChange, status=str(h.status), date=h.date, note=h.note) for h in history]
    return project


def log_created(session: Session, project: Project, actor: str) -> None:
    """The change-log entry of a project just written (flushed)."""
    entities.log(session, PROJECT, project, actor)


def _write(session: Session, project: Project | None, data: ProjectCreate | ProjectUpdate) -> Project:
    """The project's part of the one write path (``orken.registry.entities``): check and copy."""
    if project is None:
        errors = []
        if data.external_id and session.scalar(select(Project.id).where(Project.external_id == data.external_id)):
            errors.append({"field": "external_id",
                           "message": f"a project with external id {data.external_id!r} exists", "msgid": TAKEN})
        project = build(session, data, errors)
        session.add(project)
        return project
    _check_update(session, project, data)
    if data.status is not None and data.status != project.status:
        project.status = str(data.status)
        project.statuses.append(StatusChange(status=str(data.status), date=data.status_date, note=data.status_note))
    _apply(session, project, data, _given(data, _NOT_APPLIED))
    return project


#: the fields of an update that ``_apply`` does not copy (the status is changed by ``_write`` itself)
_NOT_APPLIED = frozenset({"status", "status_date", "status_note", "version"})


def _check_update(session: Session, project: Project, data: ProjectUpdate) -> None:
    """What an update of ``project`` by ``data`` is refused for, raised as one ``InvalidInput``."""
    errors = _check_references(session, data)
    # its own external id again: no other project has it (the column is unique)
    if data.external_id and data.external_id != project.external_id and session.scalar(
        select(Project.id).where(Project.external_id == data.external_id, Project.id != project.id)
    ):
        errors.append({"field": "external_id", "message": f"another project has external id {data.external_id!r}",
                       "msgid": TAKEN})
    if data.status is not None and data.status != project.status:
        try:
            check_transition(project.status, data.status)
        except IllegalTransition as exc:
            errors.append({"field": "status", "message": str(exc), "msgid": N_("The status cannot change this way.")})
    if errors:
        raise InvalidInput(errors)


class _Proposed:
    """A stored project as an update would leave it, the project itself untouched: ``_apply`` writes
    its values here, and reads what it has not written from the project."""

    def __init__(self, project: Project):
        self.__dict__["_stored"] = project

    def __getattr__(self, name: str):
        return getattr(self.__dict__["_stored"], name)


class _ProposedRow:
    """A child row ``_apply`` would make (``make(model, **values)``), for comparing with the stored ones."""

    __slots__ = ("model", "values")

    def __init__(self, model, **values):
        self.model, self.values = model, values


def _same(stored, proposed) -> bool:
    """Whether writing ``proposed`` over ``stored`` leaves the value, as stored and as the change log
    shows it, what it was (an amount by its digits, as ``serialize.dec`` writes it; text by its
    characters, a vocabulary member being its text)."""
    if isinstance(stored, Decimal) or isinstance(proposed, Decimal):
        return (isinstance(stored, Decimal) and isinstance(proposed, Decimal)
                and format(stored, "f") == format(proposed, "f"))
    if isinstance(stored, str) and isinstance(proposed, str):
        return str.__eq__(stored, proposed)
    return type(stored) is type(proposed) and stored == proposed


_CHILD_COLUMNS: dict = {}


def _child_columns(model) -> list:
    """(key, default) of a child table's columns but its id and its project: what a new row of it holds
    (a callable default: unknown, so never the same)."""
    cols = _CHILD_COLUMNS.get(model)
    if cols is None:
        cols = _CHILD_COLUMNS[model] = [
            (c.key, None if c.default is None else c.default.arg if c.default.is_scalar else _UNKNOWN)
            for c in model.__table__.columns if c.key not in ("id", "project_id")]
    return cols


_UNKNOWN = object()


def _same_rows(stored: list, proposed: list) -> bool:
    if len(stored) != len(proposed):
        return False
    for old, new in zip(stored, proposed):
        if type(old) is not new.model:
            return False
        for key, default in _child_columns(new.model):
            value = new.values.get(key, default)
            if value is _UNKNOWN or not _same(getattr(old, key), value):
                return False
    return True


def would_change(session: Session, project: Project, data: ProjectUpdate) -> bool:
    """Whether ``update(session, project.id, data)`` would change anything stored of ``project`` (a
    column, a child row: its capacities, participants, sources...), beyond its version and time; the
    project is left untouched. The same rules decide as in the update itself (``_check_update``, then
    ``_apply`` onto a ``_Proposed`` view of the project, children compared row by row and column by
    column), so an importer can leave a row that repeats what is stored without writing (no
    savepoint, no version bump, no change log) and send every other one through ``update``. Raises
    what the update would refuse for; False only when nothing at all would change (a doubt is a
    change: ``update`` then decides)."""
    _check_update(session, project, data)
    if data.status is not None and data.status != project.status:
        return True
    proposed = _Proposed(project)
    _apply(session, proposed, data, _given(data, _NOT_APPLIED), _ProposedRow)
    for key, value in proposed.__dict__.items():
        if key == "_stored":
            continue
        stored = getattr(project, key)
        if isinstance(value, list):
            if not _same_rows(stored, value):
                return True
        elif not _same(stored, value):
            return True
    return False


def _refuse_granted(session: Session, project: Project) -> None:
    refuse_if_granted(session, "project", project.id, project_id=project.id)


PROJECT = entities.Entity(
    name="project", model=Project, create_in=ProjectCreate, update_in=ProjectUpdate, out=ProjectOut,
    state=lambda session, p, principal=None: project_dict(p, principal=principal),
    label=lambda p: p.name("ru"), write=_write, path="/projects", id_param="project_id",
    policy=PROJECT, label_msgid="Project", plural_msgid="Projects", before_delete=_refuse_granted,
    filters=("region", "district", "status", "sector", "oked", "programme", "zone", "organisation", "year", "q",
             "sample", "map_level", "investment_min", "investment_max", "bbox"),
)


def create(session: Session, data: ProjectCreate, actor: str, principal=None) -> Project:
    return entities.create(session, PROJECT, data, actor, principal)


def update(session: Session, project_id: int, data: ProjectUpdate, actor: str, principal=None) -> Project:
    return entities.update(session, PROJECT, project_id, data, actor, principal)


def delete(session: Session, project_id: int, actor: str, version: int | None = None, principal=None) -> None:
    entities.delete(session, PROJECT, project_id, actor, version, principal)
