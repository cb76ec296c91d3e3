"""``launch_slipped`` compares a planned launch at the precision it was given to: a launch planned
for "2025" has slipped only once 2025 is over, "IV кв. 2025" once the fourth quarter is."""

from __future__ import annotations

from datetime import date

import pytest

from orken.monitoring import alerts


def slipped(launch: date, precision: str | None, today: date) -> bool:
    snap = alerts.Snapshot(project_id=1, status="under_construction", launch_planned=launch,
                           launch_planned_precision=precision)
    return any(a.kind == "launch_slipped" for a in alerts.evaluate(snap, today))


@pytest.mark.parametrize("launch, precision, today, expected", [
    (date(2025, 1, 1), "year", date(2025, 6, 30), False),  # the year 2025 is not over
    (date(2025, 1, 1), "year", date(2025, 12, 31), False),
    (date(2025, 1, 1), "year", date(2026, 1, 1), True),
    (date(2025, 10, 1), "quarter", date(2025, 12, 31), False),
    (date(2025, 10, 1), "quarter", date(2026, 1, 1), True),
    (date(2025, 4, 1), "quarter", date(2025, 7, 1), True),
    (date(2026, 12, 1), "month", date(2026, 12, 20), False),
    (date(2026, 2, 1), "month", date(2026, 3, 1), True),
    (date(2025, 1, 1), None, date(2025, 1, 2), True),  # a date is a day
    (date(2025, 1, 1), "day", date(2025, 1, 2), True),
])
def test_launch_slipped_at_the_stated_precision(launch, precision, today, expected):
    assert slipped(launch, precision, today) is expected


def test_the_alert_names_the_period_and_counts_days_from_its_end():
    snap = alerts.Snapshot(project_id=7, status="planned", launch_planned=date(2025, 10, 1),
                           launch_planned_precision="quarter")
    (alert,) = [a for a in alerts.evaluate(snap, date(2026, 1, 11)) if a.kind == "launch_slipped"]
    assert "2025 Q4" in alert.message and alert.data["days"] == 11 and alert.data["precision"] == "quarter"
