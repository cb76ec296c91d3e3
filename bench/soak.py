"""Soak: minutes of mixed reads and writes from many concurrent clients against the real server, on
PostgreSQL or SQLite.

    python bench/soak.py [--engine postgresql|sqlite] [--minutes 5 | --seconds N] [--clients 48] [--workers 1]
                         [--database URL] [--counters 8] [--rss-limit 10] [--unsafe-writes]

On PostgreSQL (the default) it starts a throw-away server (or uses ``--database``, a server URL: it
creates and drops a database of its own there); on SQLite it makes a database file in a temporary
folder (removed after). It migrates the database, loads reference data and the sample, adds users
with API tokens (administrator, centre and region analysts, two curators) and starts
``orken serve`` as a subprocess. Then ``--clients`` asyncio clients (httpx, loopback) each send
one request after another, picked by weight: lists with filters, facets, text search, stats, the
map payload, project and region pages (HTML), plan-vs-fact, reports; creating projects, editing
them with the version they read (retrying on 409), monitoring reports drafted and submitted by a
curator and approved by the other, and increments of "counter" projects.

Checks (exit status 0 only if all pass):

* no error: no 5xx, no connection error, no timeout, no unexpected 4xx (409 conflicts and the
  4xx a request provokes on purpose are counted, not failures);
* no lost update: each counter's stored value equals the increments the server acknowledged;
  the change log grew by exactly the number of acknowledged writes;
* memory flat: the server's RSS (with its workers) is sampled every 2 s; after one window of
  warm-up (a minute, or a fifth of a shorter run) the median RSS of the last window may exceed
  the median of the first window after warm-up by at most ``--rss-limit`` per cent (default 10).
  Runs shorter than two minutes report memory but do not judge it (warm-up cannot be told from
  a leak in seconds).

``--unsafe-writes`` makes the counter clients send their edits without the version they read:
a client that does no optimistic locking. The soak must then report lost updates (this is how
the smoke test shows that the check has teeth).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

import httpx
import psutil
from rich.console import Console
from rich.table import Table
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from soak_checks import CONFLICT, ERROR, OK, CounterLedger, Tally, memory_trend, percentile  # noqa: E402
from soak_setup import REGION, Server, World, prepare  # noqa: E402

console = Console(width=130)
SEARCH_WORDS = ["завод", "зауыт", "plant", "цемент", "steel", "энерг", "Қарағанды", "комбинат"]
STATUSES = ["planned", "construction", "launched", "suspended"]
GROUPS = ["region", "sector", "status", "year", "programme"]
SECTORS = ["C", "B", "D", "24", "10"]
YEARS = list(range(2021, 2026))
MEMORY_JUDGED_FROM = 120  # seconds of run below which memory is reported, not judged


class Soak:
    def __init__(self, world: World, base: str, args: argparse.Namespace) -> None:
        self.world, self.base, self.args = world, base, args
        self.tally = Tally()
        self.ledger = CounterLedger(world.counters)
        self.rng = random.Random(args.seed)
        self.region_projects = list(world.region_projects)  # grows with the projects the clients create
        self.auth = {name: {"Authorization": f"Bearer {token}"} for name, token in world.tokens.items()}
        self.deadline = 0.0
        self.ops = [  # (weight, coroutine)
            (10, self.list_projects), (6, self.facets), (6, self.search), (6, self.stats), (5, self.map_payload),
            (3, self.projects_geojson), (8, self.project_page), (4, self.region_page), (5, self.plan_fact),
            (2, self.list_reports),
            (3, self.create_project), (5, self.edit_project), (8, self.increment_counter),
            (4, self.draft_and_submit_report), (3, self.approve_report),
        ]
        if args.mix == "counters":
            self.ops = [(1, self.increment_counter)]

    # --- one request, timed and classified ------------------------------------------------------

    async def call(self, http: httpx.AsyncClient, kind: str, method: str, path: str, user: str | None = None,
                   intended: frozenset[int] = frozenset(), logged_write: bool = False, **kwargs):
        headers = self.auth[user] if user else {}
        started = time.perf_counter()
        try:
            response = await http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            self.tally.add(kind, None, time.perf_counter() - started, detail=f"{type(exc).__name__}: {exc}")
            return None, ERROR
        elapsed = time.perf_counter() - started
        result = self.tally.add(kind, response.status_code, elapsed, intended, f"{method} {path} {response.text}",
                                logged_write)
        return response, result

    def reader(self) -> str | None:
        return self.rng.choice([None, None, "soak-centre", "soak-analyst", "soak-curator-a"])

    # --- reads ----------------------------------------------------------------------------------

    async def list_projects(self, http):
        params = {"sort": self.rng.choice(["id", "-investment", "name", "-updated", "year"]), "limit": 20}
        if self.rng.random() < 0.6:
            params["region"] = self.rng.choice(self.world.regions)
        if self.rng.random() < 0.4:
            params["status"] = self.rng.choice(STATUSES)
        if self.rng.random() < 0.3:
            params["year_from"] = self.rng.choice(YEARS) - 3
        await self.call(http, "read: list", "GET", "/api/v1/projects", self.reader(), params=params)

    async def facets(self, http):
        params = {"facets": "status,region,sector,programme,year", "limit": 5}
        if self.rng.random() < 0.5:
            params["sector"] = self.rng.choice(SECTORS)
        await self.call(http, "read: facets", "GET", "/api/v1/projects", self.reader(), params=params)

    async def search(self, http):
        await self.call(http, "read: search", "GET", "/api/v1/projects", self.reader(),
                        params={"q": self.rng.choice(SEARCH_WORDS), "limit": 20})

    async def stats(self, http):
        params = {"group_by": self.rng.choice(GROUPS)}
        if self.rng.random() < 0.3:
            params["region"] = REGION
        await self.call(http, "read: stats", "GET", "/api/v1/stats", self.reader(), params=params)

    async def map_payload(self, http):
        params = {"metric": self.rng.choice(["investment_planned", "projects", "jobs_planned"])}
        if self.rng.random() < 0.4:
            params["status"] = self.rng.choice(STATUSES)
        await self.call(http, "read: map", "GET", "/map.json", self.reader(), params=params)

    async def projects_geojson(self, http):
        await self.call(http, "read: geojson", "GET", "/api/v1/geo/projects.geojson", self.reader())

    async def project_page(self, http):
        pid = self.rng.choice(self.world.all_projects)
        await self.call(http, "page: project", "GET", f"/projects/{pid}", self.reader(),
                        params={"lang": self.rng.choice(["kk", "ru", "en"])})

    async def region_page(self, http):
        await self.call(http, "page: region", "GET", f"/regions/{self.rng.choice(self.world.regions)}", self.reader())

    async def plan_fact(self, http):
        user, scope = self.rng.choice([("soak-analyst", f"region:{REGION}"), ("soak-centre", None),
                                       ("soak-curator-b", f"region:{REGION}"), (None, None)])
        params = {"year": self.rng.choice(YEARS), "group_by": self.rng.choice(["region", "sector", "district"])}
        if scope:
            params["scope"] = scope
        await self.call(http, "read: plan-fact", "GET", "/api/v1/plan-fact", user, params=params)

    async def list_reports(self, http):
        await self.call(http, "read: reports", "GET", "/api/v1/reports", self.rng.choice(["soak-analyst", "soak-centre"]),
                        params={"region": REGION, "limit": 50})

    # --- writes ---------------------------------------------------------------------------------

    async def create_project(self, http):
        year = self.rng.choice(YEARS)
        body = {"name": {"ru": f"Завод soak {self.rng.getrandbits(40):x}", "en": "Soak plant"},
                "region_kato": REGION, "oked": self.rng.choice(["24.10", "10.11", "23.51"]),
                "jobs_permanent_planned": self.rng.randint(10, 500), "launch_planned": f"{year}-12-31",
                "investment_planned": {"amount": str(self.rng.randint(1, 900) * 1_000_000), "currency": "KZT"}}
        response, result = await self.call(http, "write: create project", "POST", "/api/v1/projects",
                                           "soak-analyst", json=body, logged_write=True)
        if result == OK:
            self.region_projects.append(response.json()["id"])

    async def edit_project(self, http):
        """Edit a project with the version read; on 409 read again and re-apply."""
        pid = self.rng.choice(self.region_projects)
        user = self.rng.choice(["soak-analyst", "soak-curator-a", "soak-admin"])
        for _ in range(self.args.max_retries):
            response, result = await self.call(http, "write: edit (read)", "GET", f"/api/v1/projects/{pid}", user)
            if result != OK:
                return
            current = response.json()
            body = {"note": f"soak edit {self.rng.getrandbits(48):x}",
                    "jobs_construction_planned": (current.get("jobs_construction_planned") or 0) + 1,
                    "version": current["version"]}
            response, result = await self.call(http, "write: edit project", "PATCH", f"/api/v1/projects/{pid}", user,
                                               json=body, logged_write=True)
            if result != CONFLICT:
                return
            self.tally.retries += 1

    async def increment_counter(self, http):
        """Read the counter and its version, PATCH value + 1 with that version; on 409 re-read and retry."""
        pid = self.rng.choice(self.world.counters)
        for _ in range(self.args.max_retries):
            response, result = await self.call(http, "counter (read)", "GET", f"/api/v1/projects/{pid}", "soak-analyst")
            if result != OK:
                return
            current = response.json()
            body = {"jobs_permanent_planned": current["jobs_permanent_planned"] + 1}
            if not self.args.unsafe_writes:
                body["version"] = current["version"]
            response, result = await self.call(http, "counter increment", "PATCH", f"/api/v1/projects/{pid}",
                                               "soak-analyst", json=body, logged_write=True)
            if result == OK:
                self.ledger.acknowledge(pid)
                return
            if result != CONFLICT:
                return
            self.tally.retries += 1

    async def draft_and_submit_report(self, http):
        """A curator drafts a quarter's report (409 if that quarter has one: intended) and submits it."""
        body = {"project_id": self.rng.choice(self.region_projects), "year": self.rng.choice(YEARS),
                "quarter": self.rng.randint(1, 4), "investment_period_kzt": str(self.rng.randint(1, 50) * 1_000_000),
                "jobs_permanent": self.rng.randint(0, 300), "capacity_utilisation": str(self.rng.randint(20, 100)),
                "is_public": self.rng.random() < 0.5}
        response, result = await self.call(http, "write: report draft", "POST", "/api/v1/reports", "soak-curator-a",
                                           json=body, logged_write=True)
        if result != OK:
            return
        report = response.json()
        await self.call(http, "write: report submit", "POST", f"/api/v1/reports/{report['id']}/submit",
                        "soak-curator-a", json={"version": report["version"]}, logged_write=True)

    async def approve_report(self, http):
        """The other curator approves one of the submitted reports (409 if someone was faster)."""
        response, result = await self.call(http, "write: approve (list)", "GET", "/api/v1/reports", "soak-curator-b",
                                           params={"state": "submitted", "limit": 20})
        if result != OK or not response.json()["items"]:
            return
        report = self.rng.choice(response.json()["items"])
        await self.call(http, "write: report approve", "POST", f"/api/v1/reports/{report['id']}/approve",
                        "soak-curator-b", json={"version": report["version"]}, logged_write=True)

    # --- the run --------------------------------------------------------------------------------

    async def client(self, n: int) -> None:
        weights = [w for w, _ in self.ops]
        ops = [op for _, op in self.ops]
        async with httpx.AsyncClient(base_url=self.base, timeout=self.args.timeout) as http:
            while time.monotonic() < self.deadline:
                op = self.rng.choices(ops, weights)[0]
                await op(http)

    async def run(self, seconds: float, monitor) -> None:
        self.deadline = time.monotonic() + seconds
        clients = [asyncio.create_task(self.client(n)) for n in range(self.args.clients)]
        watcher = asyncio.create_task(monitor.watch(self.deadline, self.tally))
        await asyncio.gather(*clients)
        await watcher


