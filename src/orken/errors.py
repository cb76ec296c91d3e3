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
    """Input that breaks a rule; ``errors`` lists each problem by field."""

    status = 422
    title = "Invalid input"

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls([{"field": field, "message": message}])


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
