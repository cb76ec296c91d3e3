"""The request budget of issue 15: each heavy public request's server time and peak extra memory.

Budget: at 100,000 projects no public request costs more than ~2 s of server time or ~150 MB of extra
memory. Each case runs in a fresh process over the synthetic registry (``synthetic.py``), the
request handed straight to the ASGI app as a server hands it (``asgi_call.py``): after a warm-up
(imports, one small request) the process's peak RSS is reset (``/proc/self/clear_refs``) and the
request is timed twice: the first (cold: built) and the second (warm: a public export or briefing is
then a kept file, ``orken.web.filecache``). "extra MB" is the peak RSS during the request above
the RSS before it.

    python bench/request_budget.py [--projects 100000] [--engine sqlite|postgresql] [--database URL]
                                   [--only briefing,search,GeoJSON,export]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import prepare  # noqa: E402

BUDGET_SECONDS = 2.0
BUDGET_MB = 150
CASES = [
    ("search + every facet", "/api/v1/projects?limit=1&q=zz1&facets=status,region,district,sector,division,"
                             "programme,map_level,zone,year"),
    ("search, 300 repeated facets", "/api/v1/projects?limit=1&q=zz2&facets=" + ",".join(["district"] * 300)),
    ("projects page, text search", "/projects?q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4"),
    ("project points GeoJSON", "/api/v1/geo/projects.geojson?limit=200000"),
    ("export CSV", "/api/v1/export/projects.csv"),
    ("export XLSX", "/api/v1/export/projects.xlsx"),
    ("export GeoJSON", "/api/v1/export/projects.geojson"),
    ("export OC4IDS", "/api/v1/export/projects.oc4ids.json"),
    ("national briefing PDF", "/api/v1/briefings/national.pdf?on=2025-06-01"),
    ("national briefing XLSX", "/api/v1/briefings/national.xlsx?on=2025-06-01"),
    ("region briefing PDF", "/api/v1/briefings/350000000.pdf?on=2025-06-01"),
]


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def one(url: str, database: str) -> dict:
    """In this (fresh) process: warm up, then time ``url`` cold and warm with the peak extra RSS of each."""
    from asgi_call import InProcess

    from orken.db.engine import make_engine
    from orken.web.app import create_app

    app = create_app(make_engine(database))
    out = {}
    with InProcess(app) as client:
        client.get("/api/v1/projects?limit=1")
        if "briefings" in url:
            import orken.io.briefing_pdf  # noqa: F401  (the import is once per process, not per request)
        for label in ("cold", "warm"):
            before = _rss_kb("VmRSS")
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
            started = time.perf_counter()
            status, body = client.get(url)
            seconds = time.perf_counter() - started
            out[label] = {"status": status, "seconds": seconds, "extra_mb": (_rss_kb("VmHWM") - before) / 1024,
                          "bytes": len(body)}
    return out


def run(database: str, only: str | None = None) -> list[dict]:
    rows = []
    for name, url in CASES:
        if only and not any(word.strip() in name for word in only.split(",")):
            continue
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1] / "src"),
                                                            os.environ.get("PYTHONPATH", "")])}
        done = subprocess.run([sys.executable, __file__, "--one", url, "--database", database],
                              capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0:
            rows.append({"case": name, "url": url, "error": done.stderr.strip().splitlines()[-1:]})
            continue
        rows.append({"case": name, "url": url, **json.loads(done.stdout.strip().splitlines()[-1])})
    return rows


def render(rows: list[dict], projects: int, engine: str):
    from rich.table import Table

    table = Table(title=f"Request budget — {projects:,} projects on {engine}: server time and peak extra memory "
                        f"(budget {BUDGET_SECONDS:.0f} s, {BUDGET_MB} MB)")
    for col in ("request", "status", "cold s", "cold MB", "warm s", "warm MB", "size MB", "within budget"):
        table.add_column(col, justify="left" if col == "request" else "right")
    for r in rows:
        if "error" in r:
            table.add_row(r["case"], "error", *[""] * 5, " ".join(r["error"]))
            continue
        c, w = r["cold"], r["warm"]
        ok = all(x["seconds"] <= BUDGET_SECONDS and x["extra_mb"] <= BUDGET_MB for x in (c, w))
        warm_ok = w["seconds"] <= BUDGET_SECONDS and w["extra_mb"] <= BUDGET_MB
        table.add_row(r["case"], str(c["status"]), f"{c['seconds']:.2f}", f"{c['extra_mb']:.0f}",
                      f"{w['seconds']:.2f}", f"{w['extra_mb']:.0f}", f"{c['bytes'] / 1e6:.1f}",
                      "yes" if ok else ("warm only" if warm_ok else "no"))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", help="comma-separated words: the cases whose names contain one (e.g. briefing,search)")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.database)))
        return
    from rich.console import Console
    from synthetic import database

    url = args.database or (f"sqlite:////tmp/orken-budget-{args.projects}.db" if args.engine == "sqlite" else None)
    with database(args.engine, url) as url:
        prepare(url, args.projects).dispose()
        rows = run(url, args.only)
    Console(width=160).print(render(rows, args.projects, args.engine))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
