"""The request budget of issue 15: each heavy public request's server time and peak extra memory.

Budget: at 100,000 projects no public request costs more than ~2 s of server time or ~150 MB of extra
memory. Each case runs in a fresh process over the synthetic registry (``synthetic.py``), the
request handed straight to the ASGI app as a server hands it (``asgi_call.py``): after a warm-up
(imports, one small request) the process's peak RSS is reset (``/proc/self/clear_refs``) and the
request is timed twice: the first (cold) and the second (warm: a public export or briefing is then
a kept file, ``orken.web.filecache``). On a large registry a cold public download is built by the
background builder while the request is answered 503 (being prepared) within a bounded wait: the
"build" columns are that background build's time and peak memory. "extra MB" is the peak RSS during
the request above the RSS before it (the body is counted, not kept). A first row gives a same-run
reference (a trivial request, a plain SQL count) and every row the machine's load average, so that
runs on a shared machine can be compared; the last row builds every public download ahead, as the
served app does after the registry changes.

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


REFERENCE = "reference: trivial request, SQL count"
AHEAD = "build ahead: every public download"


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class _Peak:
    """Seconds and peak extra RSS (MB) of what runs inside ``with``."""

    def __enter__(self):
        self.before = _rss_kb("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.extra_mb = (_rss_kb("VmHWM") - self.before) / 1024

    def row(self, **more) -> dict:
        return {"seconds": self.seconds, "extra_mb": self.extra_mb, **more}


def _wait_for_builds() -> None:
    from orken.web import filecache

    while filecache._pending:
        for future in list(filecache._pending.values()):
            future.result()


def one(url: str, database: str) -> dict:
    """In this (fresh) process: warm up, then time ``url`` cold and warm with the peak extra RSS of each.
    A cold public download of a large registry is answered at once (503, being prepared) and built by
    the background builder: "build" is that build's time and peak memory (server work no request waits for)."""
    from asgi_call import InProcess
    from sqlalchemy import text

    from orken.db.engine import make_engine
    from orken.web import filecache
    from orken.web.app import create_app

    engine = make_engine(database)
    app = create_app(engine)
    out = {"load": os.getloadavg()[0]}
    with InProcess(app) as client:
        client.get("/api/v1/projects?limit=1")
        if "briefings" in url or url == AHEAD:
            import orken.io.briefing_pdf  # noqa: F401  (the import is once per process, not per request)
        if url == REFERENCE:
            with _Peak() as p:
                status, _, size = client.sent("/api/v1/projects?limit=1")
            out["cold"] = p.row(status=status, bytes=size)
            with _Peak() as p, engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM projects")).scalar()
            out["warm"] = p.row(status=200, bytes=0)
            return out
        if url == AHEAD:
            with _Peak() as p:
                futures = filecache.build_ahead(engine)
                for future in futures:
                    future.result()
            out["build"] = p.row(files=len(futures))
            with _Peak() as p:
                status, _, size = client.sent("/api/v1/export/projects.oc4ids.json?lang=ru")
            out["cold"] = out["warm"] = p.row(status=status, bytes=size)
            return out
        for label in ("cold", "warm"):
            with _Peak() as p:
                status, _, size = client.sent(url)
            out[label] = p.row(status=status, bytes=size)
            if label == "cold" and filecache._pending:
                with _Peak() as p:
                    _wait_for_builds()
                out["build"] = p.row()
    return out


def run(database: str, only: str | None = None, progress: Path | None = None) -> list[dict]:
    """Each case in a fresh process; the build-ahead row (every public download built in turn, minutes
    at 100,000 projects) only when ``only`` names it ("ahead")."""
    rows = []
    for name, url in [(REFERENCE, REFERENCE), *CASES, (AHEAD, AHEAD)]:
        if name == AHEAD and not (only and "ahead" in only):
            continue
        if only and name != REFERENCE and not any(word.strip() in name for word in only.split(",")):
            continue
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1] / "src"),
                                                            os.environ.get("PYTHONPATH", "")]),
               "ORKEN_PREBUILD_SECONDS": "0"}  # each request measured alone: no building ahead meanwhile
        try:
            done = subprocess.run([sys.executable, __file__, "--one", url, "--database", database],
                                  capture_output=True, text=True, env=env, timeout=900)
        except subprocess.TimeoutExpired:
            rows.append({"case": name, "url": url, "error": ["over 900 s"]})
            continue
        finally:
            if progress:
                progress.write_text(json.dumps(rows, indent=1))
        if done.returncode != 0:
            rows.append({"case": name, "url": url, "error": done.stderr.strip().splitlines()[-1:]})
            continue
        rows.append({"case": name, "url": url, **json.loads(done.stdout.strip().splitlines()[-1])})
    return rows


def render(rows: list[dict], projects: int, engine: str):
    from rich.table import Table

    table = Table(title=f"Request budget — {projects:,} projects on {engine}: server time and peak extra memory "
                        f"(budget {BUDGET_SECONDS:.0f} s, {BUDGET_MB} MB). A cold public download of a large "
                        "registry is built in the background ('build': no request waits for it)")
    for col in ("request", "status", "cold s", "cold MB", "build s", "build MB", "warm s", "warm MB", "size MB",
                "within budget", "load"):
        table.add_column(col, justify="left" if col == "request" else "right")
    for r in rows:
        if "error" in r:
            table.add_row(r["case"], "error", *[""] * 8, " ".join(r["error"]))
            continue
        c, w, b = r["cold"], r["warm"], r.get("build")
        ok = all(x["seconds"] <= BUDGET_SECONDS and x["extra_mb"] <= BUDGET_MB for x in (c, w))
        warm_ok = w["seconds"] <= BUDGET_SECONDS and w["extra_mb"] <= BUDGET_MB
        if r["case"] == REFERENCE:
            verdict = "(SQL count as warm)"
        elif r["case"] == AHEAD:
            verdict = f"{b['files']} files"
        else:
            verdict = "yes" if ok else ("warm only" if warm_ok else "no")
        table.add_row(r["case"], str(c["status"]) + ("→" + str(w["status"]) if w["status"] != c["status"] else ""),
                      f"{c['seconds']:.2f}", f"{c['extra_mb']:.0f}",
                      f"{b['seconds']:.1f}" if b else "", f"{b['extra_mb']:.0f}" if b else "",
                      f"{w['seconds']:.2f}", f"{w['extra_mb']:.0f}", f"{w['bytes'] / 1e6:.1f}", verdict,
                      f"{r.get('load', 0):.1f}")
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
        rows = run(url, args.only, args.json)
    Console(width=160).print(render(rows, args.projects, args.engine))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
