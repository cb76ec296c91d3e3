"""Errors of the registry, each carrying what the API and CLI need to explain it."""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    status = 400
    title = "Bad request"


class InvalidInput(RegistryError):
    """Input that breaks a rule; ``errors`` lists each problem by field."""

    status = 422
    title = "Invalid input"

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls([{"field": field, "message": message}])


class NotFound(RegistryError):
    status = 404
    title = "Not found"


class GrantsHeld(RegistryError):
    """Deleting the object would delete other users' grants scoped to it (the database cascades): refused.
    ``users`` are the user names holding them; the web layer words it in the reader's language."""

    status = 409
    title = "In use"

    def __init__(self, kind: str, ident: int, users: list[str]):
        self.kind, self.ident, self.users = kind, ident, users
        super().__init__(f"{kind} {ident} cannot be deleted: users {', '.join(users)} hold grants scoped to it; "
                         "change or remove those grants first")


class VersionConflict(RegistryError):
    """The object changed since the client read it; nothing was written."""

    status = 409
    title = "Edit conflict"

    def __init__(self, expected: int, current: int, state: dict[str, Any]):
        self.expected, self.current, self.state = expected, current, state
        super().__init__(
            f"the object was changed by someone else (you edited version {expected}, it is now at "
            f"version {current}); reload it and apply your change again"
        )
