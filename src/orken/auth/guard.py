"""The one seam every registry write passes: a check at flush time against the acting principal.

``orken.web.deps.get_session`` puts the request's principal in ``session.info["principal"]``.
Before each flush, every new, changed or deleted project, zone or organisation (and every child
row of one: phases, capacities, support measures, sources...) is checked with the policy, for
its state both before the edit (read from the database) and after it, so that no one writes
outside their scope, nor moves an object out of it. Nor may an edit widen who else sees a
project: changing its region, district, sector or programmes needs a grant covering both sides by
those attributes (``Principal.can_move_project``), and attaching an organisation that users hold
grants on needs an unscoped role (``can_add_granted_participant``). A refusal rolls the whole
request back.

Sessions with no principal (the CLI, loaders, benchmarks) are trusted system writes.
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from orken.auth.models import UserGrant
from orken.auth.policy import Principal, Subject
from orken.errors import Forbidden, Unauthorized
from orken.db.models import (
    Capacity,
    Contact,
    Organisation,
    OrganisationPartner,
    Phase,
    Project,
    ProjectOrganisation,
    ProjectProgramme,
    Source,
    StatusChange,
    SupportMeasure,
    Zone,
    ZoneInfrastructure,
)

PROJECT_CHILDREN = (ProjectProgramme, StatusChange, Phase, Capacity, ProjectOrganisation, SupportMeasure)


def project_subject(p: Project) -> Subject:
    """The policy's view of a project as it stands in memory (after the edit)."""
    return Subject(region=p.region_kato, district=p.district_kato, sector_section=p.oked_section,
                   sector_division=p.oked_division, programmes=frozenset(pp.programme_code for pp in p.programmes),
                   project_id=p.id, organisation_ids=frozenset(o.organisation_id for o in p.organisations))


def stored_project_subject(session: Session, project_id: int) -> Subject | None:
    """The policy's view of a project as stored (before the edit); Core queries, so no autoflush."""
    conn = session.connection()
    row = conn.execute(select(Project.region_kato, Project.district_kato, Project.oked_section,
                              Project.oked_division).where(Project.id == project_id)).first()
    if row is None:
        return None
    programmes = conn.execute(select(ProjectProgramme.programme_code)
                              .where(ProjectProgramme.project_id == project_id)).scalars()
    orgs = conn.execute(select(ProjectOrganisation.organisation_id)
                        .where(ProjectOrganisation.project_id == project_id)).scalars()
    return Subject(region=row[0], district=row[1], sector_section=row[2], sector_division=row[3],
                   programmes=frozenset(programmes), project_id=project_id, organisation_ids=frozenset(orgs))


def stored_zone_subject(session: Session, zone_id: int) -> Subject | None:
    row = session.connection().execute(select(Zone.region_kato, Zone.district_kato).where(Zone.id == zone_id)).first()
    return None if row is None else Subject(region=row[0], district=row[1])


def _refuse(principal: Principal, what: str) -> None:
    if not principal.signed_in:
        raise Unauthorized(f"sign in to change {what}")
    raise Forbidden(f"{principal.username} may not change {what}")


