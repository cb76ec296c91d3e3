"""Large public downloads kept on disk per registry generation: the second download is a file send.

An export (CSV, XLSX, GeoJSON, OC4IDS) or a briefing (PDF, XLSX) of the public view is written once
to a file named by the registry *generation* (``orken.web.cache.generation``: it changes with every
write to the registry, from any process) and what was asked (format, filter, language, day). The
next request for the same thing, while the registry has not changed, is answered from that file.
Files of older generations are removed when a newer one is written.

Only what the public sees is kept: a request that carries a principal (internal fields, reports
the caller may read) or a scoped filter is written to a temporary file of its own and removed once
sent. ``ORKEN_CACHE_DIR`` names the folder (share it between the workers of one database); by
default each process keeps its own under the system's temporary folder, removed when it exits.
``ORKEN_FILE_CACHE=off`` writes every download afresh.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

import orken
from orken.web import cache

ENABLED = os.environ.get("ORKEN_FILE_CACHE", "on").lower() not in {"off", "0", "no", "false"}
#: files of other generations younger than this are left (one may still be being sent)
GRACE_SECONDS = 120
#: at most this many files are kept; the oldest go first
MAX_FILES = 200

_lock = threading.Lock()
_dirs: dict[str, Path] = {}
hits = 0
misses = 0


def _folder(session: Session) -> Path:
    engine = cache._engine(session)
    ident = hashlib.sha256(engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    with _lock:
        folder = _dirs.get(ident)
        if folder is None:
            root = os.environ.get("ORKEN_CACHE_DIR")
            if root:
                folder = Path(root) / ident
            else:
                folder = Path(tempfile.mkdtemp(prefix="orken-files-"))
                atexit.register(shutil.rmtree, folder, True)
            folder.mkdir(parents=True, exist_ok=True)
            _dirs[ident] = folder
        return folder


def _tmp(suffix: str, folder: Path | None = None) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False, dir=folder)
    handle.close()
    return Path(handle.name)


def _prune(folder: Path, generation: str) -> None:
    now = time.time()
    try:
        files = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime)
    except OSError:
        return
    keep = []
    for p in files:
        try:
            old = now - p.stat().st_mtime > GRACE_SECONDS
        except OSError:
            continue
        if old and (not p.name.startswith(generation + "-") or p.name.startswith("tmp")):
            p.unlink(missing_ok=True)
        else:
            keep.append(p)
    for p in keep[:-MAX_FILES]:
        p.unlink(missing_ok=True)


def file_for(session: Session, what: tuple, suffix: str, build: Callable[[Path], object],
             public: bool) -> tuple[Path, bool]:
    """(the file answering ``what``, whether it is temporary: remove it once sent). ``build(path)``
    writes the file; it is called only when no file of this generation answers ``what`` yet."""
    global hits, misses
    generation = cache.generation(session) if public and ENABLED else None
    if generation is None:
        path = _tmp(suffix)
        try:
            build(path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path, True
    folder = _folder(session)
    gen = hashlib.sha256(repr(generation).encode()).hexdigest()[:12]
    name = hashlib.sha256(repr((orken.__version__, what)).encode()).hexdigest()[:32]  # an upgrade builds afresh
    path = folder / f"{gen}-{name}{suffix}"
    if path.exists():
        hits += 1
        return path, False
    misses += 1
    part = _tmp(suffix, folder)
    try:
        build(part)
        os.replace(part, path)  # atomic: a reader sees the whole file or none
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    _prune(folder, gen)
    return path, False
