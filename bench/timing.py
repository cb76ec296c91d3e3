"""Timing shared by the benchmarks: medians of repeated runs after a warm-up, and result rows."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of ``repeat`` calls of ``fn`` after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def compare(ours: Callable[[], object], reference: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds of ``ours`` and of ``reference``, each warmed up once, their calls interleaved
    (ours, reference, ours, ...) so that load from other processes on a shared machine falls on both."""
    ours()
    reference()
    a, b = [], []
    for _ in range(repeat):
        for fn, samples in ((ours, a), (reference, b)):
            t = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def row(group: str, case: str, engine: str, orken_s: float, reference_s: float,
        reference: str = "hand-written SQL") -> dict:
    """One result row as ``bench/compare.py`` collects them."""
    return {"group": group, "case": case, "engine": engine, "orken_ms": round(orken_s * 1000, 3),
            "reference_ms": round(reference_s * 1000, 3), "ratio": round(orken_s / reference_s, 3),
            "reference": reference}
