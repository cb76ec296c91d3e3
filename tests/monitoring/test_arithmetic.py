"""Plan-vs-fact arithmetic, the report workflow, periods and alert rules, against hand-computed cases."""

from datetime import date
from decimal import Decimal as D

import pytest

from orken.monitoring import alerts, periods, planfact
from orken.monitoring.planfact import Figures, Target
from orken.monitoring.scope import Scope, ScopeError, parse
from orken.monitoring.workflow import Action, Actor, State, WorkflowError, is_overdue, next_state

AUTHOR, REVIEWER, BOTH, NOBODY = Actor(True, False), Actor(False, True), Actor(True, True), Actor(False, False)


# --- plan vs fact ---------------------------------------------------------------------------------


def test_progress_is_fact_over_plan_in_percent_rounded_half_up():
    assert planfact.progress(3, 4) == D("75.0")
    assert planfact.progress(D("1"), D("3")) == D("33.3")
    assert planfact.progress(D("2"), D("3")) == D("66.7")
    assert planfact.progress(1, 8) == D("12.5")  # exact, no float drift
    assert planfact.progress(5, 0) is None and planfact.progress(5, None) is None


def test_the_target_is_the_plan_where_set_else_the_projects_plans():
    line = planfact.Line(key="350000000", target=Target(projects=10, investment=None),
                         planned=Figures(projects=7, investment=D("450000000000"), jobs=900),
                         fact=Figures(projects=4, investment=D("300000000000"), jobs=450))
    assert line.plan_of("projects") == 10  # the target
    assert line.plan_of("investment") == D("450000000000")  # no investment target: the projects' plans
    assert line.progress("projects") == D("40.0")
    assert line.progress("investment") == D("66.7")
    assert line.progress("jobs") == D("50.0")
    assert line.progress("output") is None  # no plan at all
    # half the year gone, threshold 10 points: behind below 40 %
    assert not line.behind("projects", D(50), D(10))  # 40.0 is not below 40
    assert line.behind("jobs", D(75), D(10))  # 50 < 65
    body = line.as_dict(D(75), D(10))
    assert body["behind"] == ["projects", "jobs"]  # investment 66.7 is not below 75 - 10
    assert body["fact"]["investment_kzt"] == "300000000000.00"


def test_districts_roll_up_to_regions_and_the_country():
    # Karaganda: two districts; Pavlodar: one. Hand-computed sums below.
    lines = planfact.combine(
        planned={"351010000": Figures(2, D("100.50"), 30), "351020000": Figures(1, D("49.50"), 20),
                 "551010000": Figures(3, D("300"), 60)},
        fact={"351010000": Figures(1, D("80.25"), 25, D("10")), "551010000": Figures(3, D("310"), 70, D("5"))},
        targets={"351010000": Target(projects=2), "351020000": Target(projects=2, jobs=40)},
    )
    assert [line.key for line in lines] == ["351010000", "351020000", "551010000"]
    regions = planfact.rollup(lines, lambda kato: kato[:2] + "0000000", {"550000000": Target(projects=5)})
    kar, pav = regions
    assert kar.key == "350000000" and kar.planned == Figures(3, D("150.00"), 50)
    assert kar.fact == Figures(1, D("80.25"), 25, D("10"))
    assert kar.target == Target(projects=4, jobs=40)  # no own target: the districts' targets added up
    assert kar.progress("projects") == D("25.0") and kar.progress("jobs") == D("62.5")
    assert pav.target == Target(projects=5)  # its own target wins
    country = planfact.total(regions, Target(projects=12, investment=D("1000")))
    assert country.planned == Figures(6, D("450.00"), 110) and country.fact == Figures(4, D("390.25"), 95, D("15"))
    assert country.progress("projects") == D("33.3") and country.progress("investment") == D("39.0")
    assert planfact.total([]).fact == Figures()


def test_expected_share_of_the_period():
    assert planfact.expected_share(0) == D("0.0")
    assert planfact.expected_share(2) == D("50.0")
    assert planfact.expected_share(9) == D("100.0")
    assert planfact.expected_share(1, 3) == D("33.3")


def test_scope_parsing():
    assert parse(None) == Scope() and parse("country") == Scope()
    assert parse("region:350000000, sector:c") == Scope(region="350000000", sector="C")
    assert parse("programme:gpiir-2020-2025,portfolio:3").portfolio == 3
    assert str(parse("sector:24,region:350000000")) == "region:350000000,sector:24"
    for bad in ("colour:red", "region", "region:1,region:2", "portfolio:x"):
        with pytest.raises(ScopeError):
            parse(bad)


# --- periods and workflow ---------------------------------------------------------------------------


def test_periods():
    assert periods.quarter_end(2025, 1) == date(2025, 3, 31) and periods.quarter_end(2024, 4) == date(2024, 12, 31)
    assert periods.deadline(2025, 2) == date(2025, 7, 20)
    assert periods.last_ended(date(2025, 1, 5)) == (2024, 4)
    assert periods.latest_due(date(2025, 1, 20)) == (2024, 3)  # Q4's deadline is the 20th: not yet passed
    assert periods.latest_due(date(2025, 1, 21)) == (2024, 4)
    assert periods.index(2025, 1) - periods.index(2024, 2) == 3


def test_workflow_happy_path_and_return():
    assert next_state("draft", "submit", AUTHOR) == State.SUBMITTED
    assert next_state("submitted", "return", REVIEWER, "jobs figure missing") == State.RETURNED
    assert next_state("returned", "edit", AUTHOR) == State.DRAFT
    assert next_state("returned", "submit", AUTHOR) == State.SUBMITTED
    assert next_state("submitted", "approve", REVIEWER) == State.APPROVED
    assert next_state("approved", "correct", AUTHOR) == State.DRAFT  # the new revision's state


