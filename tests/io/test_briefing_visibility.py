"""A briefing shows a report's problems (an internal field) by the policy's one decision on reports
(``monitoring.service.can_read_report``), not a copy of it (issue 14)."""

from __future__ import annotations

from datetime import date

from orken.auth.policy import PUBLIC, Grant, Principal, Role
from orken.io import briefing
from orken.monitoring.models import Report
from orken.registry import projects
from orken.registry.schemas import ProjectCreate


def _reported(session) -> None:
    p = projects.create(session, ProjectCreate(name={"ru": "Завод стекла"}, region_kato="350000000",
                                               status="under_construction"), "tests")
    session.add(Report(project_id=p.id, year=2025, quarter=1, revision=1, state="approved", current=True,
                       due=date(2025, 4, 30), problems="нехватка электроэнергии", is_public=True))
    session.commit()


def test_report_problems_follow_the_policys_report_decision(session, monkeypatch):
    _reported(session)
    analyst = Principal(user_id=3, username="a", grants=(Grant(Role.REGION_ANALYST, region="350000000"),))
    outsider = Principal(user_id=4, username="o", grants=(Grant(Role.REGION_ANALYST, region="550000000"),))
    found = lambda b: any("нехватка электроэнергии" in p for p in b.problems)  # noqa: E731
    assert found(briefing.gather(session, "350000000", "ru", date(2025, 6, 1), principal=analyst))
    assert found(briefing.gather(session, "350000000", "ru", date(2025, 6, 1)))  # the command line
    for reader in (outsider, PUBLIC):  # published, but its problems stay internal
        assert not found(briefing.gather(session, "350000000", "ru", date(2025, 6, 1), principal=reader))

    from orken.monitoring import service

    monkeypatch.setattr(service, "can_read_report", lambda principal, report, project: (True, False))
    assert not found(briefing.gather(session, "350000000", "ru", date(2025, 6, 1), principal=analyst))
