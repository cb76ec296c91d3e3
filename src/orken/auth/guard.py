"""The one seam every ORM write passes: a check at flush time, denying by default.

Every mapped class has a *rule*, declared once with ``register(Model, rule)`` next to where the
class's capability lives (the registry's and auth's classes here; monitoring, news, import, watch
and statistics register theirs in their own ``models`` modules). A rule says how a changed row
becomes a policy decision: a project (``PROJECT``), a row of one (``project_child()``), a zone or
a row of one (``ZONE``, ``zone_child()``), an organisation (``ORGANISATION``), a source by its
owner (``SOURCE``), a change-log entry (``APPEND_ONLY``), a row only its own service writes
(``service_only("auth")``), a row only the system writes (``SYSTEM_ONLY``), or a rule of its own
(a subclass of ``Rule``, e.g. monitoring's targets and reports). A class with no rule cannot be
written at all: ``UnguardedClass``.

Who is writing:

- ``session.info["principal"]``, the acting user (or the public): ``orken.web.deps`` sets it per
  request, ``acting(session, principal)`` for services handed a principal. Every new, changed or
  deleted row is checked for its state both before the edit (read from the database) and after
  it, so that no one writes outside their scope, nor moves an object out of it. Nor may an edit
  widen who else sees a project: changing its region, district, sector or programmes needs a grant
  covering both sides (``Principal.can_move_project``), and attaching an organisation that users
  hold grants on needs an unscoped role (``can_add_granted_participant``). A refusal rolls the
  whole request back.
- else the *system*, only inside an explicit system context: ``system_session(engine, actor)``,
  ``trusted(session, actor)`` or, for a whole command-line run, ``system_context(actor)``; or a
  ``SystemPrincipal`` set deliberately (the command line's import without ``--as``).
- else nobody: a session with neither a principal nor the system context writes nothing
  (``NoWriteContext``). A missing principal is never a trusted write.

The check is installed on import of ``orken.auth`` (``orken/auth/__init__.py`` imports this module)
into the database layer's flush socket (``orken.db.writes``), which refuses every write while no
guard is installed: db does not import auth, and forgetting the guard fails closed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from orken.auth.models import ApiToken, LoginAttempt, SignInSession, User, UserGrant
from orken.auth.policy import Principal, Subject
from orken.db import writes
from orken.db.engine import session_scope
from orken.db.models import (
    AdminUnit,
    Capacity,
    ChangeRecord,
    Document,
    AnnualRate,
    ExchangeRate,
    Organisation,
    OrganisationPartner,
    Phase,
    PrioritySector,
    Programme,
    Project,
    ProjectOrganisation,
    ProjectProgramme,
    Sector,
    Source,
    StatusChange,
    SupportMeasure,
    UnitChange,
    Zone,
    ZoneInfrastructure,
    ZoneTarget,
)
from orken.auth.rules import (  # noqa: F401  (the registration API, re-exported)
    APPEND_ONLY,
    ORGANISATION,
    PROJECT,
    RULES,
    SERVICES_KEY,
    SOURCE,
    SYSTEM_ONLY,
    ZONE,
    Rule,
    UnguardedClass,
    organisation_child,
    project_child,
    register,
    rule_for,
    service_only,
    zone_child,
)
from orken.errors import Forbidden, Unauthorized

#: ``session.info`` key: the system context's actor
SYSTEM_KEY = "orken.system"
#: the system context of a whole run (the command line), for every session made within it
_system: ContextVar[str | None] = ContextVar("orken_system", default=None)


class NoWriteContext(RuntimeError):
    """A session with neither a principal nor the system context tried to write."""


# the rules of the registry's and auth's classes (the capabilities register theirs beside their models)
register(Project, PROJECT)
for _model in (ProjectProgramme, StatusChange, Phase, Capacity, ProjectOrganisation, SupportMeasure):
    register(_model, project_child())
register(Zone, ZONE)
for _model in (ZoneInfrastructure, ZoneTarget):
    register(_model, zone_child())
register(Organisation, ORGANISATION)
register(OrganisationPartner, organisation_child())
register(Source, SOURCE)
register(ChangeRecord, APPEND_ONLY)
for _model in (AdminUnit, UnitChange, Sector, PrioritySector, Programme, ExchangeRate, AnnualRate, Document):
    register(_model, SYSTEM_ONLY)
_AUTH = service_only("auth")
for _model in (User, UserGrant, ApiToken, SignInSession, LoginAttempt):
    register(_model, _AUTH)


# --- the subjects -----------------------------------------------------------------------------


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


def place_subject(session: Session, kato: str | None) -> Subject:
    """A region or district as the policy sees a project there (nothing known of its sector)."""
    if not kato:
        return Subject()
    row = session.connection().execute(select(AdminUnit.level, AdminUnit.parent_kato)
                                       .where(AdminUnit.kato == kato)).first()
    if row is not None and row[0] == 2:
        return Subject(region=row[1], district=kato)
    return Subject(region=kato)


# --- the check ---------------------------------------------------------------------------------


def _refuse(principal: Principal, what: str) -> None:
    if not principal.signed_in:
        raise Unauthorized(f"sign in to change {what}")
    raise Forbidden(f"{principal.username} may not change {what}")


class Flush:
    """One flush being checked under ``principal``: rules call back into it."""

    def __init__(self, session: Session, principal: Principal):
        self.session, self.principal = session, principal
        self.projects: dict[int, Project | None] = {}
        self.new_projects: list[Project] = []
        self.zones: dict[int, Zone | None] = {}
        self.new_zones: list[Zone] = []
        self.organisations = False

    def refuse(self, what: str) -> None:
        _refuse(self.principal, what)

    def state(self, obj) -> str:
        """"new", "deleted" or "dirty"."""
        return "new" if obj in self.session.new else "deleted" if obj in self.session.deleted else "dirty"

    def project(self, p: Project) -> None:
        if p.id is None:
            self.new_projects.append(p)
        else:
            self.projects[p.id] = p

    def zone(self, z: Zone) -> None:
        if z.id is None:
            self.new_zones.append(z)
        else:
            self.zones[z.id] = z

    def organisation(self, obj) -> None:
        self.organisations = True
        if isinstance(obj, Organisation) and obj in self.session.deleted:
            _cascaded(self.session, obj.id, self.projects, self.zones)

    def project_id(self, pid: int) -> None:
        self.projects.setdefault(pid, self.session.identity_map.get(identity_key(Project, pid)))

    def zone_id(self, zid: int) -> None:
        self.zones.setdefault(zid, self.session.identity_map.get(identity_key(Zone, zid)))

    def finish(self) -> None:
        session, principal = self.session, self.principal
        for p in self.new_projects:
            _check_new_project(session, principal, project_subject(p))
        for pid, obj in self.projects.items():
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
        for z in self.new_zones:
            if not principal.can_edit_zone(Subject(region=z.region_kato, district=z.district_kato)):
                _refuse(principal, "zones there")
        for zid, obj in self.zones.items():
            before = stored_zone_subject(session, zid)
            if before is not None and not principal.can_edit_zone(before):
                _refuse(principal, f"zone {zid}")
            if obj is not None and obj not in session.deleted and not principal.can_edit_zone(
                    Subject(region=obj.region_kato, district=obj.district_kato)):
                _refuse(principal, f"zone {zid} so that it leaves your scope")
        if self.organisations and not principal.can_edit_organisation():
            _refuse(principal, "organisations")


def check_flush(session: Session, principal: Principal, touched: list | None = None) -> None:
    """Check every row the flush would write under ``principal`` (a ``SystemPrincipal`` is trusted);
    ``touched``: those rows, when not the session's (``check_written``)."""
    touched = _touched(session) if touched is None else touched
    if not touched:
        return
    rules = [(obj, rule_for(type(obj))) for obj in touched]  # an unguarded class refuses even the system
    if principal.system:
        return
    if principal.via == "session" and not principal.extra.get("csrf_ok"):
        raise Forbidden("the CSRF token is missing or wrong; reload the page and try again")
    flush = Flush(session, principal)
    for obj, rule in rules:
        rule.check(flush, obj)
    flush.finish()


