"""The socket of the write guard: every ORM flush that changes anything passes the installed check.

The database layer does not know who may write what (that is ``orken.auth``, a layer above it), but
it makes sure that *someone* decides: this module listens to every ``Session``'s ``before_flush``
and hands the session to the check that ``orken.auth.guard`` installs when ``orken.auth`` is
imported. With no check installed, a flush that changes anything is refused: forgetting to import
the guard fails closed, never open. (Core statements such as ``session.execute(insert(...))`` do
not flush; the services that use them ask the guard's rules themselves, as the import's bulk writer
does with ``orken.auth.guard.check_new_projects``.)
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session


class NoWriteGuard(RuntimeError):
    """A session tried to write before any write guard was installed."""


_check: Callable[[Session], None] | None = None


def install(check: Callable[[Session], None]) -> None:
    """Make ``check(session)`` the one decision before every flush that changes something."""
    global _check
    _check = check


def installed() -> bool:
    return _check is not None


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context, instances) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    if _check is None:
        raise NoWriteGuard("no write guard is installed (import orken.auth before writing): nothing is written")
    _check(session)
