"""The one error hierarchy of Orken.

Every package raises these (or a subclass) for anything a user or client must be told; each error
carries its HTTP status and a short title, and ``orken.web.errors`` is the one place that turns them
into ``application/problem+json``. The CLI prints them as they are. Lower-level parse errors
(``ValueError`` subclasses of the parsers) are caught by the service that called the parser and
re-raised as ``InvalidInput`` with the field they belong to.
"""

from __future__ import annotations

from typing import Any


class OrkenError(Exception):
    """The base: a refusal that the caller can explain to the user."""

    status = 400
    title = "Bad request"


class InvalidInput(OrkenError):
    """Input that breaks a rule; ``errors`` lists each problem by field: ``{"field", "message"}``, where
    the message is English with the codes and values a client needs, and optionally ``"msgid"`` (with
    ``"params"``): what a person is told, a gettext msgid the web forms and the imports show in the
    reader's language (the API answers ``field`` and ``message`` only)."""

    status = 422
    title = "Invalid input"

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))

    @classmethod
    def one(cls, field: str, message: str, msgid: str | None = None, **params) -> InvalidInput:
        return cls([problem(field, message, msgid, **params)])


def problem(field: str, message: str, msgid: str | None = None, **params) -> dict:
    """One entry of ``InvalidInput.errors`` (see there)."""
    entry: dict = {"field": field, "message": message}
    if msgid:
        entry["msgid"], entry["params"] = msgid, params
    return entry


def told(problem: dict | BaseException, gettext) -> str | None:
    """What a person is told of a refusal (an ``InvalidInput`` entry or a ``Refusal``), written with
    ``gettext`` (the reader's catalog); None when it carries no msgid."""
    if isinstance(problem, dict):
        msgid, params = problem.get("msgid"), problem.get("params")
    else:
        msgid, params = getattr(problem, "msgid", None), getattr(problem, "params", None)
    return gettext(msgid, **(params or {})) if msgid else None


class Refusal(ValueError):
    """A validator's refusal (a ``ValueError`` as Pydantic expects) that also carries what a person is
    told: the msgid and its parameters, as ``problem`` does."""

    def __init__(self, message: str, msgid: str, **params):
        super().__init__(message)
        self.msgid, self.params = msgid, params


class NotFound(OrkenError):
    status = 404
    title = "Not found"


class Unauthorized(OrkenError):
    """Nobody is signed in (or the credentials are wrong) and the action needs someone."""

    status = 401
    title = "Sign-in required"


class Forbidden(OrkenError):
    """Someone is signed in, and the policy does not let them do this."""

    status = 403
    title = "Forbidden"


class TooManyAttempts(OrkenError):
    status = 429
    title = "Too many sign-in attempts"

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"too many failed sign-ins; try again in {retry_after} s")


class Conflict(OrkenError):
    """The request is valid but the stored state does not allow it now."""

    status = 409
    title = "Conflict"


class GrantsHeld(Conflict):
    """Deleting the object would delete other users' grants scoped to it (the database cascades): refused.
    ``users`` are the user names holding them; the web layer words it in the reader's language."""

    title = "In use"

    def __init__(self, kind: str, ident: int, users: list[str]):
        self.kind, self.ident, self.users = kind, ident, users
        super().__init__(f"{kind} {ident} cannot be deleted: users {', '.join(users)} hold grants scoped to it; "
                         "change or remove those grants first")


class VersionConflict(Conflict):
    """The object changed since the client read it; nothing was written."""

    title = "Edit conflict"

    def __init__(self, expected: int, current: int, state: dict[str, Any]):
        self.expected, self.current, self.state = expected, current, state
        super().__init__(
            f"the object was changed by someone else (you edited version {expected}, it is now at "
            f"version {current}); reload it and apply your change again"
        )
