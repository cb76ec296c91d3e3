"""The soak's verdicts on fabricated data: each check must be able to fail."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from soak_checks import CONFLICT, ERROR, INTENDED, OK, CounterLedger, Tally, memory_trend, outcome, percentile  # noqa: E402


@pytest.mark.parametrize("status, intended, expected", [
    (200, frozenset(), OK), (201, frozenset(), OK), (409, frozenset(), CONFLICT), (500, frozenset(), ERROR),
    (503, frozenset({503}), ERROR), (None, frozenset(), ERROR), (404, frozenset(), ERROR),
    (404, frozenset({404}), INTENDED),
])
def test_outcomes(status, intended, expected):
    assert outcome(status, intended) == expected


def test_tally_counts_only_acknowledged_logged_writes_and_keeps_errors():
    t = Tally()
    t.add("edit", 200, 0.01, logged_write=True)
    t.add("edit", 409, 0.02, logged_write=True)
    t.add("read", 200, 0.01)
    t.add("edit", 502, 0.5, detail="bad gateway", logged_write=True)
    assert t.acknowledged_writes == 1
    assert (t.total(), t.total(OK), t.total(CONFLICT), t.total(ERROR)) == (4, 2, 1, 1)
    assert t.errors == ["edit: 502 bad gateway"]


def test_ledger_finds_a_lost_and_a_phantom_increment():
    ledger = CounterLedger([1, 2, 3], start={3: 10})
    for pid in (1, 1, 1, 2, 3):
        ledger.acknowledge(pid)
    assert ledger.lost_updates({1: 3, 2: 1, 3: 11}) == {}
    # counter 1 lost one of its three acknowledged increments; counter 2 has one nobody was told of
    assert ledger.lost_updates({1: 2, 2: 2, 3: 11}) == {1: 1, 2: -1}
    assert ledger.lost_updates({1: 3, 2: 1}) == {3: 11}  # a counter that vanished lost everything


def test_memory_trend_tells_a_leak_from_warm_up():
    # 5 minutes, a sample every 2 s: fast growth in the first minute (caches warming), then flat with noise
    flat = [(t, 100 + min(t, 60) / 3 + (t % 7) * 0.1) for t in range(0, 301, 2)]
    trend = memory_trend(flat, 60)
    assert trend.first_median < trend.baseline
    assert abs(trend.growth) < 0.02 and abs(trend.slope) < 0.5
    assert trend.flat(0.10)
    # the same, leaking 5 MiB a minute after warm-up
    leaking = [(t, m + max(0, t - 60) / 12) for t, m in flat]
    trend = memory_trend(leaking, 60)
    assert trend.slope == pytest.approx(5, rel=0.05)
    assert trend.growth > 0.10 and not trend.flat(0.10)


def test_percentile_interpolates():
    assert percentile([3, 1, 2, 4], 50) == 2.5
    assert percentile([1, 2, 3, 4, 5], 95) == pytest.approx(4.8)
    assert percentile([7], 99) == 7
