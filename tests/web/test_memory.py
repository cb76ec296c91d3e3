"""``orken serve`` limits glibc's malloc arenas and fixes its mmap threshold (``orken.web.memory``).

The effect itself (resident memory flat over minutes of load) is what ``make soak`` checks; here,
that the settings are applied, reach worker processes through the environment, and never
override what the operator set.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest
import uvicorn
from typer.testing import CliRunner

from orken.cli import app as cli
from orken.web import memory

GLIBC = platform.libc_ver()[0] == "glibc"
PROBE = "import json, os; from orken.web.memory import limit_fragmentation as f; " \
        "print(json.dumps([f(), {k: os.environ.get(k) for k in ('MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_')}]))"


def probe(**env) -> tuple[dict, dict]:
    clean = {k: v for k, v in os.environ.items() if k not in memory.SETTINGS}
    out = subprocess.run([sys.executable, "-c", PROBE], env={**clean, **env}, capture_output=True, text=True,
                         check=True)
    applied, environ = json.loads(out.stdout)
    return applied, environ


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_both_settings_are_applied_and_passed_on_to_workers():
    applied, environ = probe()
    assert applied == {"MALLOC_ARENA_MAX": 2, "MALLOC_MMAP_THRESHOLD_": 131072}
    assert environ == {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


def test_what_the_operator_set_wins():
    applied, environ = probe(MALLOC_ARENA_MAX="4")
    assert "MALLOC_ARENA_MAX" not in applied
    assert environ["MALLOC_ARENA_MAX"] == "4"
    assert environ["MALLOC_MMAP_THRESHOLD_"] == "131072"


def test_serve_applies_them_before_the_server_starts(monkeypatch):
    for variable in memory.SETTINGS:
        monkeypatch.setenv(variable, "")  # recorded, so that the test's changes are undone
        monkeypatch.delenv(variable)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(
        {k: os.environ.get(k) for k in memory.SETTINGS}))
    result = CliRunner().invoke(cli, ["serve", "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert seen == {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}
