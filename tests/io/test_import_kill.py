"""A kill in the middle of an import leaves the database exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from orken.db.models import ChangeRecord, Project
from orken.auth.guard import system_session
from orken.registry import projects
from orken.registry.schemas import ProjectCreate
from tests.faults.server import code_path

SCRIPT = """
import sys
from pathlib import Path
from orken.db.engine import make_engine
from orken.auth.guard import system_context
from orken.io.importer import run_import

def progress(done, total):
    print("ROWS", done, flush=True)

with system_context("cli"):  # as the orken command runs it
    run_import(make_engine(sys.argv[1]), "projects", Path(sys.argv[2]), progress=progress)
print("FINISHED", flush=True)
"""


def test_killed_import_changes_nothing(engine, tmp_path):
    with system_session(engine, "tests") as session:
        projects.create(session, ProjectCreate(name={"ru": "Уже был"}, region_kato="550000000"), "test")
    rows = 4000
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("ID;Наименование;Регион;Инвестиции, млн тенге;Статус\n")
        for i in range(rows):
            f.write(f"K-{i};Завод {i};Павлодарская область;{i},5;строительство\n")
    url = engine.url.render_as_string(hide_password=False)
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, url, str(path)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": code_path()})
    done = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line and "FINISHED" not in line, "the import ended before it could be killed"
        done = int(line.split()[1])
        if done >= 1200:  # several batches of rows have been flushed to the database by now
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL and done >= 1200
    with system_session(engine, "tests") as session:
        assert session.scalar(select(func.count()).select_from(Project)) == 1
        assert session.scalar(select(func.count()).select_from(ChangeRecord)) == 1
        # and the database is usable at once: no lock left behind
        projects.create(session, ProjectCreate(name={"ru": "После"}, region_kato="550000000"), "test")
