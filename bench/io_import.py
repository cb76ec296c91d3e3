"""Spreadsheet import: time and peak memory for 10,000 and 100,000 rows, against a reference.

    .venv/bin/python bench/io_import.py [--rows 10000 100000] [--engine sqlite|postgresql] [--repeat N]
                                        [--again | --only-again]

For each size one .xlsx file of projects is generated (Russian headers, local number formats,
regions by name); then, each in a fresh process on a fresh database (a SQLite file, or a new
database on a throw-away PostgreSQL server), pandas and Orken one after the other (``--repeat``
pairs, medians reported, so that load from other processes falls on both):

- ``orken``: ``orken.io.importer.run_import`` as ``orken import projects`` runs it — every cell
  validated by the registry's rules, places and vocabularies resolved, re-import matching, new
  projects written a batch at a time (executemany) with their statuses, the file as their source
  and their change-log entries, one transaction;
- ``pandas``: ``pandas.read_excel`` + ``DataFrame.to_sql`` of the raw sheet into one table (no
  validation, no reference look-ups, no change log): the floor of "just copy it in".

- ``again`` (``--again``): the same file imported a second time into the registry the first import
  made, every row matched by its external id and unchanged; its ratio is to that first import, in the
  same process (target: ≤ 2).

Peak memory is the process's maximum resident set size; CPU is the process's own time (user + system),
steadier than the wall clock on a shared machine. Needs the ``bench`` extra (pandas).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGIONS = ["Карагандинская область", "Павлодарская область", "Қарағанды облысы", "Akmola region", "Туркестанская",
           "г. Шымкент", "Атырауская область", "Костанайская область"]
STATUSES = ["планируется", "строительство", "запущен", "іске қосылды", "planned"]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, url, xlsx = sys.argv[1], sys.argv[2], Path(sys.argv[3])
start, cpu = time.perf_counter(), time.process_time()
extra = {}
if kind.startswith("orken"):
    from orken.db import migrate
    from orken.db.engine import make_engine
    from orken.auth.guard import system_session
    from orken.reference.loader import load_reference
    engine = make_engine(url)
    migrate.upgrade(engine)
    with system_session(engine, "bench") as s:
        load_reference(s)
    start, cpu = time.perf_counter(), time.process_time()
    from orken.auth.guard import system_context
    from orken.io.importer import run_import
    with system_context("bench"):  # as the command line runs it
        report = run_import(engine, "projects", xlsx)
    rows = report.created
    if kind == "orken-again":  # the same file a second time, into the registry the first import made
        first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        with system_context("bench"):
            again = run_import(engine, "projects", xlsx)
        assert (again.created, again.updated, again.unchanged) == (0, 0, report.created), again.as_dict()
        rows = again.unchanged
else:
    import pandas as pd
    from sqlalchemy import create_engine
    df = pd.read_excel(xlsx, header=2)
    df.to_sql("projects_raw", create_engine(url), index=False, chunksize=5000)
    rows = len(df)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
if kind == "orken-again":
    extra = {"first": first, "first_cpu": first_cpu}
print(json.dumps({**extra, "rows": rows, "seconds": seconds, "cpu": cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_file(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Проекты")
    ws.append(["Перечень проектов Карты индустриализации"])
    ws.append([])
    ws.append(["Код проекта", "Наименование проекта", "Регион", "ОКЭД", "Статус", "Инвестиции, млн тенге",
               "Рабочие места", "Срок ввода", "Примечание"])
    for i in range(rows):
        ws.append([f"B-{i:06d}", f"Завод № {i}", REGIONS[i % len(REGIONS)], ["23.32", "24", "10.11", 25][i % 4],
                   STATUSES[i % len(STATUSES)], f"{i % 9000 + 1} {i % 1000:03d},5", str(i % 500),
                   f"{i % 28 + 1:02d}.{i % 12 + 1:02d}.{2020 + i % 8}", None if i % 3 else "примечание"])
    wb.save(path)


def run(kind: str, url: str, xlsx: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, url, str(xlsx)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


class Databases:
    """A fresh database per run: a SQLite file in ``tmp``, or a new database on one PostgreSQL server."""

    def __init__(self, engine: str, tmp: Path):
        self.engine, self.tmp, self.n, self.server = engine, tmp, 0, None

    def __enter__(self):
        if self.engine == "postgresql":
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from pgserver import PostgresServer

            self.server = PostgresServer()
            self.admin = self.server.start()
        return self

    def __exit__(self, *exc):
        if self.server is not None:
            self.server.stop()

    def fresh(self, kind: str) -> str:
        self.n += 1
        if self.server is None:
            return f"sqlite:///{self.tmp / f'{kind}-{self.n}.db'}"
        from sqlalchemy import create_engine, text

        name = f"bench_{kind}_{self.n}"
        admin = create_engine(self.admin, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return self.admin.rsplit("/", 1)[0] + "/" + name


def paired(dbs: Databases, xlsx: Path, repeat: int) -> tuple[dict, dict]:
    """Median seconds (and the largest peak) of ``repeat`` runs of pandas and Orken, interleaved."""
    import statistics

    runs: dict[str, list[dict]] = {"pandas": [], "orken": []}
    for _ in range(repeat):
        for kind in ("pandas", "orken"):
            runs[kind].append(run(kind, dbs.fresh(kind), xlsx))
    out = []
    for kind in ("pandas", "orken"):
        rs = runs[kind]
        out.append({"rows": rs[0]["rows"], "seconds": statistics.median(r["seconds"] for r in rs),
                    "cpu": statistics.median(r["cpu"] for r in rs),
                    "peak_mb": max(r["peak_mb"] for r in rs), "all": [round(r["seconds"], 2) for r in rs]})
    return out[0], out[1]


def again(dbs: Databases, xlsx: Path, repeat: int) -> dict:
    """Median seconds of ``repeat`` runs that import the file, then import it again into the registry the
    first made (every row unchanged): the second import against the first, in the same process."""
    import statistics

    rs = [run("orken-again", dbs.fresh("again"), xlsx) for _ in range(repeat)]
    med = {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu", "first", "first_cpu")}
    return {**med, "rows": rs[0]["rows"], "ratio": statistics.median(r["seconds"] / r["first"] for r in rs),
            "cpu_ratio": statistics.median(r["cpu"] / r["first_cpu"] for r in rs),
            "peak_mb": max(r["peak_mb"] for r in rs),
            "all": [(round(r["first"], 2), round(r["seconds"], 2)) for r in rs]}


def compare_rows(rows: int, engine: str = "sqlite", repeat: int = 1) -> list[dict]:
    """Rows for ``bench/compare.py``: Orken's validated import against pandas' raw copy, one size."""
    with tempfile.TemporaryDirectory() as tmp, Databases(engine, Path(tmp)) as dbs:
        tmp = Path(tmp)
        xlsx = tmp / f"projects-{rows}.xlsx"
        make_file(xlsx, rows)
        theirs, ours = paired(dbs, xlsx, repeat)
    return [{"group": "import", "case": f"{rows:,} rows xlsx → {engine}, seconds", "engine": engine,
             "orken": ours["seconds"], "reference_value": theirs["seconds"],
             "reference": "pandas read_excel + to_sql, no validation", "ratio": ours["seconds"] / theirs["seconds"],
             "unit": "s", "note": f"{ours['rows'] / ours['seconds']:.0f} rows/s, peak {ours['peak_mb']:.0f} MB "
                                  f"(pandas {theirs['peak_mb']:.0f} MB); CPU {ours['cpu']:.1f} s against "
                                  f"{theirs['cpu']:.1f} s ({ours['cpu'] / theirs['cpu']:.2f})"}]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs per size (medians reported)")
    parser.add_argument("--again", action="store_true",
                        help="also import each file a second time (all rows unchanged): ratio to the first import "
                             "of the same run")
    parser.add_argument("--only-again", action="store_true", help="the second import only (no pandas pairs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Databases(args.engine, Path(tmp)) as dbs:
        tmp = Path(tmp)
        print(f"{'rows':>8} {'tool':>7} {'seconds':>9} {'rows/s':>8} {'peak MB':>8} {'ratio':>6} {'CPU s':>6} "
              f"{'ratio':>6}  runs ({args.engine})")
        for n in args.rows:
            xlsx = tmp / f"projects-{n}.xlsx"
            started = time.perf_counter()
            make_file(xlsx, n)
            print(f"# {xlsx.name}: {xlsx.stat().st_size / 1e6:.1f} MB, written in {time.perf_counter() - started:.0f} s")
            if not args.only_again:
                theirs, ours = paired(dbs, xlsx, args.repeat)
                for kind, r in (("pandas", theirs), ("orken", ours)):
                    ratio = f"{ours['seconds'] / theirs['seconds']:.2f}" if kind == "orken" else ""
                    cpu_ratio = f"{ours['cpu'] / theirs['cpu']:.2f}" if kind == "orken" else ""
                    print(f"{n:>8} {kind:>7} {r['seconds']:>9.1f} {r['rows'] / r['seconds']:>8.0f} "
                          f"{r['peak_mb']:>8.0f} {ratio:>6} {r['cpu']:>6.1f} {cpu_ratio:>6}  {r['all']}", flush=True)
            if args.again or args.only_again:  # the ratio is to the first import of the same process
                r = again(dbs, xlsx, args.repeat)
                print(f"{n:>8} {'again':>7} {r['seconds']:>9.1f} {r['rows'] / r['seconds']:>8.0f} {r['peak_mb']:>8.0f} "
                      f"{r['ratio']:>6.2f} {r['cpu']:>6.1f} {r['cpu_ratio']:>6.2f}  (first, again) {r['all']}",
                      flush=True)


if __name__ == "__main__":
    main()