@pytest.mark.parametrize("state,action,actor,forbidden", [
    ("approved", Action.EDIT, BOTH, False),  # immutable
    ("approved", Action.APPROVE, BOTH, False),
    ("draft", Action.APPROVE, BOTH, False),  # must be submitted first
    ("submitted", Action.EDIT, BOTH, False),
    ("submitted", Action.SUBMIT, BOTH, False),
    ("draft", Action.SUBMIT, REVIEWER, True),  # reviewers do not author
    ("submitted", Action.APPROVE, AUTHOR, True),  # authors do not approve
    ("draft", Action.EDIT, NOBODY, True),
])
def test_workflow_refusals(state, action, actor, forbidden):
    with pytest.raises(WorkflowError) as exc:
        next_state(state, action, actor)
    assert exc.value.forbidden is forbidden


def test_returning_needs_a_comment_and_overdue():
    with pytest.raises(WorkflowError, match="comment"):
        next_state("submitted", "return", REVIEWER, "  ")
    due = date(2025, 4, 20)
    assert is_overdue(None, due, date(2025, 4, 21)) and is_overdue("returned", due, date(2025, 5, 1))
    assert not is_overdue("draft", due, date(2025, 4, 20)) and not is_overdue("submitted", due, date(2025, 6, 1))


# --- alerts -------------------------------------------------------------------------------------------


def kinds(snapshot, today, **thresholds):
    return sorted(a.kind for a in alerts.evaluate(snapshot, today, alerts.Thresholds(**thresholds)))


def R(year, quarter, inv=None, jobs=None, util=None):
    return alerts.ReportFigures(year, quarter, None if inv is None else D(inv), jobs, None if util is None else D(util))


REPORTED = {(2024, 3): "approved", (2024, 4): "approved"}  # no report overdue in January 2025


def test_launch_slipped_and_report_overdue():
    s = alerts.Snapshot(1, "under_construction", launch_planned=date(2025, 3, 1),
                        report_states={(2025, 1): "approved", (2025, 2): "draft"})
    assert kinds(s, date(2025, 7, 20)) == ["launch_slipped"]  # Q2 due on the 20th, a draft is not late yet
    assert kinds(s, date(2025, 7, 21)) == ["launch_slipped", "report_overdue"]
    s = alerts.Snapshot(1, "planned", launch_planned=date(2026, 1, 1))
    assert kinds(s, date(2025, 7, 21)) == []  # not yet monitored, launch ahead
    assert kinds(alerts.Snapshot(1, "cancelled", launch_planned=date(2020, 1, 1)), date(2025, 1, 1)) == []


def test_investment_behind_uses_the_elapsed_share_of_construction():
    # 1 000 planned from 2024-01-01 to 2026-01-01 (731 days); on 2025-01-01, 366 days elapsed:
    # expected 1000 * 366/731 = 500.68; 20 % threshold -> alert below 400.55
    base = dict(project_id=1, status="under_construction", start=date(2024, 1, 1), launch_planned=date(2026, 1, 1),
                investment_planned=D(1000), report_states=REPORTED)
    assert kinds(alerts.Snapshot(**base, approved=(R(2024, 4, "400.55"),)), date(2025, 1, 1)) == []
    assert kinds(alerts.Snapshot(**base, approved=(R(2024, 4, "400.54"),)), date(2025, 1, 1)) == ["investment_behind"]
    a = alerts.evaluate(alerts.Snapshot(**base, approved=(R(2024, 4, "100"),)), date(2025, 1, 1))[0]
    assert a.data["expected_kzt"] == "500.68"


def test_jobs_low_utilisation_stalled_and_commitments():
    launched = alerts.Snapshot(2, "launched", launch_planned=date(2023, 1, 1), launch_actual=date(2023, 2, 1),
                               jobs_planned=100, approved=(R(2024, 1, jobs=79, util=49),),
                               report_states=REPORTED)
    # 4 quarters after the launch quarter (2023Q1 -> 2024Q1): utilisation 49 < 50; jobs 79 < 80
    assert kinds(launched, date(2025, 1, 10)) == ["jobs_behind", "low_utilisation"]
    assert kinds(launched, date(2025, 1, 10), grace_quarters=5) == ["jobs_behind"]
    flat = tuple(R(2024, q, "500", 10) for q in (1, 2, 3, 4))
    stalled = alerts.Snapshot(3, "under_construction", approved=flat, report_states=REPORTED)
    assert kinds(stalled, date(2025, 1, 10)) == ["stalled"]
    assert kinds(stalled, date(2025, 1, 10), stalled_periods=5) == []
    moving = alerts.Snapshot(3, "under_construction", approved=flat[:3] + (R(2024, 4, "600", 10),),
                             report_states=REPORTED)
    assert kinds(moving, date(2025, 1, 10)) == []
    gap = alerts.Snapshot(3, "under_construction", approved=flat[:3] + (R(2025, 2, "500", 10),))
    assert "stalled" not in kinds(gap, date(2025, 7, 1))  # not four consecutive quarters
    owed = alerts.Snapshot(4, "planned", commitments=(alerts.Commitment("infrastructure", date(2024, 6, 1), "committed"),
                                                      alerts.Commitment("subsidy", date(2024, 6, 1), "delivered")))
    assert kinds(owed, date(2024, 6, 2)) == ["commitment_overdue"] and kinds(owed, date(2024, 6, 1)) == []
