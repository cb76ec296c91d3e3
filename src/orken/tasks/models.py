"""The table of tasks, and the hook that closes a project's open task when the project is written."""

from __future__ import annotations

import weakref
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, event, inspect, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from orken.db.models import Base, ChangeRecord, utcnow


class Task(Base):
    """A question to a project's curator (else the region's analyst): is the status still current?

    ``open_project_id`` is the project's id while the task is open and NULL once it is closed: its
    unique constraint makes "one open task per project" a fact of the database (NULLs never collide),
    so two sweeps running at once (cron and ``orken watch``) cannot open a second one.
    """

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    open_project_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # codes.TASK_KINDS
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("auth_users.id", ondelete="SET NULL"), index=True)
    assignee_role: Mapped[str | None] = mapped_column(String(30))  # curator, region_analyst
    #: the last news, report or edit known when the task was opened: anything later closes it
    quiet_since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_reason: Mapped[str | None] = mapped_column(String(20))  # codes.TASK_CLOSINGS
    closed_by: Mapped[str | None] = mapped_column(String(200))


# the guard's rule (orken.auth.rules): only the tasks service writes tasks (the sweep, as the system;
# a confirmation, which checks the principal may edit the project itself)
from orken.auth.rules import register as _register, service_only as _service_only  # noqa: E402

_register(Task, _service_only("tasks"))


@event.listens_for(Session, "after_flush")
def _close_on_project_write(session: Session, _context) -> None:
    """A write to a project through the one write path (its change-log entry) closes its open task:
    a status change, any edit, or the confirmation itself. One UPDATE per flush that logs a project."""
    closing: dict[int, str] = {}
    for obj in session.new:
        if isinstance(obj, ChangeRecord) and obj.object_type == "project" and obj.object_id is not None:
            before, after = obj.before or {}, obj.after or {}
            reason = "confirmed" if obj.action == "confirm" else (
                "status_changed" if before.get("status") != after.get("status") else "edited")
            if closing.get(obj.object_id) != "confirmed":
                closing[obj.object_id] = reason
    if not closing:
        return
    connection = session.connection()
    if not _has_tasks(connection):  # a database not yet migrated to 0019_tasks
        return
    now = utcnow()
    for reason in set(closing.values()):
        ids = [pid for pid, r in closing.items() if r == reason]
        connection.execute(
            update(Task).where(Task.open_project_id.in_(ids))
            .values(open_project_id=None, closed_at=now, closed_reason=reason,
                    closed_by=(next(o.actor for o in session.new if isinstance(o, ChangeRecord)
                                    and o.object_id in ids and o.object_type == "project"))[:200]))


#: engines known to have the tasks table (only the positive answer is kept: a migration may add it)
_WITH_TASKS: weakref.WeakSet = weakref.WeakSet()


def _has_tasks(connection) -> bool:
    key = connection.engine
    if key not in _WITH_TASKS:
        if not inspect(connection).has_table(Task.__tablename__):
            return False
        _WITH_TASKS.add(key)
    return True
