"""Writing the change log (``change_log``): who, when, what, and the object before and after.

The one writer of change-log entries, below every package that writes them: the registry's entities
(``orken.registry.changelog`` adds reading it back: the history pages), news review, monitoring and
the accounts of ``orken.auth`` (users and their roles).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from orken.db.models import ChangeRecord


_PLAIN = frozenset({str, int, float, bool, type(None)})


def jsonable(value: Any) -> Any:
    cls = type(value)
    if cls in _PLAIN:  # most of a snapshot: answered before the isinstance chain (bulk imports log many)
        return value
    if cls is dict:
        return {k: v if type(v) in _PLAIN else jsonable(v) for k, v in value.items()}
    if cls is list:
        return [v if type(v) in _PLAIN else jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def diff(before: dict | None, after: dict | None) -> dict[str, tuple[Any, Any]]:
    before, after = before or {}, after or {}
    keys = set(before) | set(after)
    return {k: (before.get(k), after.get(k)) for k in sorted(keys) if before.get(k) != after.get(k)}


def record(
    session: Session, actor: str, action: str, object_type: str, object_id: int, label: str,
    before: dict | None, after: dict | None, message: str | None = None,
) -> ChangeRecord:
    """One entry; ``message`` is the person's optional note on why (blank: none)."""
    entry = ChangeRecord(
        actor=actor, action=action, object_type=object_type, object_id=object_id, object_repr=label[:500],
        before=jsonable(before), after=jsonable(after),
    )
    message = clean_message(message)
    if message is not None:  # unset, the column is left out of the INSERT (a database before 0017 writes too)
        entry.message = message
    session.add(entry)
    return entry


#: the longest change message kept (longer is cut)
MAX_MESSAGE = 2000


def clean_message(message: str | None) -> str | None:
    text = " ".join((message or "").split())
    return text[:MAX_MESSAGE] or None
