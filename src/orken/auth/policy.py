"""Who may see and change what: pure decisions over roles, scopes and the facts of an object.

A user holds *grants*: a role plus an optional scope (region or district KATO, OKED sector,
programme, project, organisation). Every scope field left empty means "any"; the fields that are
set must all match. Scopes are data (rows of ``auth_grants``), not code. A principal with no
grants is the public.

No web or database imports here: the SQL form of a scope lives in ``orken.registry.query``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    CENTRE_ANALYST = "centre_analyst"
    SECTOR_ANALYST = "sector_analyst"
    REGION_ANALYST = "region_analyst"
    CURATOR = "curator"
    INVESTOR = "investor"
    PUBLIC = "public"


R = Role

#: roles that read internal fields and unpublished reports of the projects in their scope
INTERNAL_READERS = frozenset({R.ADMINISTRATOR, R.CENTRE_ANALYST, R.SECTOR_ANALYST, R.REGION_ANALYST, R.CURATOR,
                              R.INVESTOR})
#: roles that edit registry projects in their scope (investors report, they do not edit the registry)
PROJECT_EDITORS = frozenset({R.ADMINISTRATOR, R.CENTRE_ANALYST, R.SECTOR_ANALYST, R.REGION_ANALYST, R.CURATOR})
#: zones are regional: sector analysts, curators and investors do not edit them
ZONE_EDITORS = frozenset({R.ADMINISTRATOR, R.CENTRE_ANALYST, R.REGION_ANALYST})
#: organisations have no region; anyone who edits projects may add the investors behind them
ORGANISATION_EDITORS = PROJECT_EDITORS
#: who sets targets and portfolios (within their scope)
TARGET_SETTERS = frozenset({R.ADMINISTRATOR, R.CENTRE_ANALYST, R.SECTOR_ANALYST, R.REGION_ANALYST})
#: who keeps portfolios (pools of projects), unscoped
PORTFOLIO_KEEPERS = frozenset({R.ADMINISTRATOR, R.CENTRE_ANALYST})
#: who drafts, edits and submits monitoring reports
REPORT_AUTHORS = frozenset({R.ADMINISTRATOR, R.CURATOR, R.INVESTOR})
#: who approves or returns submitted reports (the region's investment HQ analyst reviews its curators' reports)
REPORT_REVIEWERS = frozenset({R.ADMINISTRATOR, R.REGION_ANALYST, R.CURATOR})
#: who reads the change log (unscoped)
CHANGE_LOG_READERS = frozenset({R.ADMINISTRATOR, R.CENTRE_ANALYST})
#: which scope fields make sense for which role (the CLI and API refuse the others)
SCOPE_FIELDS = {
    R.ADMINISTRATOR: frozenset(),
    R.CENTRE_ANALYST: frozenset(),
    R.SECTOR_ANALYST: frozenset({"sector", "programme"}),
    R.REGION_ANALYST: frozenset({"region", "sector", "programme"}),
    R.CURATOR: frozenset({"region", "sector", "programme", "project_id"}),
    R.INVESTOR: frozenset({"organisation_id", "project_id"}),
    R.PUBLIC: frozenset(),
}
#: scopes a role must have (a sector analyst with no sector would see everything)
REQUIRED_SCOPE = {
    R.SECTOR_ANALYST: ("sector", "programme"),
    R.REGION_ANALYST: ("region",),
    R.CURATOR: ("region", "sector", "programme", "project_id"),
    R.INVESTOR: ("organisation_id", "project_id"),
}


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class Grant:
    role: Role
    region: str | None = None  # region or district KATO code; a region covers its districts
    sector: str | None = None  # OKED section (letter) or division (two digits)
    programme: str | None = None
    project_id: int | None = None
    organisation_id: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "role", Role(self.role))

    @property
    def unrestricted(self) -> bool:
        return not any((self.region, self.sector, self.programme, self.project_id, self.organisation_id))

    def describe(self) -> str:
        scope = [f"{k}={v}" for k, v in self.scope().items()]
        return f"{self.role}" + (f" ({', '.join(scope)})" if scope else " (everything)")

    def scope(self) -> dict:
        return {k: v for k, v in (("region", self.region), ("sector", self.sector), ("programme", self.programme),
                                  ("project_id", self.project_id), ("organisation_id", self.organisation_id))
                if v is not None}


def check_grant(grant: Grant) -> None:
    """Refuse grants that make no sense: a scope field the role ignores, or a missing scope."""
    allowed = SCOPE_FIELDS[grant.role]
    extra = set(grant.scope()) - allowed
    if extra:
        raise PolicyError(f"a {grant.role} cannot be scoped by {', '.join(sorted(extra))}")
    required = REQUIRED_SCOPE.get(grant.role)
    if required and not any(getattr(grant, f) is not None for f in required):
        raise PolicyError(f"a {grant.role} needs a scope: one of {', '.join(required)}")
    if grant.role == R.PUBLIC:
        raise PolicyError("public is what everyone without a grant is; it is not granted")


@dataclass(frozen=True)
class Subject:
    """What the policy needs to know about a project (or a zone, with only ``region`` set)."""

    region: str | None = None
    district: str | None = None
    sector_section: str | None = None
    sector_division: str | None = None
    programmes: frozenset[str] = frozenset()
    project_id: int | None = None
    organisation_ids: frozenset[int] = frozenset()


def grant_covers(grant: Grant, s: Subject) -> bool:
    if grant.region is not None and grant.region not in (s.region, s.district):
        return False
    if grant.sector is not None and grant.sector.upper() not in (s.sector_section, s.sector_division):
        return False
    if grant.programme is not None and grant.programme not in s.programmes:
        return False
    if grant.project_id is not None and grant.project_id != s.project_id:
        return False
    if grant.organisation_id is not None and grant.organisation_id not in s.organisation_ids:
        return False
    return True


@dataclass(frozen=True)
class Principal:
    """The one acting: a signed-in user with grants, or the public (no user, no grants)."""

    user_id: int | None = None
    username: str | None = None
    grants: tuple[Grant, ...] = ()
    via: str | None = None  # "token", "session" or None
    csrf: str | None = None  # the session's CSRF token (session sign-in only)
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def system(self) -> bool:
        """The system itself acting (``SystemPrincipal``), set deliberately; never a user."""
        return False

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants)

    @property
    def audit_name(self) -> str:
        return f"user:{self.username}" if self.username else "public"

    def has_role(self, *roles: Role) -> bool:
        return any(g.role in roles for g in self.grants)

    def grants_for(self, roles: frozenset[Role]) -> list[Grant]:
        return [g for g in self.grants if g.role in roles]

    def may(self, roles: frozenset[Role], subject: Subject) -> bool:
        return any(grant_covers(g, subject) for g in self.grants_for(roles))

    def unrestricted(self, roles: frozenset[Role]) -> bool:
        return any(g.unrestricted for g in self.grants_for(roles))

    # --- the decisions the rest of the code asks for ---------------------------------------

    def can_read_internal(self, subject: Subject) -> bool:
        return self.may(INTERNAL_READERS, subject)

    def can_edit_project(self, subject: Subject) -> bool:
        return self.may(PROJECT_EDITORS, subject)

    def can_move_project(self, before: Subject, after: Subject) -> bool:
        """Changing what decides who else sees a project (region, district, sector, programmes) needs one
        grant that covers it on both sides by those attributes: a grant on the project itself (or on an
        organisation) says nothing about where it may go."""
        return any(g.project_id is None and g.organisation_id is None and grant_covers(g, before)
                   and grant_covers(g, after) for g in self.grants_for(PROJECT_EDITORS))

    def can_add_granted_participant(self, subject: Subject) -> bool:
        """Attaching an organisation that users hold grants on gives those users this project: only a
        role covering both sides, i.e. an unscoped one (administrator, centre analyst), may."""
        return any(g.unrestricted and grant_covers(g, subject) for g in self.grants_for(PROJECT_EDITORS))

    def can_edit_zone(self, subject: Subject) -> bool:
        return self.may(ZONE_EDITORS, subject)

    def can_edit_organisation(self) -> bool:
        return bool(self.grants_for(ORGANISATION_EDITORS))

    def can_set_target(self, subject: Subject) -> bool:
        return self.may(TARGET_SETTERS, subject)

    def can_author_report(self, subject: Subject) -> bool:
        return self.may(REPORT_AUTHORS, subject)

    def can_review_report(self, subject: Subject) -> bool:
        return self.may(REPORT_REVIEWERS, subject)

    def can_keep_portfolios(self) -> bool:
        return self.unrestricted(PORTFOLIO_KEEPERS)

    def can_manage_watch(self) -> bool:
        return self.has_role(R.ADMINISTRATOR)

    def can_read_change_log(self) -> bool:
        return self.unrestricted(CHANGE_LOG_READERS)

    def can_manage_users(self) -> bool:
        return self.has_role(R.ADMINISTRATOR)

    def read_scope(self) -> list[Grant] | None:
        """The grants that bound what this principal reads internally; None means everything."""
        readers = self.grants_for(INTERNAL_READERS)
        if any(g.unrestricted for g in readers):
            return None
        return readers


PUBLIC = Principal()


@dataclass(frozen=True)
class SystemPrincipal(Principal):
    """The system acting, set deliberately (the command line's import without ``--as``): a trusted
    operator, logged under its actor's name. The flush guard lets it write anything."""

    @property
    def system(self) -> bool:
        return True

    @property
    def audit_name(self) -> str:
        return self.username or "system"


def system_principal(actor: str) -> Principal:
    return SystemPrincipal(username=actor, grants=(Grant(Role.ADMINISTRATOR),))


#: project fields only internal readers see (the public gets the rest)
INTERNAL_PROJECT_FIELDS = frozenset({"curator", "note"})
#: of each support measure the public sees only what kind it is and its status
PUBLIC_SUPPORT_FIELDS = frozenset({"kind", "status"})
#: report fields that stay internal even when the report is published
INTERNAL_REPORT_FIELDS = frozenset({"problems", "needs", "support_received_kzt", "review_comment", "created_by",
                                    "submitted_by", "reviewed_by"})


def public_project(d: dict) -> dict:
    """A serialised project with its internal fields removed."""
    out = {k: v for k, v in d.items() if k not in INTERNAL_PROJECT_FIELDS}
    if "support" in out:
        out["support"] = [{k: s.get(k) for k in PUBLIC_SUPPORT_FIELDS} for s in out["support"]]
    return out
