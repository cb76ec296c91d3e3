"""The installed ``orken`` command (``orken.cli:main``) on a database that was never set up: one line
saying what to do, exit status 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys


def test_a_database_without_tables_is_explained_not_a_traceback(tmp_path):
    env = {**os.environ, "ORKEN_DATABASE_URL": f"sqlite:///{tmp_path / 'never-set-up.db'}", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "orken.cli", "projects", "list"], env=env, capture_output=True,
                          text=True, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "orken setup" in said and "never-set-up.db" in said
    assert "Traceback" not in said and "sqlite3" not in said
