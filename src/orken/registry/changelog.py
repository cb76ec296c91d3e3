"""The change log: every write to the registry, with who, when, and before/after snapshots; the writer
itself is ``orken.db.changelog`` (the accounts of ``orken.auth``, below the registry, write through it too)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.changelog import MAX_MESSAGE, clean_message, diff, jsonable, record  # noqa: F401 (the writer)
from orken.db.models import ChangeRecord


def history(session: Session, object_type: str | None = None, object_id: int | None = None,
            limit: int = 100, without: tuple[str, ...] = ()) -> list[ChangeRecord]:
    """The newest entries first, of one object type (and object) if given, leaving out the types ``without``."""
    stmt = select(ChangeRecord).order_by(ChangeRecord.id.desc()).limit(limit)
    if object_type:
        stmt = stmt.where(ChangeRecord.object_type == object_type)
    if without:
        stmt = stmt.where(ChangeRecord.object_type.not_in(without))
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