class Monitor:
    """RSS of the server process and its children, and PostgreSQL connections to the soak database."""

    def __init__(self, pid: int, world: World, interval: float) -> None:
        self.process = psutil.Process(pid)
        self.world = world
        self.interval = interval
        self.rss: list[tuple[float, float]] = []  # (seconds, MiB)
        self.connections: list[int] = []

    def rss_mib(self) -> float:
        procs = [self.process, *self.process.children(recursive=True)]
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total / 2**20

    def pg_connections(self) -> int:
        with self.world.engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                    "AND pid <> pg_backend_pid()"))

    async def watch(self, deadline: float, tally: Tally) -> None:
        start = time.monotonic()
        last_print = start
        while (now := time.monotonic()) < deadline:
            self.rss.append((now - start, self.rss_mib()))
            if self.world.engine.dialect.name == "postgresql":
                self.connections.append(await asyncio.to_thread(self.pg_connections))
            if now - last_print >= 30:
                last_print = now
                console.log(f"{now - start:5.0f} s: {tally.total()} requests, {tally.total(ERROR)} errors, "
                            f"{tally.total(CONFLICT)} conflicts, RSS {self.rss[-1][1]:.0f} MiB"
                            + (f", {self.connections[-1]} PostgreSQL connections" if self.connections else ""))
            await asyncio.sleep(self.interval)
        self.rss.append((time.monotonic() - start, self.rss_mib()))