def _touched(session: Session) -> list:
    """What the flush writes: new and deleted rows, and changed ones with a net change (an attribute
    set to the value it had, e.g. a reference row put back into the session, writes nothing)."""
    return (list(session.new) + [o for o in session.dirty if session.is_modified(o)] + list(session.deleted))


def system_actor(session: Session) -> str | None:
    """The system context's actor if the session writes as the system, else None."""
    return session.info.get(SYSTEM_KEY) or _system.get()


def _check_session(session: Session, touched: list | None = None) -> None:
    with session.no_autoflush:
        principal = session.info.get("principal")
        if principal is not None:
            check_flush(session, principal, touched)
            return
        touched = _touched(session) if touched is None else touched
        for obj in touched:
            rule_for(type(obj))
        if touched and system_actor(session) is None:
            raise NoWriteContext("this session has neither an acting principal nor the system context, so it writes "
                                 "nothing: requests act for their principal; the command line, loaders, benchmarks "
                                 "and test fixtures write inside orken.auth.guard.system_session/trusted/"
                                 "system_context")


def _check_new_project(session: Session, principal: Principal, subject: Subject,
                       granted: set[int] | None = None) -> None:
    """The decision on one new project: its place and sector in the principal's scope, and no organisation
    users hold grants on attached without an unscoped role (``granted``: those organisations, if known)."""
    if not principal.can_edit_project(subject):
        _refuse(principal, "projects there")
    _check_participants(session, principal, "a project", subject, subject.organisation_ids, granted)


def check_written(session: Session, *objs) -> None:
    """The flush's decision on writing ``objs`` as they stand in the session, without writing them: raises
    what a flush of them would (``Forbidden``, ``Unauthorized``, ``NoWriteContext``). A writer that finds
    an update would change nothing (``orken.registry.projects.would_change``) and so writes nothing
    still refuses what the write would have been refused for (a project outside the user's scope)."""
    _check_session(session, list(objs))


