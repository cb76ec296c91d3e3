"""The write rules of the guard and the one registration API: ``register(Model, rule)``.

Every mapped class declares how the flush guard (``orken.auth.guard``) decides a write of it. The
rules are kept apart from the guard so that any capability's ``models`` module can register its
classes (this module imports no models): the registry's and auth's classes are registered in
``orken.auth.guard``; monitoring, news, import, watch and statistics register theirs beside their
models. Adding a class:

    from orken.auth.rules import register, zone_child
    register(Contact, zone_child())          # a row of a zone, by its zone_id

The rules: ``PROJECT``, ``project_child(column)``, ``ZONE``, ``zone_child(column)``,
``ORGANISATION``, ``organisation_child()``, ``SOURCE`` (by its owner), ``APPEND_ONLY`` (the change
log), ``service_only(name)`` (only the service inside ``guard.service_writes(session, name)``),
``SYSTEM_ONLY`` (only a system context), or a ``Rule`` subclass with its own ``check``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from orken.auth.guard import Flush

#: ``session.info`` key: the services writing their own rows right now (``guard.service_writes``)
SERVICES_KEY = "orken.services"


class UnguardedClass(RuntimeError):
    """A mapped class with no declared rule was written: every class must ``register`` one."""


class Rule:
    """How the guard decides a write of one mapped class. ``check`` is called for each new,
    changed or deleted row while the acting principal is known; it may refuse at once
    (``flush.refuse``) or hand the row to the flush's project/zone/organisation checks."""

    name = "rule"

    def check(self, flush: Flush, obj) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.name


class _Project(Rule):
    name = "project"

    def check(self, flush, obj):
        flush.project(obj)


class _Zone(Rule):
    name = "zone"

    def check(self, flush, obj):
        flush.zone(obj)


class _Organisation(Rule):
    name = "organisation"

    def check(self, flush, obj):
        flush.organisation(obj)


class _Child(Rule):
    """A row that belongs to a project or a zone by a column (``project_id``, ``zone_id``)."""

    def __init__(self, kind: str, column: str):
        self.kind, self.column, self.name = kind, column, f"{kind}_child({column})"

    def check(self, flush, obj):
        owner = getattr(obj, self.column)
        if owner is None:  # a row of a new parent: checked with it
            return
        (flush.project_id if self.kind == "project" else flush.zone_id)(owner)


class _Source(Rule):
    """Sources belong to a project, else a zone, else organisations."""

    name = "source"

    def check(self, flush, obj):
        if obj.project_id is not None:
            flush.project_id(obj.project_id)
        elif obj.zone_id is not None:
            flush.zone_id(obj.zone_id)
        else:
            flush.organisations = True


class _AppendOnly(Rule):
    """The change log: a signed-in writer adds entries (beside the write they record); nobody but
    the system changes or deletes one."""

    name = "append_only"

    def check(self, flush, obj):
        if obj not in flush.session.new:
            flush.refuse(f"the {type(obj).__name__} (its entries are never changed or deleted)")
        elif not flush.principal.signed_in:
            flush.refuse(f"the {type(obj).__name__}")


class _ServiceOnly(Rule):
    """Rows only their own service writes (and decides who may), e.g. auth's users and sessions."""

    def __init__(self, service: str):
        self.service, self.name = service, f"service_only({service})"

    def check(self, flush, obj):
        if not flush.session.info.get(SERVICES_KEY, {}).get(self.service):
            flush.refuse(f"{type(obj).__name__} rows (only the {self.service} service writes them)")


class _SystemOnly(Rule):
    """Reference data and the like: written only in a system context (loaders, the command line)."""

    name = "system_only"

    def check(self, flush, obj):
        flush.refuse(f"{type(obj).__name__} rows (only the system writes them)")


PROJECT: Rule = _Project()
ZONE: Rule = _Zone()
ORGANISATION: Rule = _Organisation()
SOURCE: Rule = _Source()
APPEND_ONLY: Rule = _AppendOnly()
SYSTEM_ONLY: Rule = _SystemOnly()


def project_child(column: str = "project_id") -> Rule:
    """A row of a project (phases, capacities, ...): decided as an edit of that project."""
    return _Child("project", column)


def zone_child(column: str = "zone_id") -> Rule:
    """A row of a zone (infrastructure, targets, a contact of its management company): an edit of that zone."""
    return _Child("zone", column)


def organisation_child() -> Rule:
    """A row of an organisation (its partners): decided as an edit of organisations."""
    return ORGANISATION


def service_only(service: str) -> Rule:
    return _ServiceOnly(service)


RULES: dict[type, Rule] = {}


def register(model: type, rule: Rule) -> None:
    """Declare how the guard decides writes of ``model``; each mapped class has one rule."""
    if not isinstance(rule, Rule):
        raise TypeError(f"the rule of {model.__name__} must be an orken.auth.rules.Rule, not {rule!r}")
    if RULES.get(model, rule) is not rule:
        raise ValueError(f"{model.__name__} already has the rule {RULES[model]!r}")
    RULES[model] = rule


def rule_for(model: type) -> Rule:
    """The rule of a mapped class (or of its nearest registered base); ``UnguardedClass`` if none."""
    for cls in model.__mro__:
        rule = RULES.get(cls)
        if rule is not None:
            return rule
    raise UnguardedClass(f"{model.__module__}.{model.__name__} has no write rule: declare one with "
                         "orken.auth.rules.register(Model, rule); nothing is written")
