"""A real Orken server in a subprocess (``orken serve``) on a free port, for the fault tests.

The tests kill it, restart it and restart its database; this module only starts, stops and waits.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine

from orken.db import migrate
from orken.auth.guard import system_session

ORKEN = str(Path(sys.executable).with_name("orken"))


def code_path() -> str:
    """PYTHONPATH for a subprocess: the caller's first (a worktree's ``src``), so that it runs the code under
    test and not the editable install's; then the repository root (``tests``)."""
    return os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), os.getcwd()]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(engine: Engine) -> None:
    """Migrate an empty database and load the reference data, as ``orken setup`` would."""
    from orken.reference.loader import load_reference

    migrate.upgrade(engine)
    with system_session(engine, "tests") as session:
        load_reference(session)


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


class Server:
    """``orken serve`` on ``database_url``; ``start()`` returns once it answers."""

    def __init__(self, database_url: str, log: Path):
        self.database_url, self.log = database_url, log
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        env = {**os.environ, "ORKEN_DATABASE_URL": self.database_url, "PYTHONPATH": code_path()}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([ORKEN, "serve", "--port", str(self.port)], env=env, stdout=log,
                                         stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the server exited: {self.log.read_text()[-3000:]}"
            try:
                if httpx.get(self.base + "/api/v1/regions", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not answer within {timeout} s: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing, like a power cut of the process."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
