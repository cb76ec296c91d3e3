"""The ``launch_promise_moved`` alert: the launch announced in the news moved later again."""

from datetime import date

from orken.domain.promises import Said, parse_period
from orken.monitoring import alerts

TODAY = date(2026, 6, 1)


def said(on: str, text: str) -> Said:
    d, p = parse_period(text)
    return Said(date.fromisoformat(on), "launch", on=d, precision=p)


def raised(status="planned", *announced, launch_actual=None):
    s = alerts.Snapshot(1, status, launch_promises=tuple(announced), launch_actual=launch_actual)
    return [a for a in alerts.evaluate(s, TODAY) if a.kind == "launch_promise_moved"]


def test_a_second_slip_raises_it_with_the_new_date():
    [a] = raised("planned", said("2023-01-01", "2026"), said("2024-01-01", "2027-Q3"), said("2025-01-01", "2028"))
    assert a.data["later"] == 2 and a.data["to"] == "2028" and a.data["to_precision"] == "year"
    assert a.data["months"] == 24 and a.severity == "warning"


def test_one_slip_restatements_refinements_and_an_earlier_date_do_not():
    assert raised("planned", said("2023-01-01", "2026"), said("2024-01-01", "2027")) == []  # once is not again
    assert raised("planned", said("2023-01-01", "2026"), said("2024-01-01", "2026"), said("2024-06-01", "2026-Q4"),
                  said("2025-01-01", "2026-11")) == []
    # slipped twice, then brought forward: the latest news is no slip
    assert raised("planned", said("2022-01-01", "2025"), said("2023-01-01", "2026"), said("2024-01-01", "2027"),
                  said("2025-01-01", "2026")) == []


def test_not_for_a_launched_project():
    slips = (said("2022-01-01", "2025"), said("2023-01-01", "2026"), said("2024-01-01", "2027"))
    assert len(raised("under_construction", *slips)) == 1
    assert raised("launched", *slips) == []
    assert raised("under_construction", *slips, launch_actual=date(2026, 3, 1)) == []


def test_three_slips_are_critical():
    [a] = raised("planned", said("2021-01-01", "2024"), said("2022-01-01", "2025"), said("2023-01-01", "2026"),
                 said("2024-01-01", "2027"))
    assert a.severity == "critical" and a.data["later"] == 3
