"""The soak's bookkeeping and verdicts, kept free of I/O so that tests can feed them fabricated data.

* ``Tally`` counts every request by kind and outcome and keeps its latency.
* ``CounterLedger`` records the increments of the "counter" projects that the server acknowledged;
  ``lost_updates`` compares them with the values stored at the end.
* ``memory_trend`` turns RSS samples into first/last window medians, a least-squares slope and a
  verdict.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

#: outcomes that are not failures: a stale version or a racing edit (409), and the 4xx a request
#: asks for on purpose (a report that already exists, nothing left to approve)
CONFLICT = "conflict"
INTENDED = "intended_4xx"
OK = "ok"
ERROR = "error"


def outcome(status: int | None, intended: frozenset[int] = frozenset()) -> str:
    """Classify a response: no status (connection error, timeout), 5xx or an unexpected 4xx is an error."""
    if status is None or status >= 500:
        return ERROR
    if status == 409:
        return CONFLICT
    if status < 400:
        return OK
    return INTENDED if status in intended else ERROR


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between order statistics."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[str] = field(default_factory=list)
    acknowledged_writes: int = 0  # 2xx answers to requests that each write one change-log entry
    retries: int = 0

    def add(self, kind: str, status: int | None, seconds: float, intended: frozenset[int] = frozenset(),
            detail: str = "", logged_write: bool = False) -> str:
        result = outcome(status, intended)
        self.latencies[kind].append(seconds)
        self.outcomes[kind][result] += 1
        if result == ERROR and len(self.errors) < 200:
            self.errors.append(f"{kind}: {status if status is not None else 'no answer'} {detail[:300]}")
        if result == OK and logged_write:
            self.acknowledged_writes += 1
        return result

    def total(self, result: str | None = None) -> int:
        return sum(c[result] if result else sum(c.values()) for c in self.outcomes.values())


class CounterLedger:
    """Increments of each counter project that the server acknowledged (2xx to the PATCH)."""

    def __init__(self, project_ids: list[int], start: dict[int, int] | None = None) -> None:
        self.start = {pid: (start or {}).get(pid, 0) for pid in project_ids}
        self.acknowledged: Counter[int] = Counter({pid: 0 for pid in project_ids})

    def acknowledge(self, project_id: int) -> None:
        self.acknowledged[project_id] += 1

    def lost_updates(self, stored: dict[int, int]) -> dict[int, int]:
        """Counter -> acknowledged increments missing from the stored value (negative: phantom ones)."""
        missing = {}
        for pid, start in self.start.items():
            expected = start + self.acknowledged[pid]
            if stored.get(pid) != expected:
                missing[pid] = expected - (stored.get(pid) or 0)
        return missing


@dataclass
class MemoryTrend:
    first_median: float  # MiB, the first window (warm-up included)
    baseline: float  # MiB, the window right after warm-up
    last_median: float  # MiB, the last window
    slope: float  # MiB per minute, least squares over the samples after warm-up
    growth: float  # (last - baseline) / baseline
    samples: int

    def flat(self, limit: float) -> bool:
        return self.growth <= limit


def memory_trend(samples: list[tuple[float, float]], window: float) -> MemoryTrend | None:
    """``samples`` are (seconds since start, MiB). Warm-up is the first ``window`` seconds; the
    baseline is the median of the next window, compared with the median of the last one."""
    if len(samples) < 3:
        return None
    end = samples[-1][0]

    def median_between(a: float, b: float) -> float:
        values = [m for t, m in samples if a <= t <= b]
        return statistics.median(values) if values else float("nan")

    steady = [(t, m) for t, m in samples if t >= window] or samples
    first = median_between(0, window)
    baseline = median_between(window, 2 * window) if end >= 2 * window else first
    last = median_between(end - window, end)
    slope = 0.0
    if len(steady) >= 2 and len({t for t, _ in steady}) >= 2:
        slope = statistics.linear_regression([t for t, _ in steady], [m for _, m in steady]).slope * 60
    growth = (last - baseline) / baseline if baseline else 0.0
    return MemoryTrend(first, baseline, last, slope, growth, len(samples))