def check_flush(session: Session, principal: Principal) -> None:
    touched = list(session.new) + list(session.dirty) + list(session.deleted)
    if not touched:
        return
    if principal.via == "session" and not principal.extra.get("csrf_ok"):
        raise Forbidden("the CSRF token is missing or wrong; reload the page and try again")
    projects: dict[int, Project | None] = {}
    new_projects: list[Project] = []
    zones: dict[int, Zone | None] = {}
    new_zones: list[Zone] = []
    organisations = False
    for obj in touched:
        if isinstance(obj, Project):
            if obj.id is None:
                new_projects.append(obj)
            else:
                projects[obj.id] = obj
        elif isinstance(obj, PROJECT_CHILDREN) or (isinstance(obj, Source) and obj.project_id is not None):
            if obj.project_id is not None:
                projects.setdefault(obj.project_id, session.identity_map.get(_key(Project, obj.project_id)))
        elif isinstance(obj, Zone):
            if obj.id is None:
                new_zones.append(obj)
            else:
                zones[obj.id] = obj
        elif isinstance(obj, (ZoneInfrastructure, Contact)) or (isinstance(obj, Source) and obj.zone_id is not None):
            if obj.zone_id is not None:
                zones.setdefault(obj.zone_id, session.identity_map.get(_key(Zone, obj.zone_id)))
        elif isinstance(obj, (Organisation, OrganisationPartner, Source)):
            organisations = True
            if isinstance(obj, Organisation) and obj in session.deleted:
                _cascaded(session, obj.id, projects, zones)
    for p in new_projects:
        after = project_subject(p)
        if not principal.can_edit_project(after):
            _refuse(principal, "projects there")
        _check_participants(session, principal, "a project", after, after.organisation_ids)
    for pid, obj in projects.items():
        before = stored_project_subject(session, pid)
        if before is not None and not principal.can_edit_project(before):
            _refuse(principal, f"project {pid}")
        if obj is None or obj in session.deleted:
            added = {o.organisation_id for o in session.new
                     if isinstance(o, ProjectOrganisation) and o.project_id == pid}
            if before is not None:
                _check_participants(session, principal, f"project {pid}", before, added - before.organisation_ids)
            continue
        after = project_subject(obj)
        if not principal.can_edit_project(after):
            _refuse(principal, f"project {pid} so that it leaves your scope")
        if before is not None and _placement(before) != _placement(after) and not principal.can_move_project(
                before, after):
            _refuse(principal, f"where project {pid} is (region, district, sector, programmes): your grant does "
                               "not cover it on both sides")
        _check_participants(session, principal, f"project {pid}", after,
                            after.organisation_ids - (before.organisation_ids if before else frozenset()))
    for z in new_zones:
        if not principal.can_edit_zone(Subject(region=z.region_kato, district=z.district_kato)):
            _refuse(principal, "zones there")
    for zid, obj in zones.items():
        before = stored_zone_subject(session, zid)
        if before is not None and not principal.can_edit_zone(before):
            _refuse(principal, f"zone {zid}")
        if obj is not None and obj not in session.deleted and not principal.can_edit_zone(
                Subject(region=obj.region_kato, district=obj.district_kato)):
            _refuse(principal, f"zone {zid} so that it leaves your scope")
    if organisations and not principal.can_edit_organisation():
        _refuse(principal, "organisations")


def _placement(s: Subject) -> tuple:
    """What of a project decides which scoped grants cover it (other than its id and participants)."""
    return s.region, s.district, s.sector_section, s.sector_division, s.programmes


def _check_participants(session: Session, principal: Principal, what: str, subject: Subject, added) -> None:
    """Organisations newly attached to a project that users hold grants on give those users the project."""
    if not added:
        return
    granted = sorted(set(session.connection().execute(
        select(UserGrant.organisation_id).where(UserGrant.organisation_id.in_(sorted(added)))).scalars()))
    if granted and not principal.can_add_granted_participant(subject):
        _refuse(principal, f"the participants of {what}: users hold grants on organisation "
                           f"{', '.join(map(str, granted))}, so attaching it gives them the project")


def _cascaded(session: Session, org_id: int, projects: dict, zones: dict) -> None:
    """Deleting an organisation also edits (by database cascade) the projects it takes part in or
    supports and the zones it manages: those are checked as edits of theirs."""
    conn = session.connection()
    for pid in conn.execute(select(ProjectOrganisation.project_id).where(ProjectOrganisation.organisation_id == org_id)
                            .union(select(SupportMeasure.project_id).where(SupportMeasure.by_organisation_id == org_id))
                            ).scalars():
        projects.setdefault(pid, None)
    for zid in conn.execute(select(Zone.id).where(Zone.management_company_id == org_id)).scalars():
        zones.setdefault(zid, None)


def _key(model, ident):
    return identity_key(model, ident)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context, instances) -> None:
    principal = session.info.get("principal")
    if principal is not None:
        with session.no_autoflush:
            check_flush(session, principal)
