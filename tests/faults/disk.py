"""A small disk that really fills up: a tmpfs of a few megabytes (we run as root in CI and in the
dev container), or, where mounting is refused, SQLite's own size limit (``PRAGMA max_page_count``),
which fails writes with the real SQLITE_FULL error of a full disk.

``ORKEN_TEST_FULL_DISK=pagecount`` forces the second way (to test it where tmpfs works).
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

#: runs ``orken`` with every SQLite connection limited to ORKEN_TEST_MAX_PAGES pages
LIMITED_ORKEN = """
import os, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "connect")
def _limit(dbapi_connection, _record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.execute(f"PRAGMA max_page_count = {int(os.environ['ORKEN_TEST_MAX_PAGES'])}")

from orken.cli import app
sys.argv[0] = "orken"
app()
"""


class SmallDisk:
    def __init__(self, root: Path, size: int):
        self.root, self.size, self.mounted = root, size, False
        self.max_pages: int | None = None  # set when the page-count limit stands in for the tmpfs

    def mount(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.environ.get("ORKEN_TEST_FULL_DISK") == "pagecount":
            return
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.size}", "tmpfs", str(self.root)],
                              capture_output=True)
        self.mounted = done.returncode == 0

    def limit_database(self, db: Path, extra: int) -> None:
        """Without a tmpfs: let the database grow by about ``extra`` bytes only."""
        if not self.mounted:
            import sqlite3

            with sqlite3.connect(db) as conn:
                pages, size = conn.execute("PRAGMA page_count").fetchone()[0], conn.execute("PRAGMA page_size").fetchone()[0]
            self.max_pages = pages + extra // size

    def grow(self, size: int) -> None:
        """Free space: make the disk bigger (or lift the page limit)."""
        if self.mounted:
            subprocess.run(["mount", "-o", f"remount,size={size}", str(self.root)], check=True)
        self.max_pages = None

    def orken(self, *args: str, env: dict, file_limit: int | None = None) -> subprocess.CompletedProcess:
        """Run ``orken``; ``file_limit``: without a tmpfs, no file it writes may grow past that
        (RLIMIT_FSIZE, with SIGXFSZ ignored so that the write fails with EFBIG)."""
        env = {**os.environ, "PYTHONPATH": os.getcwd(), "COLUMNS": "200", **env}
        limit = None
        if file_limit is not None and not self.mounted:
            def limit():
                import resource
                import signal

                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
        if self.max_pages is not None:
            env["ORKEN_TEST_MAX_PAGES"] = str(self.max_pages)
            cmd = [sys.executable, "-c", LIMITED_ORKEN, *args]
        else:
            cmd = [str(Path(sys.executable).with_name("orken")), *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, preexec_fn=limit)

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.root)], check=False)
            self.mounted = False


@contextmanager
def small_disk(root: Path, size: int):
    disk = SmallDisk(root, size)
    disk.mount()
    try:
        yield disk
    finally:
        disk.unmount()
