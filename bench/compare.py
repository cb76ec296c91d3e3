"""Every side-by-side figure in one run and one table (``make bench``).

1. API against Datasette (``vs_datasette.py``): the same SQLite file, the same four queries over
   loopback HTTP at 1 and 32 connections; target: Orken no slower (latency ratio ≤ 1, throughput
   ratio ≥ 1).
2. Stats and plan-vs-fact against hand-written SQL on the same database (``registry_api.py``,
   ``monitoring_planfact.py``), on SQLite and on a throw-away PostgreSQL server; target ≤ 1.5.
3. Extraction speed (``extract_speed.py``) and spreadsheet import (``io_import.py``), reported
   against their references (no target here: they are figures to watch).
4. The request budget (``request_budget.py``): each heavy public request (search with facets,
   exports, briefings, project GeoJSON) at N projects, its server time and peak extra memory, cold
   and from the kept file; budget ~2 s and ~150 MB.

    python bench/compare.py [--projects 100000] [--reports 400000] [--quick] [--json results.json]
                            [--only datasette,stats,planfact,extract,import,budget] [--engines sqlite,postgresql]

``--quick`` runs everything small (10,000 projects, short loads) to check the harness itself.
The whole default run takes about six minutes on a 2-core machine (plus installing the bench extra).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))
import extract_speed  # noqa: E402
import io_import  # noqa: E402
import monitoring_planfact  # noqa: E402
import registry_api  # noqa: E402
import request_budget  # noqa: E402
import vs_datasette  # noqa: E402
from synthetic import database  # noqa: E402

PARTS = ("datasette", "stats", "planfact", "extract", "import", "budget")


def datasette_rows(projects: int, seconds: float) -> list[dict]:
    rows = []
    for r in vs_datasette.run(projects, seconds):
        met = r["ratio_p50"] <= 1 and r["ratio_p95"] <= 1 and r["ratio_rps"] >= 1
        rows.append({
            "group": "API vs Datasette", "case": f"{r['case']}, {r['concurrency']} conn.", "engine": "sqlite",
            "variant": r["variant"],
            "orken": f"{r['orken_p50_ms']:.1f} / {r['orken_p95_ms']:.1f} ms · {r['orken_rps']:.0f}/s",
            "reference": f"{r['datasette_p50_ms']:.1f} / {r['datasette_p95_ms']:.1f} ms · {r['datasette_rps']:.0f}/s",
            "ratio": f"{r['ratio_p50']:.2f} / {r['ratio_p95']:.2f} · {r['ratio_rps']:.2f}",
            "target": "≤1 / ≤1 · ≥1", "met": met, "raw": r,
        })
    return rows


def sql_rows(rows: list[dict]) -> list[dict]:
    return [{**r, "case": r["case"], "variant": "Orken", "orken": f"{r['orken_ms']:.1f} ms",
             "reference": f"{r['reference_ms']:.1f} ms (SQL)", "ratio": f"{r['ratio']:.2f}", "target": "≤ 1.5",
             "met": r["ratio"] <= 1.5, "raw": dict(r)} for r in rows]


def figure_rows(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        fmt = "{:,.0f}" if r["unit"] == "tok/s" else "{:.1f}"
        reference = "—" if r["reference_value"] is None else fmt.format(r["reference_value"]) + f" {r['unit']}"
        out.append({**r, "variant": "Orken", "orken": fmt.format(r["orken"]) + f" {r['unit']}",
                    "reference": f"{reference} ({r['reference']})",
                    "ratio": "—" if r["ratio"] is None else f"{r['ratio']:.2f}",
                    # the import's target (issue 17): no slower than pandas' unchecked copy of the same file
                    "target": "≤ 1.0" if r["group"] == "import" else "—",
                    "met": r["ratio"] <= 1.0 if r["group"] == "import" and r["ratio"] is not None else None,
                    "raw": dict(r)})
    return out


def render(rows: list[dict], title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for column, justify in (("group", "left"), ("case", "left"), ("engine", "left"), ("Orken", "left"),
                            ("Orken", "right"), ("reference", "right"), ("Orken / ref.", "right"),
                            ("target", "right"), ("", "center")):
        table.add_column(column, justify=justify)
    for r in rows:
        mark = "" if r["met"] is None else ("[green]✓[/]" if r["met"] else "[red]✗[/]")
        table.add_row(r["group"], r["case"], r["engine"], r["variant"], r["orken"], r["reference"], r["ratio"],
                      r["target"], mark)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=400_000, help="monitoring reports for plan-vs-fact")
    parser.add_argument("--seconds", type=float, default=6.0, help="load per server, case and concurrency")
    parser.add_argument("--repeat", type=int, default=9, help="repetitions of the stats/plan-fact timings")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--only", default=",".join(PARTS))
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--quick", action="store_true", help="a small run that checks the harness")
    parser.add_argument("--json", type=Path, help="also write every row here")
    args = parser.parse_args()
    if args.quick:
        args.projects, args.reports, args.seconds, args.repeat, args.import_rows = 10_000, 20_000, 1.0, 3, 500
    parts, engines = args.only.split(","), args.engines.split(",")
    console = Console(width=max(Console().width, 160))
    started = time.perf_counter()
    rows: list[dict] = []
    if "datasette" in parts:
        console.log("API vs Datasette …")
        rows += datasette_rows(args.projects, args.seconds)
    for engine in engines:
        if not {"stats", "planfact"} & set(parts):
            break
        # a fresh database per engine, shared by the stats and plan-fact parts
        url = f"sqlite:////tmp/orken-compare-{args.projects}.db" if engine == "sqlite" else None
        with database(engine, url) as url:
            if "stats" in parts:
                console.log(f"stats vs SQL on {engine} …")
                rows += sql_rows(registry_api.run(url, args.projects, args.repeat))
            if "planfact" in parts:
                console.log(f"plan-vs-fact vs SQL on {engine} …")
                rows += sql_rows(monitoring_planfact.run(url, args.projects, max(3, args.repeat // 2),
                                                         reports=args.reports))
    if "extract" in parts:
        console.log("extraction …")
        rows += figure_rows(extract_speed.run())
    if "import" in parts:
        console.log("import …")
        for engine in engines:  # pandas and Orken interleaved, medians of three pairs (one with --quick)
            rows += figure_rows(io_import.compare_rows(args.import_rows, engine, repeat=1 if args.quick else 3))
    title = (f"Orken side by side — {args.projects:,} projects, {args.reports:,} monitoring reports; "
             f"{time.perf_counter() - started:.0f} s in all. API: p50 / p95 latency · throughput")
    console.print(render(rows, title))
    if args.json:
        args.json.write_text(json.dumps([r["raw"] for r in rows], ensure_ascii=False, indent=1))
    if "budget" in parts:  # its own table: each heavy public request's time and peak memory (issue 15)
        console.log("request budget …")
        url = f"sqlite:////tmp/orken-budget-{args.projects}.db"
        with database("sqlite", url) as url:
            request_budget.prepare(url, args.projects).dispose()
            console.print(request_budget.render(request_budget.run(url), args.projects, "sqlite"))
    missed = [r for r in rows if r["met"] is False and r["variant"] == "Orken"]
    if missed:
        console.print(f"[red]{len(missed)} target(s) not met[/] (as shipped): "
                      + "; ".join(f"{r['group']}: {r['case']}" for r in missed))


if __name__ == "__main__":
    main()
