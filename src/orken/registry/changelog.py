"""The change log: every write to the registry, with who, when, and before/after snapshots."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
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


def history(session: Session, object_type: str | None = None, object_id: int | None = None,
            limit: int = 100) -> list[ChangeRecord]:
    stmt = select(ChangeRecord).order_by(ChangeRecord.id.desc()).limit(limit)
    if object_type:
        stmt = stmt.where(ChangeRecord.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(ChangeRecord.object_id == object_id)
    return list(session.scalars(stmt))


def change_to_dict(entry: ChangeRecord) -> dict[str, Any]:
    return {
        "id": entry.id, "time": entry.time.isoformat() if entry.time else None, "actor": entry.actor,
        "action": entry.action, "object_type": entry.object_type, "object_id": entry.object_id,
        "object": entry.object_repr, "message": entry.message,
        "changes": {k: {"before": b, "after": a} for k, (b, a) in diff(entry.before, entry.after).items()},
    }
