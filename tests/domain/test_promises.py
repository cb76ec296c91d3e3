"""The promise ledger's arithmetic: when the announced launch moved, and by how much."""

from datetime import date
from decimal import Decimal

import pytest

from orken.domain import promises
from orken.domain.promises import Said, launch_summary, moves, parse_period


def launch(said_on: str, text: str, **kw) -> Said:
    on, precision = parse_period(text)
    return Said(said_on=date.fromisoformat(said_on), measure="launch", on=on, precision=precision, **kw)


@pytest.mark.parametrize("text,expected", [
    ("2027", (date(2027, 1, 1), "year")), ("2027-Q3", (date(2027, 7, 1), "quarter")),
    ("2027-03", (date(2027, 3, 1), "month")), ("2027-03-15", (date(2027, 3, 15), "day")),
    ("2027-13", None), ("2027-02-30", None), ("27", None), ("", None), (None, None), ("2027-Q5", None),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected
    if expected:
        assert promises.period_text(*expected) == text


def test_restating_the_same_date_is_no_move():
    s = launch_summary([launch("2023-01-10", "2026"), launch("2023-06-01", "2026"), launch("2024-02-01", "2026")])
    assert (s.moves, s.months, s.first, s.last) == (0, 0, "2026", "2026")


def test_a_finer_date_inside_the_same_period_is_no_move():
    # "2026" then "Q3 2026" then "September 2026": refinements of one promise, not moves
    s = launch_summary([launch("2023-01-10", "2026"), launch("2023-06-01", "2026-Q3"), launch("2024-02-01", "2026-09")])
    assert s.moves == 0


def test_moves_are_counted_at_the_coarser_precision():
    s = launch_summary([launch("2022-03-01", "2025"), launch("2023-03-01", "2026-Q2"), launch("2023-09-01", "2026-Q4"),
                        launch("2024-05-01", "2028")])
    assert s.moves == 3 and s.later == 3 and s.earlier == 0
    assert [m.months for m in s.history] == [12, 6, 24]  # year→year, quarter→quarter (2), year→year
    assert s.months == 36 and s.months_moved == 42  # 2025 → 2028 net; 12 + 6 + 24 moved
    assert s.last_move_later and (s.first, s.last) == ("2025", "2028")


def test_an_earlier_date_is_a_move_the_other_way():
    s = launch_summary([launch("2022-03-01", "2027-Q4"), launch("2023-03-01", "2027-Q2")])
    assert s.moves == 1 and s.earlier == 1 and s.later == 0
    assert s.history[0].months == -6 and not s.last_move_later and s.months == -6 and s.months_moved == 6


def test_order_is_by_the_date_said_not_by_recording():
    late_first = [launch("2024-01-01", "2028", id=1), launch("2022-01-01", "2026", id=2)]
    assert [m.as_dict()["to"] for m in moves(late_first)] == ["2028"]
    assert launch_summary(late_first).later == 1


def test_actual_launches_and_other_measures_are_not_announcements():
    claims = [launch("2022-01-01", "2026"), launch("2023-01-01", "2027", actual=True),
              Said(date(2023, 2, 1), "investment", Decimal(5), "KZT")]
    assert launch_summary(claims).moves == 0


def test_timeline_per_measure_with_first_and_last_values():
    claims = [Said(date(2023, 1, 1), "investment", Decimal(90), "KZT"), Said(date(2022, 1, 1), "investment",
              Decimal(80), "KZT"), Said(date(2023, 6, 1), "investment", Decimal(90), "KZT"),
              Said(date(2023, 1, 1), "jobs", Decimal(300), "person"), launch("2022-05-01", "2026")]
    series = promises.timeline(claims)
    assert list(series) == ["investment", "launch", "jobs"]
    inv = series["investment"]
    assert (inv.first.value, inv.last.value, inv.changes) == (Decimal(80), Decimal(90), 1)
    assert promises.timeline(claims)["jobs"].changes == 0


def test_no_claims():
    s = launch_summary([])
    assert (s.moves, s.first, s.last) == (0, None, None)
