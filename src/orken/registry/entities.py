"""Entities from one spec, and the one write path every entity's create, update and delete takes.

An ``Entity`` declares what is particular to one kind of record: its mapped class, its input and
output models, its serializer (which receives the acting principal), the policy rule that guards
it, its list filters, its labels (gettext msgids) and the ``write`` hook that validates input and
copies it onto the object. Everything that must never be forgotten lives here once, in
``create``/``update``/``delete``: the not-found error, the version check (a stale ``version`` is a
409 with the current state), the version increment and the change-log entry with before/after
snapshots (NetBox's one change-logging mixin). The API's CRUD routes are generated from the same
specs (``orken.web.api.registry.crud_routes``).

Adding an entity: its model and migration, one ``Entity(...)`` next to its ``write`` hook (see
``orken.registry.contacts``), and a line in ``orken.web.api.registry`` that mounts its routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.rules import Rule, register
from orken.errors import NotFound, VersionConflict
from orken.registry import changelog

#: every declared entity by name (the change log's ``object_type``), in declaration order
ENTITIES: dict[str, Entity] = {}


@dataclass(frozen=True, eq=False)
class Entity:
    #: the change log's object_type and the not-found noun ("there is no zone 7")
    name: str
    #: the mapped class
    model: type
    #: Pydantic input models of create and update (update carries ``version``)
    create_in: type
    update_in: type
    #: the Pydantic model of the serializer's output (the API's response schema)
    out: type
    #: the serializer: ``state(session, obj, principal) -> dict`` (principal None: the system's full view)
    state: Callable[..., dict]
    #: what the change log names the object by
    label: Callable[[Any], str]
    #: validate ``data`` and copy it onto ``obj`` (None on create: make it); returns the object, in the session
    write: Callable[[Session, Any, Any], Any]
    #: the API collection ("/zones") and the path parameter of one object ("zone_id")
    path: str
    id_param: str
    #: the flush guard's rule for the model (``orken.auth.rules``): declaring the entity registers it, so
    #: an entity cannot exist unguarded (``zone_child()``: whoever may edit the zone edits its rows)
    policy: Rule
    #: display labels, gettext msgids (singular, plural)
    label_msgid: str = ""
    plural_msgid: str = ""
    #: the list filters the API offers (query parameter names)
    filters: tuple[str, ...] = ()
    #: ``authorize(session, principal, obj_or_data, action)``: raises when the principal may not (an
    #: explicit check for entities the flush guard does not cover); None: the flush guard decides
    authorize: Callable[..., None] | None = None
    #: ``before_delete(session, obj)``: refuse a delete (e.g. grants are scoped to the object)
    before_delete: Callable[[Session, Any], None] | None = None
    #: reload the object after writing (children written by separate statements)
    refresh: bool = False
    #: log an update that changed nothing (else only real changes are logged)
    log_unchanged: bool = False
    #: the object's version (None for entities that are not versioned)
    versioned: bool = True
    #: entities the database deletes with this one, as (entity name, its column naming this object): each
    #: gets its own change-log entry when this object is deleted (a zone's contacts)
    dependents: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        ENTITIES[self.name] = self
        register(self.model, self.policy)


def get(session: Session, entity: Entity, ident: int) -> Any:
    obj = session.get(entity.model, ident)
    if obj is None:
        raise NotFound(f"there is no {entity.name} {ident}")
    return obj


def check_version(session: Session, entity: Entity, obj, version: int | None, principal=None) -> None:
    if version is not None and version != obj.version:
        raise VersionConflict(version, obj.version, entity.state(session, obj, principal))


def _finish(session: Session, entity: Entity, obj) -> None:
    session.flush()
    if entity.refresh:
        session.refresh(obj)


def create(session: Session, entity: Entity, data, actor: str, principal=None, message: str | None = None) -> Any:
    """A new object from ``data``, written and logged (``message``: the person's note on the change)."""
    if entity.authorize is not None:
        entity.authorize(session, principal, data, "create")
    obj = entity.write(session, None, data)
    _finish(session, entity, obj)
    log(session, entity, obj, actor, principal, message)
    return obj


def log(session: Session, entity: Entity, obj, actor: str, principal=None, message: str | None = None) -> None:
    """The change-log entry of an object just created (flushed); bulk writers call it themselves."""
    changelog.record(session, actor, "create", entity.name, obj.id, entity.label(obj), None,
                     entity.state(session, obj, principal), message)


def update(session: Session, entity: Entity, ident: int, data, actor: str, principal=None,
           message: str | None = None, action: str = "update") -> Any:
    """Change object ``ident`` by the fields ``data`` gives; ``data.version``, if given, must be current.
    ``action`` names an update the change log keeps even when it changed nothing (``confirm``: "the
    status is still current", ``orken.tasks``)."""
    obj = get(session, entity, ident)
    if entity.authorize is not None:
        entity.authorize(session, principal, obj, "update")
    check_version(session, entity, obj, getattr(data, "version", None), principal)
    before = entity.state(session, obj, principal)
    entity.write(session, obj, data)
    if entity.versioned:
        obj.version += 1
    _finish(session, entity, obj)
    after = entity.state(session, obj, principal)
    if entity.log_unchanged or action != "update" or changelog.diff(before, after):
        changelog.record(session, actor, action, entity.name, obj.id, entity.label(obj), before, after, message)
    return obj


def delete(session: Session, entity: Entity, ident: int, actor: str, version: int | None = None,
           principal=None, message: str | None = None) -> None:
    obj = get(session, entity, ident)
    if entity.authorize is not None:
        entity.authorize(session, principal, obj, "delete")
    check_version(session, entity, obj, version, principal)
    if entity.before_delete is not None:
        entity.before_delete(session, obj)
    before = entity.state(session, obj, principal)
    label = entity.label(obj)
    for name, column in entity.dependents:  # deleted with it by the database's cascade: logged here
        child = ENTITIES[name]
        for c in session.scalars(select(child.model).where(getattr(child.model, column) == ident)):
            changelog.record(session, actor, "delete", child.name, c.id, child.label(c),
                             child.state(session, c, principal), None, message)
    session.delete(obj)
    session.flush()
    changelog.record(session, actor, "delete", entity.name, ident, label, before, None, message)
