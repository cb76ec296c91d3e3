"""Orken against Datasette on the same SQLite file: the same four queries over real HTTP on loopback.

All the servers are started here as subprocesses (loaded one at a time), on the synthetic registry of
``synthetic.py`` (100,000 projects by default):

* Orken: ``uvicorn orken.web.app:create_app`` (what ``orken serve`` runs), one process, reading as the
  anonymous public, so every read goes through its permission checks (public fields, public
  projects only). Two of them: as shipped, and with its aggregate cache off
  (``ORKEN_AGGREGATE_CACHE=off``), which shows the cost of computing every facet and sum afresh.
* Datasette (from PyPI), one process, serving the same file the way ``datasette publish`` does
  (immutable, ``-i``), with suggested facets off and time limits raised so it computes the same
  complete answers instead of giving up (its defaults would cut facets off after 200 ms).

The cases (the same rows, counts and sums on both sides):

* filtered list: region + status, first 50 rows with the total count;
* facetted list: first 50 rows with counts by status, region and OKED section;
* text search: substring search in the names (Orken ``q=``, Datasette ``search_text__contains=``;
  both a LIKE scan: Datasette's full-text search would need an FTS index and matches words, not
  substrings);
* grouped sum: projects, investment and jobs summed by region (Orken ``/api/v1/stats``, Datasette
  the same SQL through its ``?sql=`` JSON API).

Each case is loaded by ``loadgen.load`` at 1 and at 32 concurrent connections for ``--seconds``, in
interleaved rounds (see ``measure``). All three servers run at once but only one is loaded at a time.

    python bench/vs_datasette.py [--projects 100000] [--seconds 6] [--rounds 3] [--concurrency 1,32]
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import LoadResult, load  # noqa: E402
from synthetic import prepare  # noqa: E402

AGGREGATES = ("count(id), sum(investment_planned_kzt), sum(investment_actual_kzt), sum(jobs_permanent_planned), "
              "sum(jobs_permanent_actual), sum(jobs_construction_planned), count(investment_planned), "
              "count(investment_planned_kzt)")
REGION = "350000000"

#: (case, Orken path, Datasette path with {db} for the database name)
CASES = [
    ("filtered list", f"/api/v1/projects?region={REGION}&status=launched&limit=50",
     f"/{{db}}/projects.json?region_kato={REGION}&status=launched&_size=50&_shape=objects"),
    ("facetted list", "/api/v1/projects?limit=50&facets=status,region,sector",
     "/{db}/projects.json?_size=50&_shape=objects&_facet=status&_facet=region_kato&_facet=oked_section"),
    ("text search", "/api/v1/projects?q=" + quote("цемент") + "&limit=50",
     "/{db}/projects.json?_size=50&_shape=objects&search_text__contains=" + quote("цемент")),
    ("grouped sum", "/api/v1/stats?group_by=region",
     "/{db}.json?_shape=objects&sql=" + quote(f"SELECT region_kato, {AGGREGATES} FROM projects GROUP BY region_kato")),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server subprocess on a free loopback port; ``with Server(...) as base_url:``."""

    def __init__(self, argv: list[str], port: int, env: dict[str, str] | None = None, ready_path: str = "/") -> None:
        self.argv, self.port, self.env, self.ready_path = argv, port, env, ready_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> str:
        env = {**os.environ, **(self.env or {})}
        self.process = subprocess.Popen(self.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.argv[0]} exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(base + self.ready_path, timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"{' '.join(self.argv)} did not start within 60 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def orken_server(db_path: Path, cache: bool) -> Server:
    port = free_port()
    env = {"ORKEN_DATABASE_URL": f"sqlite:///{db_path}", "ORKEN_AGGREGATE_CACHE": "on" if cache else "off"}
    argv = [sys.executable, "-m", "uvicorn", "orken.web.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port)]
    return Server(argv, port, env, "/api/v1/programmes")


def datasette_server(db_path: Path) -> Server:
    port = free_port()
    datasette = str(Path(sys.executable).with_name("datasette"))
    argv = [datasette, "serve", "-i", str(db_path), "--host", "127.0.0.1", "--port", str(port),
            "--setting", "suggest_facets", "off", "--setting", "facet_time_limit_ms", "60000",
            "--setting", "sql_time_limit_ms", "60000", "--setting", "max_returned_rows", "1000"]
    return Server(argv, port, None, "/-/versions.json")


def check_same_answers(orken: str, datasette: str, db: str) -> None:
    """The two servers must agree on what they compute, or the comparison means nothing."""
    o = httpx.get(orken + CASES[0][1]).json()
    d = httpx.get(datasette + CASES[0][2].format(db=db)).json()
    assert o["total"] == d["filtered_table_rows_count"], (o["total"], d["filtered_table_rows_count"])
    assert [p["id"] for p in o["items"]] == [r["id"] for r in d["rows"]]
    o = httpx.get(orken + CASES[2][1]).json()
    d = httpx.get(datasette + CASES[2][2].format(db=db)).json()
    assert o["total"] == d["filtered_table_rows_count"], (o["total"], d["filtered_table_rows_count"])
    o = httpx.get(orken + CASES[1][1]).json()
    d = httpx.get(datasette + CASES[1][2].format(db=db)).json()
    o_status = {f["value"]: f["count"] for f in o["facets"]["status"]}
    d_status = {f["value"]: f["count"] for f in d["facet_results"]["status"]["results"]}
    assert o_status == d_status, (o_status, d_status)
    o = httpx.get(orken + CASES[3][1]).json()
    d = httpx.get(datasette + CASES[3][2].format(db=db)).json()
    assert sorted(i["projects"] for i in o["items"]) == sorted(r["count(id)"] for r in d["rows"])


def measure(servers: dict[str, tuple[str, list[str]]], concurrency: list[int], seconds: float,
            rounds: int) -> dict[tuple[str, int, int], LoadResult]:
    """Load every (server, case, concurrency), interleaved: each gets ``rounds`` slices of
    ``seconds / rounds``, taken in turn, so a change in the machine's background load falls on all
    servers alike. The latencies of a server's slices are pooled."""
    results: dict[tuple[str, int, int], LoadResult] = {}
    cases = len(next(iter(servers.values()))[1])
    for i in range(cases):
        for c in concurrency:
            for _ in range(rounds):
                for name, (base, paths) in servers.items():
                    part = load(base + paths[i], c, seconds / rounds)
                    if part.errors:
                        raise RuntimeError(f"{name} {base + paths[i]} at {c} connections: {len(part.errors)} "
                                           f"errors, first: {part.errors[0]}")
                    pooled = results.setdefault((name, i, c), LoadResult(part.url, c, 0.0))
                    pooled.latencies += part.latencies
                    pooled.seconds += part.seconds
                    pooled.bytes += part.bytes
    return results


def run(projects: int = 100_000, seconds: float = 6.0, concurrency: tuple[int, ...] = (1, 32),
        database: str | None = None, rounds: int = 3) -> list[dict]:
    """Rows of the comparison: one per case, concurrency and Orken variant."""
    db_path = Path(database or f"/tmp/orken-vs-datasette-{projects}.db")
    prepare(f"sqlite:///{db_path}", projects).dispose()
    with sqlite3.connect(db_path) as conn:  # fold the WAL into the file: Datasette opens it immutable
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = db_path.stem
    with datasette_server(db_path) as ds, orken_server(db_path, True) as orken, \
            orken_server(db_path, False) as uncached:
        check_same_answers(orken, ds, db)
        check_same_answers(uncached, ds, db)
        results = measure({"Datasette": (ds, [c[2].format(db=db) for c in CASES]),
                           "Orken": (orken, [c[1] for c in CASES]),
                           "Orken, cache off": (uncached, [c[1] for c in CASES])},
                          list(concurrency), seconds, rounds)
    rows = []
    for (variant, i, c), mine in results.items():
        if variant == "Datasette":
            continue
        other = results["Datasette", i, c]
        rows.append({
            "group": "API vs Datasette", "case": CASES[i][0], "variant": variant, "concurrency": c,
            "orken_p50_ms": mine.median * 1000, "orken_p95_ms": mine.percentile(95) * 1000,
            "orken_rps": mine.throughput, "datasette_p50_ms": other.median * 1000,
            "datasette_p95_ms": other.percentile(95) * 1000, "datasette_rps": other.throughput,
            "ratio_p50": mine.median / other.median, "ratio_p95": mine.percentile(95) / other.percentile(95),
            "ratio_rps": mine.throughput / other.throughput,
        })
    rows.sort(key=lambda r: (r["variant"] != "Orken", r["case"], r["concurrency"]))
    return rows


def table(rows: list[dict], title: str) -> Table:
    t = Table(title=title)
    for column in ("case", "Orken", "conns", "p50 ms", "DS p50", "p95 ms", "DS p95", "req/s", "DS req/s",
                   "p50 ×", "p95 ×", "req/s ×"):
        t.add_column(column, justify="right")
    for r in rows:
        t.add_row(r["case"], r["variant"], str(r["concurrency"]), f"{r['orken_p50_ms']:.1f}",
                  f"{r['datasette_p50_ms']:.1f}", f"{r['orken_p95_ms']:.1f}", f"{r['datasette_p95_ms']:.1f}",
                  f"{r['orken_rps']:.0f}", f"{r['datasette_rps']:.0f}", f"{r['ratio_p50']:.2f}",
                  f"{r['ratio_p95']:.2f}", f"{r['ratio_rps']:.2f}")
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=6.0, help="per server, case and concurrency")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved slices of --seconds")
    parser.add_argument("--concurrency", default="1,32")
    parser.add_argument("--database", help="SQLite file (default /tmp/orken-vs-datasette-PROJECTS.db)")
    args = parser.parse_args()
    rows = run(args.projects, args.seconds, tuple(int(c) for c in args.concurrency.split(",")), args.database,
               args.rounds)
    Console().print(table(rows, f"{args.projects} projects on SQLite; × = Orken / Datasette "
                                "(latency: lower is better; req/s: higher is better)"))


if __name__ == "__main__":
    main()
