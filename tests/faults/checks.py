"""What every fault must leave behind: acknowledged writes present with their exact values, nothing
half-written (each project with its change-log entries, the registry generation intact) and, on
SQLite, a file that passes ``PRAGMA integrity_check``."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from orken.auth.guard import system_session
from orken.db.models import ChangeRecord, Project
from tests.faults.writers import Writer


def acknowledged_writes_present(engine: Engine, writers: list[Writer]) -> int:
    """Every acknowledged project is there with its last acknowledged values, or with the value of
    a later request whose answer never came; nothing exists that no client asked for."""
    with system_session(engine, "tests") as session:
        rows = {p.id: p for p in session.scalars(select(Project))}
        by_name = {p.name_ru: p for p in rows.values()}
        asked = set()
        for w in writers:
            unanswered = [m for m in w.maybe + ([w.pending] if w.pending else []) if m]
            asked |= {m["name"] for m in unanswered if m["op"] == "create"}
            for pid, known in w.acked.items():
                asked.add(known["name"])
                assert pid in rows, f"acknowledged project {pid} ({known['name']}) is missing"
                p = rows[pid]
                assert p.name_ru == known["name"]
                later = {m["jobs"] for m in unanswered if m["id"] == pid or (m["op"] == "create" and m["name"] == known["name"])}
                assert p.jobs_permanent_planned in {known["jobs"], *later}, (pid, p.jobs_permanent_planned, known, later)
                assert p.version >= known["version"]
                if p.jobs_permanent_planned == known["jobs"]:
                    assert p.version == known["version"], (pid, p.version, known)
        assert set(by_name) <= asked, f"projects nobody asked for: {set(by_name) - asked}"
        return len(rows)


def nothing_half_written(engine: Engine) -> None:
    """Each project has exactly one creation record and one update record per version after the
    first; the last record's snapshot is the project as stored; no record of a missing project."""
    with system_session(engine, "tests") as session:
        projects = {p.id: p for p in session.scalars(select(Project))}
        records: dict[int, list[ChangeRecord]] = {}
        for r in session.scalars(select(ChangeRecord).where(ChangeRecord.object_type == "project")
                                 .order_by(ChangeRecord.id)):
            records.setdefault(r.object_id, []).append(r)
        assert set(records) == set(projects), (set(records) ^ set(projects))
        for pid, p in projects.items():
            actions = [r.action for r in records[pid]]
            assert actions[0] == "create" and actions.count("create") == 1, (pid, actions)
            assert actions.count("update") == p.version - 1, (pid, actions, p.version)
            last = records[pid][-1].after
            assert last["jobs_permanent_planned"] == p.jobs_permanent_planned and last["version"] == p.version
            assert p.statuses, f"project {pid} has no status history"
        if engine.dialect.name == "sqlite":
            gen = session.execute(text("SELECT id, value FROM registry_generation")).all()
            assert len(gen) == 1 and gen[0][1] is not None, gen
        else:
            # every committed writing transaction left its id for the web cache's generation
            # (ids below the oldest kept one were folded together by the cache's pruning)
            missing = session.execute(text(
                "SELECT count(*) FROM projects p WHERE p.xmin::text::bigint > (SELECT min(xid) % 4294967296 FROM registry_changes) "
                "AND NOT EXISTS (SELECT 1 FROM registry_changes c WHERE c.xid % 4294967296 = p.xmin::text::bigint)")).scalar()
            assert missing == 0, f"{missing} projects written by transactions the generation does not count"


def file_intact(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