def final_state(world: World) -> tuple[dict[int, int], dict[int, int], int]:
    from orken.db.models import Project
    from sqlalchemy import select

    with world.engine.connect() as conn:
        rows = conn.execute(select(Project.id, Project.jobs_permanent_planned, Project.version)
                            .where(Project.id.in_(world.counters))).all()
        changes = conn.scalar(text("SELECT count(*) FROM change_log"))
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}, changes


def report(soak: Soak, monitor: Monitor, seconds: float, changes_logged: int, stored: dict[int, int],
           versions: dict[int, int], args) -> bool:
    tally = soak.tally
    engine_name = "SQLite" if args.engine == "sqlite" else "PostgreSQL"
    table = Table(title=f"Soak: {args.clients} clients, {seconds:.0f} s, {args.workers} worker(s), {engine_name}")
    for column in ("requests", "n", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "409", "intended 4xx"):
        table.add_column(column, justify="left" if column == "requests" else "right")
    kinds = sorted(tally.latencies)
    everything = [x for k in kinds for x in tally.latencies[k]]
    for kind, values in [(k, tally.latencies[k]) for k in kinds] + [("all", everything)]:
        counts = tally.outcomes[kind] if kind != "all" else {r: tally.total(r) for r in (ERROR, CONFLICT, "intended_4xx")}
        table.add_row(kind, str(len(values)), f"{len(values) / seconds:.1f}",
                      *(f"{percentile(values, q) * 1000:.0f}" for q in (50, 95, 99)),
                      str(counts.get(ERROR, 0)), str(counts.get(CONFLICT, 0)), str(counts.get("intended_4xx", 0)),
                      end_section=kind == kinds[-1])
    console.print(table)

    lost = soak.ledger.lost_updates(stored)
    acked = sum(soak.ledger.acknowledged.values())
    console.print(f"counters: {len(stored)}, increments acknowledged {acked}, stored total "
                  f"{sum(v or 0 for v in stored.values())}, retries after 409: {tally.retries}")
    version_drift = {pid: versions[pid] - 1 - soak.ledger.acknowledged[pid] for pid in versions
                     if versions[pid] - 1 != soak.ledger.acknowledged[pid]}
    trend = memory_trend(monitor.rss, min(60.0, seconds / 5))
    if trend:
        console.print(f"server RSS: first window {trend.first_median:.1f} MiB, after warm-up {trend.baseline:.1f} MiB, "
                      f"last window {trend.last_median:.1f} MiB, growth {trend.growth * 100:+.1f} %, slope "
                      f"{trend.slope:+.2f} MiB/min over {trend.samples} samples")
    if monitor.connections:
        console.print(f"PostgreSQL connections to the database: median {percentile(monitor.connections, 50):.0f}, "
                      f"max {max(monitor.connections)}")

    checks = []
    checks.append(("no errors (5xx, connection errors, timeouts, unexpected 4xx)", tally.total(ERROR) == 0,
                   f"{tally.total(ERROR)} errors"))
    checks.append(("no lost update (each counter = acknowledged increments)", not lost and not version_drift,
                   f"lost per counter {lost} version drift {version_drift}" if lost or version_drift
                   else f"{acked} increments over {len(stored)} counters"))
    checks.append(("change log = acknowledged writes", changes_logged == tally.acknowledged_writes,
                   f"{changes_logged} entries, {tally.acknowledged_writes} acknowledged writes"))
    if trend is None or seconds < MEMORY_JUDGED_FROM:
        checks.append(("memory flat", None, f"not judged: a run under {MEMORY_JUDGED_FROM} s"))
    else:
        checks.append((f"memory flat (growth after warm-up <= {args.rss_limit:g} %)",
                       trend.flat(args.rss_limit / 100), f"{trend.growth * 100:+.1f} %"))
    console.print("checks:")
    for name, passed, detail in checks:
        mark = "[yellow]SKIP[/yellow]" if passed is None else "[green]PASS[/green]" if passed else "[red]FAIL[/red]"
        console.print(f"  {mark} {name}: {detail}")
    for line in tally.errors[:15]:
        console.print(f"  error {line}", markup=False)
    return all(passed is not False for _, passed, _ in checks)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=5)
    p.add_argument("--seconds", type=float, help="run this many seconds instead of --minutes")
    p.add_argument("--clients", type=int, default=48)
    p.add_argument("--workers", type=int, default=1, help="server worker processes")
    p.add_argument("--engine", choices=["postgresql", "sqlite"], default="postgresql",
                   help="the database the server runs on (SQLite: a file in a temporary folder)")
    p.add_argument("--database", help="a PostgreSQL server URL (a database is created and dropped there)")
    p.add_argument("--counters", type=int, default=8, help="counter projects for the lost-update check")
    p.add_argument("--rss-limit", type=float, default=10, help="allowed RSS growth after warm-up, per cent")
    p.add_argument("--timeout", type=float, default=30, help="a request taking longer is an error")
    p.add_argument("--max-retries", type=int, default=50)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--mix", choices=["all", "counters"], default="all",
                   help="all: the weighted mix of reads and writes; counters: only counter increments")
    p.add_argument("--unsafe-writes", action="store_true",
                   help="counter edits without the version they read (to show the lost-update check works)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    seconds = args.seconds if args.seconds is not None else args.minutes * 60
    console.print(f"preparing {args.engine}, schema, reference data, sample, users ...")
    world = prepare(args.database, args.counters, args.engine)
    server = None
    try:
        server = Server(world.url, args.workers)
        world.cleanup.append(server.stop)
        server.wait_ready()
        with world.engine.connect() as conn:
            changes_before = conn.scalar(text("SELECT count(*) FROM change_log"))
        soak = Soak(world, server.base, args)
        monitor = Monitor(server.process.pid, world, interval=2.0)
        console.print(f"soak: {args.clients} clients for {seconds:.0f} s against {server.base}"
                      + (" [unsafe writes]" if args.unsafe_writes else ""))
        started = time.monotonic()
        asyncio.run(soak.run(seconds, monitor))
        elapsed = time.monotonic() - started
        if server.process.poll() is not None:
            server.keep_log = True
            console.print(f"[red]the server died[/red]:\n{server.tail()}")
            return 1
        stored, versions, changes_after = final_state(world)
        ok = report(soak, monitor, elapsed, changes_after - changes_before, stored, versions, args)
        if soak.tally.total(ERROR):
            server.keep_log = True
            console.print(f"server log: {server.log.name}; its first tracebacks:\n{server.tracebacks()}", markup=False)
        console.print("[green]soak passed[/green]" if ok else "[red]soak failed[/red]")
        return 0 if ok else 1
    finally:
        world.close()


if __name__ == "__main__":
    sys.exit(main())
