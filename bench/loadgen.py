"""A small HTTP load generator for the benchmarks: N concurrent keep-alive connections on loopback.

Each connection sends one request after another for a fixed duration (closed loop), so at
``concurrency=1`` the figures are plain latencies and at 32 they show how a server shares itself.
Every response must be 200 with a body; anything else is counted as an error and reported.

We use httpx (already a test dependency) rather than an external tool such as ``wrk`` so the
benchmark needs nothing beyond the project's own Python packages. The client's own cost is
the same for both servers measured in one run, which is what the ratios compare.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field

import httpx


@dataclass
class LoadResult:
    url: str
    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in seconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


async def _worker(client: httpx.AsyncClient, url: str, until: float, result: LoadResult) -> None:
    while time.perf_counter() < until:
        start = time.perf_counter()
        try:
            response = await client.get(url)
            body = response.content
        except httpx.HTTPError as exc:
            result.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - start
        if response.status_code != 200 or not body:
            result.errors.append(f"HTTP {response.status_code}: {body[:200]!r}")
            continue
        result.latencies.append(elapsed)
        result.bytes += len(body)


async def _load(url: str, concurrency: int, seconds: float, warmup: int, headers: dict[str, str]) -> LoadResult:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60, headers=headers) as client:
        for _ in range(warmup):  # warm the server (and open the first connection) before timing
            (await client.get(url)).raise_for_status()
        result = LoadResult(url, concurrency, seconds)
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(_worker(client, url, until, result) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - start
        return result


def load(url: str, concurrency: int = 1, seconds: float = 5.0, warmup: int = 3,
         headers: dict[str, str] | None = None) -> LoadResult:
    """Hit ``url`` from ``concurrency`` connections for ``seconds`` and collect every latency."""
    return asyncio.run(_load(url, concurrency, seconds, warmup, headers or {}))