def check_new_projects(session: Session, projects: list) -> list[Exception | None]:
    """The flush's decision on new projects that a bulk writer inserts with Core statements (which no
    flush sees, so ``orken.db.writes`` does not check them): for each project as built (its
    ``project_subject``), None when it may be written, else the refusal the flush would raise
    (``Forbidden``/``Unauthorized``). The same rules as ``Flush.finish``: the session's principal
    decides; without one, only the system context writes (else ``NoWriteContext`` for all of them);
    a session cookie without its CSRF proof writes nothing (``Forbidden``, raised)."""
    principal = session.info.get("principal")
    if principal is None:
        if system_actor(session) is None:
            raise NoWriteContext("this session has neither an acting principal nor the system context, so it "
                                 "writes nothing (bulk insert)")
        return [None] * len(projects)
    if principal.system:
        return [None] * len(projects)
    if principal.via == "session" and not principal.extra.get("csrf_ok"):
        raise Forbidden("the CSRF token is missing or wrong; reload the page and try again")
    subjects = [project_subject(p) for p in projects]
    orgs = sorted(set().union(*(s.organisation_ids for s in subjects))) if subjects else []
    granted = set(session.connection().execute(
        select(UserGrant.organisation_id).where(UserGrant.organisation_id.in_(orgs))).scalars()) if orgs else set()
    out: list[Exception | None] = []
    for subject in subjects:
        try:
            _check_new_project(session, principal, subject, granted)
            out.append(None)
        except (Forbidden, Unauthorized) as exc:
            out.append(exc)
    return out


def _placement(s: Subject) -> tuple:
    """What of a project decides which scoped grants cover it (other than its id and participants)."""
    return s.region, s.district, s.sector_section, s.sector_division, s.programmes


def _check_participants(session: Session, principal: Principal, what: str, subject: Subject, added,
                        granted_ids: set[int] | None = None) -> None:
    """Organisations newly attached to a project that users hold grants on give those users the project
    (``granted_ids``: the organisations users hold grants on, when the caller looked them up at once)."""
    if not added:
        return
    if granted_ids is not None:
        granted = sorted(set(added) & granted_ids)
    else:
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


writes.install(_check_session)


# --- the contexts -------------------------------------------------------------------------------


@contextmanager
def trusted(session: Session, actor: str = "system") -> Iterator[Session]:
    """Within the block, ``session`` writes as the system (where it has no principal). What is pending
    is flushed before the block ends, so nothing it added is left to an unmarked flush."""
    before = session.info.get(SYSTEM_KEY)
    session.info[SYSTEM_KEY] = actor
    try:
        yield session
        session.flush()
    finally:
        if before is None:
            session.info.pop(SYSTEM_KEY, None)
        else:
            session.info[SYSTEM_KEY] = before


@contextmanager
def system_session(engine: Engine, actor: str = "system") -> Iterator[Session]:
    """``db.engine.session_scope`` writing as the system: for loaders, benchmarks and test set-up."""
    with session_scope(engine) as session, trusted(session, actor):
        yield session


@contextmanager
def system_context(actor: str = "cli") -> Iterator[None]:
    """Every session made in this context (this thread, and what it runs with the context) writes as
    the system where it has no principal: the command line enters it once for its whole run."""
    token = _system.set(actor)
    try:
        yield
    finally:
        _system.reset(token)


@contextmanager
def acting(session: Session, principal: Principal) -> Iterator[Session]:
    """A service handed ``principal`` writes as it: the principal is the session's while the block
    runs (unless the session already has one, the request's) and what is pending is flushed in it."""
    bound = session.info.get("principal") is None
    if bound:
        session.info["principal"] = principal
    try:
        yield session
        session.flush()
    finally:
        if bound:
            session.info.pop("principal", None)


@contextmanager
def service_writes(session: Session, service: str) -> Iterator[Session]:
    """The block is ``service`` writing its own rows (``service_only`` rules): flushed before it ends."""
    counts = session.info.setdefault(SERVICES_KEY, Counter())
    counts[service] += 1
    try:
        yield session
        session.flush()
    finally:
        counts[service] -= 1


def writes_as_service(service: str):
    """Decorator form of ``service_writes`` for functions taking the session first."""
    def wrap(fn):
        @wraps(fn)
        def inner(session, *args, **kwargs):
            with service_writes(session, service):
                return fn(session, *args, **kwargs)
        return inner
    return wrap


def loader(actor: str):
    """Decorator of a loader taking the session first (reference data, the sample): it writes as the
    system (``trusted``) where the session has no principal."""
    def wrap(fn):
        @wraps(fn)
        def inner(session, *args, **kwargs):
            with trusted(session, actor):
                return fn(session, *args, **kwargs)
        return inner
    return wrap


def system_sessions(engine: Engine, actor: str = "system") -> sessionmaker[Session]:
    """A session factory whose sessions write as the system (a command's worker sessions, benchmarks)."""
    return sessionmaker(engine, expire_on_commit=False, info={SYSTEM_KEY: actor})
