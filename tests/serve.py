"""``orken serve`` in a subprocess on a free loopback port, with the environment a test gives it.

The subprocess runs the code under test (this checkout's ``src``, whatever is installed), with
``--workers`` and settings such as ``ORKEN_TRUSTED_PROXIES`` as an operator would set them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

import orken

SRC = str(Path(orken.__file__).resolve().parents[1])
ROOT = str(Path(__file__).resolve().parents[1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def orken_serve(database_url: str, log: Path, *args: str, timeout: float = 90, **env: str):
    """Start ``orken serve --port P *args`` with ``env`` added; yield its base URL; stop it after."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ORKEN_TRUSTED", "ORKEN_METRICS",
                                                                            "PROMETHEUS_MULTIPROC"))}
    environment.update({"ORKEN_DATABASE_URL": database_url, "PYTHONPATH": os.pathsep.join([SRC, ROOT]), **env})
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-c", "from orken.cli import app; app()", "serve", "--port", str(port), *args],
                                env=environment, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, f"the server exited: {log.read_text()[-3000:]}"
            try:
                if httpx.get(base + "/api/v1/auth/me", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"the server did not answer: {log.read_text()[-3000:]}"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
