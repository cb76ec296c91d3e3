"""The sweep of quiet projects (issue 19): a task after 12 months without news, report or edit,
escalated at 24, never twice, not for launched/completed/cancelled projects, closed by a confirmation,
a status change, a new report or new news; assigned to the project's curator, else the region's
analyst. Explicit ``now=`` everywhere (no clock, no sleeping). Both engines."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from orken.auth import service as auth
from orken.auth.guard import system_session
from orken.auth.models import User
from orken.db.models import ChangeRecord
from orken.tasks import service
from orken.tasks.models import Task
from tests.conftest import make_user
from tests.tasks.conftest import ALM, KAR, add_news, add_report, months_ago, quiet

NOW = datetime.now(timezone.utc)


def sweep(engine, now=NOW):
    with system_session(engine, "tests") as s:
        return service.sweep(s, now=now)


def tasks(engine, pid=None):
    with system_session(engine, "tests") as s:
        stmt = select(Task).order_by(Task.id)
        return [t for t in s.scalars(stmt) if pid is None or t.project_id == pid]


def user_id(engine, name):
    with system_session(engine, "tests") as s:
        return s.scalar(select(User.id).where(User.username == name))


def test_opens_at_12_escalates_at_24_never_twice(engine, project):
    pid, fresh = project(), project(name="Новый")
    quiet(engine, pid, months_ago(13))
    quiet(engine, fresh, months_ago(6))
    first = sweep(engine)
    assert first.opened == [pid] and first.open == 1
    [task] = tasks(engine)
    assert task.kind == "confirm_status" and task.open_project_id == pid and task.closed_at is None
    again = sweep(engine)
    assert again.opened == [] and again.escalated == [] and again.closed == [] and len(tasks(engine)) == 1
    later = sweep(engine, NOW + timedelta(days=340))  # 24 months quiet
    assert later.escalated == [pid] and later.opened == [fresh]  # the other one is now 17 months quiet
    task = tasks(engine, pid)[0]
    assert task.kind == "likely_shelved" and task.escalated_at is not None
    assert sweep(engine, NOW + timedelta(days=341)).escalated == [] and len(tasks(engine)) == 2
    # a project quiet for 25 months at its first sweep gets the escalated kind at once
    old = project(name="Старый")
    quiet(engine, old, months_ago(25))
    assert sweep(engine).opened == [old]
    assert tasks(engine, old)[0].kind == "likely_shelved"


def test_thresholds_are_settings(engine, project, monkeypatch):
    pid = project()
    quiet(engine, pid, months_ago(7))
    assert sweep(engine).opened == []
    monkeypatch.setenv("ORKEN_QUIET_CONFIRM_MONTHS", "6")
    assert sweep(engine).opened == [pid]


def test_not_for_launched_completed_or_cancelled(engine, project):
    checked = {s: project(status=s, name=s) for s in ("planned", "under_construction", "suspended")}
    skipped = {s: project(status=s, name=s) for s in ("launched", "at_design_capacity", "cancelled")}
    for pid in (*checked.values(), *skipped.values()):
        quiet(engine, pid, months_ago(30))
    opened = sweep(engine).opened
    assert sorted(opened) == sorted(checked.values())


def test_assigned_to_the_curator_else_the_region_analyst(engine, project):
    with_curator, without, elsewhere = project(), project(name="Б"), project(region=ALM, name="В")
    make_user(engine, "analyst-kar", "region_analyst", region=KAR)
    make_user(engine, "curator-1", "curator", project_id=with_curator)
    make_user(engine, "curator-region", "curator", region=KAR)  # a region's curator is not the project's
    for pid in (with_curator, without, elsewhere):
        quiet(engine, pid, months_ago(13))
    sweep(engine)
    by = {t.project_id: t for t in tasks(engine)}
    assert (by[with_curator].assignee_id, by[with_curator].assignee_role) == (user_id(engine, "curator-1"), "curator")
    assert (by[without].assignee_id, by[without].assignee_role) == (user_id(engine, "analyst-kar"), "region_analyst")
    assert by[elsewhere].assignee_id is None  # no one yet: assigned on a later sweep once someone is granted
    make_user(engine, "analyst-alm", "region_analyst", region=ALM)
    sweep(engine)
    assert tasks(engine, elsewhere)[0].assignee_id == user_id(engine, "analyst-alm")


def test_closed_by_a_confirmation(engine, project):
    pid = project()
    make_user(engine, "cur", "curator", project_id=pid)
    quiet(engine, pid, months_ago(13))
    sweep(engine)
    [task] = tasks(engine)
    with system_session(engine, "tests") as s:
        principal = auth.principal_of(s.scalar(select(User).where(User.username == "cur")))
    from orken.auth.guard import acting
    from orken.db.engine import session_scope

    with session_scope(engine) as s, acting(s, principal):
        service.confirm(s, principal, task.id)
    [task] = tasks(engine)
    assert task.closed_reason == "confirmed" and task.closed_by == "user:cur" and task.open_project_id is None
    with system_session(engine, "tests") as s:
        entry = s.scalars(select(ChangeRecord).where(ChangeRecord.object_id == pid, ChangeRecord.object_type == "project")
                          .order_by(ChangeRecord.id.desc())).first()
        assert entry.actor == "user:cur" and entry.after["status_as_of"] == NOW.date().isoformat()
    assert sweep(engine).opened == []  # the confirmation is the project's latest news


def test_closed_by_a_status_change(engine, project, client):
    pid = project()
    quiet(engine, pid, months_ago(13))
    sweep(engine)
    assert client.patch(f"/api/v1/projects/{pid}", json={"status": "suspended"}).status_code == 200
    [task] = tasks(engine)  # closed at once by the write, not only at the next sweep
    assert task.closed_reason == "status_changed" and task.open_project_id is None
    assert sweep(engine).opened == []


def test_closed_by_a_new_report_or_news(engine, project):
    reported, news, rejected = project(name="А"), project(name="Б"), project(name="В")
    for pid in (reported, news, rejected):
        quiet(engine, pid, months_ago(13))
    assert len(sweep(engine).opened) == 3
    add_report(engine, reported)
    add_news(engine, news, "pending", NOW.date())
    add_news(engine, rejected, "rejected", NOW.date())  # a rejected fact was not about the project
    closed = sweep(engine).closed
    assert sorted(closed) == sorted([reported, news])
    assert {t.project_id: t.closed_reason for t in tasks(engine) if t.closed_at} == {reported: "activity",
                                                                                      news: "activity"}
    assert tasks(engine, rejected)[0].open_project_id == rejected
    # news of an old article (dated 14 months ago) is not news of now
    old = project(name="Г")
    quiet(engine, old, months_ago(20))
    add_news(engine, old, "accepted", months_ago(14).date())
    assert old in sweep(engine).opened
