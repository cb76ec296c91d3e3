"""A small disk that really fills up: a tmpfs of a few megabytes (we run as root in CI and in the
dev container), or, where mounting is refused, SQLite's own size limit (``PRAGMA max_page_count``),
which fails writes with the real SQLITE_FULL error of a full disk.

``ORKEN_TEST_FULL_DISK=pagecount`` forces the second way (to test it where tmpfs works).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from tests.faults.server import code_path

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
    """A disk with ``room`` bytes free beside the files put on it (``place``)."""

    def __init__(self, root: Path):
        self.root, self.mounted = root, False
        self.max_pages: int | None = None  # set when the page-count limit stands in for the tmpfs
        self.root.mkdir(parents=True, exist_ok=True)

    def place(self, files: list[Path], room: int, database: Path | None = None) -> None:
        """Mount a tmpfs just big enough for ``files`` plus ``room`` and move them onto it; where
        mounting is refused, the ``database`` (a SQLite file among them) may grow by ``room`` only."""
        sizes = sum(f.stat().st_size for f in files)
        if os.environ.get("ORKEN_TEST_FULL_DISK") != "pagecount":
            size = sizes + room + 64 * 1024
            done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(self.root)],
                                  capture_output=True, check=False)
            self.mounted = done.returncode == 0
        for f in files:
            shutil.move(str(f), self.root / f.name)
        if not self.mounted and database is not None:
            import sqlite3

            with sqlite3.connect(self.root / database.name) as conn:
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            self.max_pages = pages + room // page_size

    def grow(self, size: int) -> None:
        """Free space: make the disk bigger (or lift the page limit)."""
        if self.mounted:
            subprocess.run(["mount", "-o", f"remount,size={size}", str(self.root)], check=True)
        self.max_pages = None

    def orken(self, *args: str, env: dict, file_limit: int | None = None) -> subprocess.CompletedProcess:
        """Run ``orken``; ``file_limit``: without a tmpfs, no file it writes may grow past that
        (RLIMIT_FSIZE, with SIGXFSZ ignored so that the write fails with EFBIG)."""
        env = {**os.environ, "PYTHONPATH": code_path(), "COLUMNS": "200", **env}
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
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, preexec_fn=limit, check=False)

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.root)], check=False)
            self.mounted = False


def settle(db: Path) -> None:
    """Fold a SQLite database's WAL into its file, so that the file alone is the database (the
    last connection to close removes the emptied WAL)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@contextmanager
def small_disk(root: Path):
    disk = SmallDisk(root)
    try:
        yield disk
    finally:
        disk.unmount()
