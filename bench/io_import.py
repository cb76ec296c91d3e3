"""Spreadsheet import: time and peak memory for 10,000 and 100,000 rows, against a reference.

    .venv/bin/python bench/io_import.py [--rows 10000 100000]

For each size one .xlsx file of projects is generated (Russian headers, local number formats,
regions by name); then, each in a fresh process on a fresh SQLite database:

- ``orken``: ``orken.io.importer.run_import`` — streaming read, validation of every cell, writes
  through the registry services with the change log, one transaction;
- ``pandas``: ``pandas.read_excel`` + ``DataFrame.to_sql`` of the raw sheet into one table (no
  validation, no reference look-ups, no change log): the floor of "just copy it in".

Peak memory is the process's maximum resident set size. Needs the ``bench`` extra (pandas).
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
kind, db, xlsx = sys.argv[1], sys.argv[2], Path(sys.argv[3])
start = time.perf_counter()
if kind == "orken":
    from orken.db import migrate
    from orken.db.engine import make_engine
    from orken.auth.guard import system_session
    from orken.reference.loader import load_reference
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    with system_session(engine, "bench") as s:
        load_reference(s)
    start = time.perf_counter()
    from orken.auth.guard import system_context
    from orken.io.importer import run_import
    with system_context("bench"):  # as the command line runs it
        report = run_import(engine, "projects", xlsx)
    rows = report.created
else:
    import pandas as pd
    from sqlalchemy import create_engine
    df = pd.read_excel(xlsx, header=2)
    df.to_sql("projects_raw", create_engine(f"sqlite:///{db}"), index=False, chunksize=5000)
    rows = len(df)
seconds = time.perf_counter() - start
print(json.dumps({"rows": rows, "seconds": seconds,
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


def run(kind: str, db: Path, xlsx: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(db), str(xlsx)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare_rows(rows: int) -> list[dict]:
    """Rows for ``bench/compare.py``: Orken's validated import against pandas' raw copy, one size."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        xlsx = tmp / f"projects-{rows}.xlsx"
        make_file(xlsx, rows)
        theirs = run("pandas", tmp / "pandas.db", xlsx)
        ours = run("orken", tmp / "orken.db", xlsx)
    return [{"group": "import", "case": f"{rows:,} rows xlsx → SQLite, seconds", "engine": "sqlite",
             "orken": ours["seconds"], "reference_value": theirs["seconds"],
             "reference": "pandas read_excel + to_sql, no validation", "ratio": ours["seconds"] / theirs["seconds"],
             "unit": "s", "note": f"{ours['rows'] / ours['seconds']:.0f} rows/s, peak {ours['peak_mb']:.0f} MB "
                                  f"(pandas {theirs['peak_mb']:.0f} MB)"}]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"{'rows':>8} {'tool':>7} {'seconds':>9} {'rows/s':>8} {'peak MB':>8}")
        for n in args.rows:
            xlsx = tmp / f"projects-{n}.xlsx"
            started = time.perf_counter()
            make_file(xlsx, n)
            print(f"# {xlsx.name}: {xlsx.stat().st_size / 1e6:.1f} MB, written in {time.perf_counter() - started:.0f} s")
            for kind in ("pandas", "orken"):
                r = run(kind, tmp / f"{kind}-{n}.db", xlsx)
                print(f"{n:>8} {kind:>7} {r['seconds']:>9.1f} {r['rows'] / r['seconds']:>8.0f} {r['peak_mb']:>8.0f}",
                      flush=True)


if __name__ == "__main__":
    main()
