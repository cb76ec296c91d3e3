"""The soak harness (bench/soak.py) runs end to end, and its lost-update check has teeth.

Each test starts the real thing, on each engine: a throw-away PostgreSQL server (or a SQLite file), the schema, reference data and
the sample, users with tokens, ``orken serve`` as a subprocess, and concurrent httpx clients.
Short runs (seconds, a few clients): this keeps the harness from rotting; the minutes-long soak
is ``make soak``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def soak(*args: str, engine: str = "postgresql") -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "160"}
    database = os.environ.get("ORKEN_TEST_POSTGRES_URL")
    extra = ["--engine", engine] + (["--database", database] if database and engine == "postgresql" else [])
    return subprocess.run([sys.executable, str(ROOT / "bench" / "soak.py"), *args, *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("engine", ["postgresql", "sqlite"])
def test_a_short_soak_passes_every_check(engine):
    run = soak("--seconds", "12", "--clients", "8", "--counters", "3", engine=engine)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    for check in ("PASS no errors", "PASS no lost update", "PASS change log = acknowledged writes", "memory flat"):
        assert check in out, out
    assert "FAIL" not in out
    for kind in ("read: list", "page: project", "counter increment"):  # the most frequent kinds of the mix
        assert kind in out, out


@pytest.mark.parametrize("engine", ["postgresql", "sqlite"])
def test_clients_without_the_version_check_are_caught_losing_updates(engine):
    """Increments sent without the version read overwrite each other: the soak must say so and fail."""
    run = soak("--seconds", "8", "--clients", "8", "--counters", "1", "--mix", "counters", "--unsafe-writes",
               engine=engine)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "FAIL no lost update" in out, out
    assert "PASS no errors" in out, out  # it failed for the lost updates, not for something else
