"""The API's create/read/update/delete routes of an entity, generated from its spec.

``crud_routes(router, entity)`` adds ``POST {path}`` (201), ``GET {path}/{id}``, ``PATCH {path}/{id}``
and ``DELETE {path}/{id}?version=`` (204) for an ``orken.registry.entities.Entity``: each passes the
one write path (version check, change log) and answers the entity's serializer output, documented
by its output model. Writes need a signed-in writer (``get_actor``: 401, and the CSRF check of a
cookie session); the flush guard and the spec's ``authorize`` decide the scope. A write may carry
a change message for the change log in the ``X-Change-Message`` header (UTF-8, percent-encoded).
"""

from __future__ import annotations

import inspect
from typing import Any

from urllib.parse import unquote

from fastapi import APIRouter, Depends, Header, Response
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.registry import entities
from orken.registry.entities import Entity
from orken.web.deps import get_actor, get_principal, get_session
from orken.web.params import Id, IdQuery

_KW = inspect.Parameter.KEYWORD_ONLY


def _param(name: str, annotation: Any, default: Any = inspect.Parameter.empty) -> inspect.Parameter:
    return inspect.Parameter(name, _KW, annotation=annotation, default=default)


def _common() -> list[inspect.Parameter]:
    return [_param("session", Session, Depends(get_session)),
            _param("principal", Principal, Depends(get_principal))]


async def change_message(x_change_message: str | None = Header(
        None, description="an optional note on the change, kept in the change log (UTF-8, percent-encoded)")
) -> str | None:
    return unquote(x_change_message) if x_change_message else None


def _writer() -> list[inspect.Parameter]:
    return [*_common(), _param("actor", str, Depends(get_actor)), _param("message", Any, Depends(change_message))]


def _route(fn, name: str, doc: str, params: list[inspect.Parameter]):
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    fn.__signature__ = inspect.Signature(params)
    return fn


def crud_routes(router: APIRouter, entity: Entity, *, tags: list[str] | None = None, read: bool = True,
                create: bool = True, update: bool = True, delete: bool = True) -> None:
    """Mount the entity's routes on ``router`` (``read=False``: its GET is written by hand)."""
    item = f"{entity.path}/{{{entity.id_param}}}"
    tags = tags or [entity.path.strip("/")]
    one = entity.id_param

    if create:
        def create_one(*, data, session: Session, principal: Principal, actor: str, message):
            return entity.state(session, entities.create(session, entity, data, actor, principal, message), principal)

        router.add_api_route(entity.path, _route(create_one, f"create_{entity.name}", f"Create a {entity.name}.",
                                                 [_param("data", entity.create_in), *_writer()]),
                             methods=["POST"], status_code=201, tags=tags,
                             responses={201: {"model": entity.out}})
    if read:
        def get_one(*, session: Session, principal: Principal, **ident):
            return entity.state(session, entities.get(session, entity, ident[one]), principal)

        router.add_api_route(item, _route(get_one, f"get_{entity.name}", f"One {entity.name}.",
                                          [_param(one, Id), *_common()]),
                             methods=["GET"], tags=tags, responses={200: {"model": entity.out}})
    if update and entity.update_in is not None:
        def update_one(*, data, session: Session, principal: Principal, actor: str, message, **ident):
            obj = entities.update(session, entity, ident[one], data, actor, principal, message)
            return entity.state(session, obj, principal)

        router.add_api_route(item, _route(update_one, f"update_{entity.name}",
                                          f"Change a {entity.name}; a stale ``version`` is a 409 with the current state.",
                                          [_param(one, Id), _param("data", entity.update_in), *_writer()]),
                             methods=["PATCH"], tags=tags, responses={200: {"model": entity.out}})
    if delete:
        def delete_one(*, version, session: Session, principal: Principal, actor: str, message, **ident):
            entities.delete(session, entity, ident[one], actor, version, principal, message)
            return Response(status_code=204)

        router.add_api_route(item, _route(delete_one, f"delete_{entity.name}",
                                          f"Delete a {entity.name}; a stale ``version`` is a 409.",
                                          [_param(one, Id), _param("version", IdQuery, None), *_writer()]),
                             methods=["DELETE"], status_code=204, tags=tags)
